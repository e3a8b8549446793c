"""NumberField: numbers are parsed strictly, refused with a reason, never clamped."""
import pytest
from PySide6.QtCore import Qt

from netsim.panels.number_field import MINUS, NumberField, format_number, parse_number


@pytest.mark.parametrize("text, value", [
    ("0.75", 0.75), ("-2", -2.0), (" .5 ", 0.5), ("3e-2", 0.03), ("+1.", 1.0),
    (f"{MINUS}1.5", -1.5), ("1000", 1000.0),
])
def test_numbers_are_read(text, value):
    assert parse_number(text, -1000, 1000) == value


@pytest.mark.parametrize("text, words", [
    ("abc", "is not a number"),
    ("", "Type a number"),
    ("nan", "not a finite number"),
    ("-inf", "not a finite number"),
    ("1e999", "too large"),
    ("1001", "out of range"),
    ("-1000.5", "out of range"),
    ("0,5", "use a dot"),
    ("1_000", "is not a number"),
    ("0x10", "is not a number"),
])
def test_what_is_not_a_number_in_range_is_refused_with_a_reason(text, words):
    with pytest.raises(ValueError, match=words):
        parse_number(text, -1000, 1000, "weight")


def test_formatting_keeps_six_decimals_and_never_hides_a_small_number():
    assert format_number(0.25) == "0.250000"
    assert format_number(-1.5) == f"{MINUS}1.500000"
    assert format_number(-0.0) == "0.000000"
    assert float(format_number(3e-9).replace(MINUS, "-")) == 3e-9


@pytest.fixture
def field(qtbot):
    f = NumberField(-10, 10, "weight")
    qtbot.addWidget(f)
    f.set_value(0.25)
    f.show()
    return f


def retype(qtbot, field, text):
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_typing_commits_a_valid_number(qtbot, field):
    with qtbot.waitSignal(field.committed) as blocker:
        retype(qtbot, field, "-3.5")
    assert blocker.args == [-3.5]


def test_typing_nonsense_is_refused_and_the_value_comes_back(qtbot, field):
    committed = []
    field.committed.connect(committed.append)
    with qtbot.waitSignal(field.refused) as blocker:
        retype(qtbot, field, "12")
    assert "out of range" in blocker.args[0]
    assert field.text() == "0.250000" and committed == []


def test_the_same_number_or_no_typing_commits_nothing(qtbot, field):
    seen = []
    field.committed.connect(seen.append)
    field.refused.connect(seen.append)
    retype(qtbot, field, "0.25000")
    qtbot.keyClick(field, Qt.Key.Key_Return)  # nothing typed since
    assert seen == []


def test_escape_goes_back(qtbot, field):
    qtbot.keyClicks(field, "99")
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert field.text() == "0.250000" and not field.is_editing()


def test_mixed_is_blank(field):
    field.set_value(None)
    assert field.text() == "" and field.placeholderText() == "mixed" and field.value() is None

import pytest
from PySide6.QtGui import QColor, QPalette

from netsim.canvas import style


@pytest.mark.parametrize("weight, text", [
    (0.15, "0.15"), (20.0, "20"), (-1.5, "\u22121.5"), (0.0, "0"), (0.1234567, "0.123"),
    (-12.34567, "\u221212.346"), (2.5e-5, "2.5e\u22125"), (12345.0, "1.2e4"),
])
def test_format_weight(weight, text):
    assert style.format_weight(weight) == text


def test_width_grows_with_magnitude_and_is_clamped():
    widths = [style.weight_width(w) for w in (0.0, 0.1, 0.5, 1.0, 3.0, 100.0)]
    assert widths == sorted(widths)
    assert widths[0] == pytest.approx(style.ARROW_MIN_WIDTH)
    assert widths[-1] == pytest.approx(style.ARROW_MAX_WIDTH)
    assert style.weight_width(-2.0) == style.weight_width(2.0)


def light_and_dark():
    light, dark = QPalette(), QPalette()
    light.setColor(QPalette.ColorRole.Base, QColor("white"))
    light.setColor(QPalette.ColorRole.Text, QColor("black"))
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e6e6e6"))
    return light, dark


def test_sign_colours(qapp):
    for palette in light_and_dark():
        pos = style.weight_color(1.0, palette)
        neg = style.weight_color(-1.0, palette)
        zero = style.weight_color(0.0, palette)
        assert pos.blue() > pos.red()  # blue-ish
        assert neg.red() > neg.blue()  # orange
        assert max(zero.red(), zero.green(), zero.blue()) - min(zero.red(), zero.green(), zero.blue()) < 10


def test_fills_follow_the_palette(qapp):
    light, dark = light_and_dark()
    for role in ("input", "bias", "hidden", "output"):
        assert style.role_fill(role, light).lightness() > 180
        assert style.role_fill(role, dark).lightness() < 90

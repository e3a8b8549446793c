from PySide6.QtGui import QKeySequence

from netsim.canvas import tools
from netsim.canvas.tools import ToolActions


def test_one_checkable_exclusive_action_per_tool(qapp):
    t = ToolActions()
    assert [a.text() for a in t.actions] == ["Select/Move", "Add Input", "Add Hidden",
                                             "Add Output", "Add Bias", "Connect"]
    assert [a.data() for a in t.actions] == list(tools.TOOLS)
    assert all(a.isCheckable() and a.actionGroup() is t.group for a in t.actions)
    assert t.group.isExclusive()
    assert t.current == tools.SELECT and t.action(tools.SELECT).isChecked()
    assert all(not a.icon().isNull() for a in t.actions)


def test_shortcuts_and_tooltips_name_the_key(qapp):
    t = ToolActions()
    keys = {a.data(): [s.toString() for s in a.shortcuts()] for a in t.actions}
    assert keys == {"select": ["V", "Esc"], "add_input": ["I"], "add_hidden": ["H"],
                    "add_output": ["O"], "add_bias": ["B"], "connect": ["C"]}
    assert t.action(tools.SELECT).toolTip() == "Select/Move (V, Esc)"
    assert t.action(tools.CONNECT).toolTip() == "Connect (C)"
    assert t.action(tools.ADD_BIAS).statusTip() == "Click on the canvas to place a bias neuron"
    assert t.action(tools.ADD_INPUT).shortcut() == QKeySequence("I")


def test_set_current_and_tool_changed(qapp):
    t = ToolActions()
    seen = []
    t.tool_changed.connect(seen.append)
    t.set_current(tools.CONNECT)
    t.set_current(tools.CONNECT)  # no change, no signal
    t.action(tools.ADD_HIDDEN).trigger()
    t.action(tools.ADD_HIDDEN).trigger()  # exclusive: stays checked
    assert t.action(tools.ADD_HIDDEN).isChecked()
    assert seen == [tools.CONNECT, tools.ADD_HIDDEN]
    assert t.current == tools.ADD_HIDDEN
    assert [a.isChecked() for a in t.actions].count(True) == 1


def test_hints():
    assert tools.hint(tools.ADD_INPUT) == "Click on the canvas to place an input neuron"
    assert tools.hint(tools.ADD_OUTPUT) == "Click on the canvas to place an output neuron"
    assert "Drag from a neuron" in tools.hint(tools.CONNECT)

"""Shared set-up of the panel tests: a panel shown on a document, its status messages kept."""


def show_panel(qtbot, panel, doc, size=(320, 520)):
    """`panel` following `doc`, shown at `size` and exposed; its status messages (if it
    sends any) collected in panel.statuses."""
    qtbot.addWidget(panel)
    panel.set_document(doc)
    panel.resize(*size)
    panel.show()
    qtbot.waitExposed(panel)
    if hasattr(panel, "status"):
        panel.statuses = []
        panel.status.connect(panel.statuses.append)
    return panel

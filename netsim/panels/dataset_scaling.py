"""The Dataset dock's input scaling: standardise or min-max scale the inputs, or remove
the scaling, each one SetDataset undo step. The table keeps showing the raw values; the
network (training, stepping, outputs, eval) sees the scaled ones. A mixin of DatasetDock.
"""
from __future__ import annotations

from PySide6.QtWidgets import QMenu, QPushButton

from netsim.engine.scaling import METHOD_NAMES, METHODS

BUTTON_TEXT = {None: "Scaling: None", "standardise": "Scaling: Standardised",
               "minmax": "Scaling: Min-Max"}
ACTION_TEXT = {"standardise": "Standardise Inputs: (x \u2212 mean) / std",
               "minmax": "Min-Max Scale Inputs: (x \u2212 min) / (max \u2212 min)"}
UNDO_TEXT = {"standardise": "Standardise the inputs", "minmax": "Min-max scale the inputs"}


class ScalingControls:
    def _build_scaling(self) -> None:
        self.scaling_button = QPushButton(BUTTON_TEXT[None])
        self.scaling_button.setToolTip(
            "Scale the inputs the network sees; the table keeps the values as given. "
            "Computed from the training rows, a column that never changes is divided by 1")
        menu = QMenu(self)
        self.scaling_actions = {}
        for method in METHODS:
            action = menu.addAction(ACTION_TEXT[method])
            action.triggered.connect(lambda _=False, m=method: self.scale_inputs(m))
            self.scaling_actions[method] = action
        menu.addSeparator()
        action = menu.addAction("Remove Scaling")
        action.triggered.connect(lambda _=False: self.scale_inputs(None))
        self.scaling_actions[None] = action
        self.scaling_button.setMenu(menu)

    def _update_scaling(self) -> None:
        dataset = self.doc.dataset if self.doc is not None else None
        method = dataset.scaling.method if dataset is not None and dataset.scaling else None
        self.scaling_button.setText(BUTTON_TEXT[method])
        self.scaling_button.setEnabled(dataset is not None)
        self.scaling_actions[None].setEnabled(method is not None)

    def scale_inputs(self, method: str | None) -> None:
        """Scale the inputs by `method` ("standardise", "minmax"; None: remove it)."""
        dataset = self.doc.dataset if self.doc is not None else None
        if dataset is None:
            return
        if method is None:
            if dataset.scaling is None:
                return
            self._push(dataset.with_scaling(None), "Remove the input scaling")
            self.status.emit("The network now sees the inputs as given")
            return
        try:
            scaled = dataset.scaled(method)
        except ValueError as e:
            self.refuse(f"Cannot scale the inputs: {e}")
            return
        self._push(scaled, UNDO_TEXT[method])
        self.status.emit(f"The network now sees the inputs {METHOD_NAMES[method]}; the table "
                         "shows them as given")

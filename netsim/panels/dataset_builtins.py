"""The Dataset dock's Built-in menu: truth tables, NOT, n-bit parity, 1-D functions to
fit, and the shipped iris and digits data.

Each item replaces the dataset with one SetDataset command, fitted to the network's
input and output neurons; data whose shape does not fit the network is refused with one
line naming both shapes. A mixin of DatasetSources (dataset_sources.py).
"""
from __future__ import annotations

from PySide6.QtWidgets import QMenu

from netsim.engine.datasets import (FUNCTIONS, PARITY_BITS, TRUTH_TABLES, fit_columns,
                                    function_points, not_table, parity)
from netsim.engine.text import readable
from netsim.io.shipped import SHIPPED, shipped

FUNCTION_POINTS = 50  # points of a function to fit, from the menu


class BuiltinSources:
    def _build_builtin_menu(self) -> QMenu:
        menu = QMenu(self)
        self.builtin_actions = {}

        def add(to: QMenu, key: str, text: str, load) -> None:
            action = to.addAction(text)
            action.triggered.connect(lambda _=False: load())
            self.builtin_actions[key] = action

        for name in TRUTH_TABLES:
            add(menu, name, f"{name} truth table", lambda n=name: self.load_truth_table(n))
        add(menu, "NOT", "NOT (one input)", self.load_not)
        bits = menu.addMenu("Parity")
        for n in PARITY_BITS:
            add(bits, f"parity {n}", f"{n} bits ({2 ** n:,} rows)",
                lambda n=n: self.load_parity(n))
        fits = menu.addMenu("Function to Fit")
        for kind, (_, _, name) in FUNCTIONS.items():
            add(fits, kind, name, lambda k=kind: self.load_function(k))
        menu.addSeparator()
        for key, (_, title, _) in SHIPPED.items():
            add(menu, key, title, lambda k=key: self.load_shipped(k))
        return menu

    def _load_columns(self, x, y, text: str, what: str, image=None) -> bool:
        """Push the columns as the dataset, or refuse when they do not fit."""
        try:
            dataset = fit_columns(self.doc.network, x, y, image)
        except ValueError as e:
            self.refuse(f"Cannot load {what}: {e}")
            return False
        self._push(dataset, text)
        self.status.emit(f"Loaded {what}: {len(dataset)} rows onto "
                         f"{self._few(dataset.inputs, 'inputs')} \u2192 "
                         f"{self._few(dataset.targets, 'outputs')}")
        return True

    def _few(self, ids, noun: str) -> str:
        """The neurons' names, or how many there are when there are more than four."""
        return self._names(ids) if len(ids) <= 4 else f"{len(ids)} {noun}"

    def load_not(self) -> None:
        self._load_columns(*not_table(), "Load NOT", "NOT")

    def load_parity(self, bits: int) -> None:
        self._load_columns(*parity(bits), f"Load {bits}-bit parity", f"{bits}-bit parity")

    def load_function(self, kind: str, n: int = FUNCTION_POINTS, noise: float = 0.0,
                      seed: int = 0) -> None:
        name = FUNCTIONS[kind][2].split(" (")[0]
        lo, hi = FUNCTIONS[kind][1]
        self._load_columns(*function_points(kind, n, noise, seed), f"Load {name}",
                           f"{name} from {readable(lo, 3)} to {readable(hi, 3)}")

    def load_shipped(self, key: str) -> None:
        data = shipped(key)
        try:
            classes, y = data.one_hot()
        except ValueError as e:  # the shipped files are checked by the tests; still
            self.refuse(f"Cannot load {data.title}: {e}")
            return
        self._load_columns(data.x, y, f"Load {data.title}",
                           f"{data.title}, {len(classes)} classes", data.image)

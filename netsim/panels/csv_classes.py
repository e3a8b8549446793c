"""Importing a CSV file with a class column: its classes become one-hot targets on one
output neuron per class. When the network has no such outputs, the dock offers to make
them: a softmax group in place of the outputs (engine/class_group.py), created together
with the dataset as one undo step. A mixin of DatasetSources, which provides `doc`,
`refuse`, `_push` and `_names`.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QMessageBox

from netsim.document.commands import AddNeuron, Connect, Delete
from netsim.document.dataset_commands import SetDataset
from netsim.engine.class_group import GroupPlan, plan_group
from netsim.engine.dataset import Dataset
from netsim.engine.network import Connection
from netsim.engine.onehot import ClassData, class_outputs
from netsim.plaintext import guessed


def group_note(network, group: GroupPlan) -> str:
    """What creating the group does, in one sentence."""
    count = len(group.neurons)
    text = f"Creates a softmax group of {count} output neurons, one per class"
    if group.removed:
        names = ", ".join(network.neurons[nid].name for nid in group.removed)
        text += f", in place of {names}"
    return text + "."


class ClassImport:
    def _class_targets(self, data: ClassData, name: str):
        """(dataset, classes, group plan or None) for class data, or None when refused or
        declined."""
        net = self.doc.network
        classes, y = data.one_hot()  # checked when the file was read
        outputs = class_outputs(net, classes)
        group = None
        if outputs is None:
            have = len(net.ids("output"))
            if not self.ask_softmax_group(classes, have):
                self.refuse(f"Cannot import {name}: {len(classes)} classes need "
                            f"{len(classes)} output neurons, one per class; the network "
                            f"has {have}")
                return None
            try:
                group = plan_group(net, classes)
            except ValueError as e:
                self.refuse(f"Cannot import {name}: {e}")
                return None
            outputs = group.outputs
        dataset = Dataset(list(data.columns), outputs, np.column_stack([data.x, y]),
                          image=data.image)
        return dataset, classes, group

    def _import(self, dataset: Dataset, group: GroupPlan | None, text: str) -> None:
        """Push the dataset, with the softmax group first when there is one: one step."""
        if group is None:
            self._push(dataset, text)
            return
        self.clear_message()
        stack = self.doc.undo_stack
        stack.beginMacro(text)
        if group.removed:
            stack.push(Delete(self.doc, group.removed))
        for neuron in group.neurons:
            stack.push(AddNeuron(self.doc, neuron))
        for c in group.connections:
            stack.push(Connect(self.doc, Connection(c.source, c.target, c.weight)))
        stack.push(SetDataset(self.doc, dataset, text))
        stack.endMacro()

    # ---- questions (tests replace these) --------------------------------------------
    def ask_class_column(self, column: str) -> bool:
        """Whether to read the column `column` (of numbers, naming no neuron) as classes."""
        answer = QMessageBox.question(
            self, "Import CSV",
            guessed(f"Column \u201c{column}\u201d names no neuron of the network. Read it as "
                    f"the class of each row (one target per class)?"))
        return answer == QMessageBox.StandardButton.Yes

    def ask_softmax_group(self, classes: list[str], outputs: int) -> bool:
        """Whether to create one softmax output per class in place of the outputs."""
        answer = QMessageBox.question(
            self, "Import CSV",
            guessed(f"The file has {len(classes)} classes; the network has {outputs} output "
                    f"neuron{'s' if outputs != 1 else ''}. Create a softmax group of "
                    f"{len(classes)} output neurons, one per class, labelled with the class "
                    f"names, in place of the outputs?"))
        return answer == QMessageBox.StandardButton.Yes

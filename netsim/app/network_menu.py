"""The Network menu: Add Layer, Connect Selected, Auto Layout, Randomize Weights, Validate.

Each action turns into undo commands on the document's stack, as one undo step, and says
what it did on `status`. The planning (which neurons, where, which connections) is done by
the plain functions below, which read the network and change nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from ..document.commands import AddNeuron, Connect, Delete, SetPositions, SetWeights
from ..engine.activations import GROUP_ACTIVATIONS
from ..engine.init import initial_weights
from ..engine.layout import COLUMN_SPACING, ROW_SPACING, auto_layout, image_of
from ..engine.network import SOURCE_ROLES, Connection, Network, NetworkError, Neuron
from ..panels.activation_rules import LONE, group
from ..panels.edits import names
from ..plaintext import guessed
from . import network_checks, network_dialogs
from .network_dialogs import LayerSpec, RandomizeSpec

PREFIXES = {"hidden": "h", "output": "y", "input": "x", "bias": "b"}
SAME_COLUMN = 40.0  # neurons whose x positions differ by less share a column


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


# ---- planning (no Qt) --------------------------------------------------------------------
def positions(network: Network) -> dict[str, tuple[float, float]]:
    """Where each neuron is drawn: its position, or auto_layout's for those without one."""
    missing = any(n.position is None for n in network.neurons.values())
    layout = auto_layout(network) if missing else {}
    return {nid: tuple(n.position) if n.position is not None else layout[nid]
            for nid, n in network.neurons.items()}


def previous_layer(network: Network, pos: dict, skip=("bias",)) -> list[str]:
    """The neurons of the right-most column, leaving out the roles in `skip`."""
    ids = [nid for nid, n in network.neurons.items() if n.role not in skip]
    if not ids:
        return []
    right = max(pos[nid][0] for nid in ids)
    return [nid for nid in ids if right - pos[nid][0] < SAME_COLUMN]


def default_sources(network: Network, pos: dict, role: str) -> list[str]:
    """What a new layer is fed from when nothing is selected: a hidden layer from the last
    layer before the outputs (the outputs stay last), an output layer from the right-most
    column; input and bias layers from nothing."""
    if role in SOURCE_ROLES:
        return []
    if role == "hidden":
        return previous_layer(network, pos, ("bias", "output")) or previous_layer(network, pos)
    return previous_layer(network, pos)


def fed_targets(network: Network, sources: list[str]) -> list[str]:
    """What a hidden layer put after `sources` feeds in their place: every neuron the
    sources feed, except the sources themselves and those that lead back to a source
    (feeding those would close a cycle)."""
    chosen = set(sources)
    fed = {c.target for s in sources for c in network.outgoing(s)} - chosen
    back, stack = set(), list(chosen)  # everything that reaches a source
    while stack:
        for c in network.incoming(stack.pop()):
            if c.source not in back:
                back.add(c.source)
                stack.append(c.source)
    return [nid for nid in network.neurons if nid in fed and nid not in back]


def fresh_ids(network: Network, prefix: str, count: int, taken=()) -> list[str]:
    """`count` ids prefix1, prefix2, ... that are neither in the network nor in `taken`."""
    used, out, i = set(network.neurons) | set(taken), [], 1
    while len(out) < count:
        if f"{prefix}{i}" not in used:
            out.append(f"{prefix}{i}")
        i += 1
    return out


@dataclass(frozen=True)
class LayerPlan:
    """What Add Layer does: neurons and connections to add, connections it replaces and
    neurons it moves right to make room."""
    neurons: list[Neuron]
    connections: list[Connection]
    removed: list[tuple[str, str]] = field(default_factory=list)
    moved: dict[str, tuple[float, float]] = field(default_factory=dict)


def plan_layer(network: Network, spec: LayerSpec, sources: list[str]) -> LayerPlan:
    """The neurons and connections of a new layer, fed by `sources`.

    A hidden layer that feeds (spec.feed) goes between the sources and what they feed
    (fed_targets): in a new column COLUMN_SPACING right of the sources, the neurons
    further right move right by as much, and the sources' connections to the targets
    are replaced by the new layer's. Otherwise the layer is a new column COLUMN_SPACING
    right of the right-most neuron (input and bias layers go left of the left-most).
    Either way it is centred on the network's vertical middle. An optional bias neuron
    sits below it, half a column to the left. Connections go from every source (then the
    bias) into each new neuron, then from each new neuron to each target; weights are
    zero, or drawn from U(-scale, scale) with the seed, in that order.
    """
    pos = positions(network)
    computes = spec.role not in SOURCE_ROLES
    feeds = spec.role == "hidden" and spec.connect and spec.feed
    targets = fed_targets(network, sources) if feeds and sources else []
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    moved: dict[str, tuple[float, float]] = {}
    if not pos:
        x, middle = 0.0, (spec.count - 1) * ROW_SPACING / 2
    else:
        middle = (min(ys) + max(ys)) / 2
        if targets:
            left = max(pos[nid][0] for nid in sources)
            x = left + COLUMN_SPACING
            moved = {nid: (px + COLUMN_SPACING, py) for nid, (px, py) in pos.items()
                     if px - left >= SAME_COLUMN}
        else:
            x = max(xs) + COLUMN_SPACING if computes else min(xs) - COLUMN_SPACING
    top = middle - (spec.count - 1) * ROW_SPACING / 2
    ids = fresh_ids(network, PREFIXES[spec.role], spec.count)
    activation = spec.activation if computes else None
    neurons = [Neuron(nid, spec.role, activation, None, (x, top + i * ROW_SPACING))
               for i, nid in enumerate(ids)]
    if not computes:
        return LayerPlan(neurons, [])
    feeders = list(sources) if spec.connect else []
    if spec.bias:
        bias = fresh_ids(network, PREFIXES["bias"], 1, taken=ids)[0]
        neurons.append(Neuron(bias, "bias", None, None,
                              (x - COLUMN_SPACING / 2, top + spec.count * ROW_SPACING)))
        feeders.append(bias)
    keys = [(s, t) for t in ids for s in feeders] + [(s, t) for s in ids for t in targets]
    if spec.random:
        weights = np.random.default_rng(spec.seed).uniform(-spec.scale, spec.scale, len(keys))
    else:
        weights = np.zeros(len(keys))
    removed = [c.key for c in network.connections if c.source in sources and c.target in targets]
    return LayerPlan(neurons, [Connection(s, t, float(w)) for (s, t), w in zip(keys, weights)],
                     removed, moved)


def layer_refusal(network: Network, spec: LayerSpec, sources: list[str]) -> str | None:
    """Why the layer `spec` fed from `sources` may not be added, or None: the engine's
    reason (softmax on a hidden layer, a softmax output feeding the layer), asked on a
    copy of the neurons alone, or that a softmax group would have one output."""
    if spec.role in SOURCE_ROLES:
        return None
    feeders = sources if spec.connect else []
    softmax = spec.activation in GROUP_ACTIVATIONS
    if not softmax and not any(network.neurons[s].activation in GROUP_ACTIVATIONS
                               for s in feeders):
        return None
    trial = Network({nid: Neuron(nid, n.role, n.activation, n.label)
                     for nid, n in network.neurons.items()})
    ids = fresh_ids(network, PREFIXES[spec.role], spec.count)
    try:
        for nid in ids:
            trial.add_neuron(nid, spec.role, spec.activation)
    except NetworkError as e:
        return str(e)
    for source in feeders:
        reason = trial.refusal(source, ids[0])
        if reason:
            return reason
    if softmax and len(group(trial)) == 1:
        return LONE.format(name=ids[0])
    return None


def all_to_all(network: Network, ids: list[str], pos: dict) -> tuple[list[tuple[str, str]], list[str]]:
    """Connections from every neuron of `ids` to every one further right (by x, then by
    topological order), as (made, refusals): what may be made, and why the rest may not."""
    rank = {nid: i for i, nid in enumerate(network.topological_order())}
    order = sorted(ids, key=lambda nid: (pos[nid][0], rank[nid]))
    trial = network.copy()
    made, refused = [], []
    for i, source in enumerate(order):
        for target in order[i + 1:]:
            if pos[target][0] - pos[source][0] < SAME_COLUMN:
                continue  # one column: neither comes first
            reason = trial.refusal(source, target)
            if reason:
                refused.append(reason)
            else:
                trial.connect(source, target)
                made.append((source, target))
    return made, refused


# ---- the menu ----------------------------------------------------------------------------
class NetworkMenu(QObject):
    status = Signal(str)

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.doc = None
        self.scene = None
        # The dialogs, replaceable (tests answer them without showing a window).
        self.ask_layer = network_dialogs.ask_layer
        self.ask_randomize = network_dialogs.ask_randomize
        self.menu = QMenu("&Network", window)
        self.add_layer_action = self._add(
            "Add &Layer\u2026", self._on_add_layer_triggered, "Ctrl+L",
            "Add a column of neurons, fully connected from the selection or the last layer")
        self.connect_action = self._add(
            "&Connect Selected (All to All)", self._on_connect_triggered, None,
            "Connect every selected neuron to every selected neuron further right")
        self.menu.addSeparator()
        self.layout_action = self._add(
            "&Auto Layout", self._on_layout_triggered, None, "Place the neurons in columns by layer")
        self.randomize_action = self._add(
            "&Randomize Weights\u2026", self._on_randomize_triggered, None,
            "Give every trainable connection a random weight from a seed")
        self.menu.addSeparator()
        self.validate_action = self._add(
            "&Validate", self._on_validate_triggered, None, "Check the network for a learner")
        self.set_document(None)

    def __repr__(self) -> str:
        return f"NetworkMenu({self.doc!r})"

    def _add(self, text: str, slot, shortcut: str | None, tip: str) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.menu.addAction(action)
        return action

    def set_document(self, doc) -> None:
        self.doc = doc
        for action in self.menu.actions():
            action.setEnabled(doc is not None)

    def set_scene(self, scene) -> None:
        """The scene whose selection() the actions use."""
        self.scene = scene

    def selected_neurons(self) -> list[str]:
        if self.scene is None or self.doc is None:
            return []
        return [nid for nid in self.scene.selection()[0] if nid in self.doc.network.neurons]

    def _say(self, text: str) -> None:
        self.status.emit(text)

    # ---- actions -------------------------------------------------------------------
    def _on_add_layer_triggered(self) -> None:
        net = self.doc.network
        pos = positions(net)
        selected = self.selected_neurons()

        def sources_for(role: str) -> list[str]:
            return selected or default_sources(net, pos, role)

        def describe(role: str) -> tuple[str, str]:
            """What the dialog says the layer is fed from, and what it would feed."""
            sources = sources_for(role)
            if selected:
                fed_from = f"{self._names(sources)} (selected)"
            elif sources:
                where = "the last layer before the outputs" if role == "hidden" \
                    else "the right-most column"
                fed_from = f"{self._names(sources)} ({where})"
            else:
                fed_from = "nothing yet: the network is empty" if not net.neurons else "nothing"
            targets = fed_targets(net, sources) if role == "hidden" else []
            feeds = (f"{self._names(targets)}, in place of {self._names(sources)}"
                     if targets else "")
            return fed_from, feeds

        def refuse(spec: LayerSpec) -> str | None:
            return layer_refusal(net, spec, sources_for(spec.role))

        spec = self.ask_layer(self.window, describe, refuse)
        if spec is None:
            return
        reason = refuse(spec)
        if reason:
            self._say(f"No layer added: {reason}")
            return
        plan = plan_layer(net, spec, sources_for(spec.role))
        stack = self.doc.undo_stack
        stack.beginMacro(f"Add layer of {plural(spec.count, spec.role + ' neuron')}")
        if plan.moved:
            stack.push(SetPositions(self.doc, plan.moved, "Make room for the layer"))
        if plan.removed:
            stack.push(Delete(self.doc, [], plan.removed))
        for neuron in plan.neurons:
            stack.push(AddNeuron(self.doc, neuron))
        for c in plan.connections:
            stack.push(Connect(self.doc, c))
        stack.endMacro()
        text = (f"Added {plural(len(plan.neurons), 'neuron')} and "
                f"{plural(len(plan.connections), 'connection')}")
        if plan.removed:
            text += f"; they replace {plural(len(plan.removed), 'connection')}"
        self._say(text)

    def _names(self, ids: list[str]) -> str:
        """Neurons as the canvas shows them: by label, else by id."""
        return names([self.doc.network.neurons[nid].name for nid in ids])

    def _on_connect_triggered(self) -> None:
        ids = self.selected_neurons()
        if len(ids) < 2:
            self._say("Select two or more neurons to connect them all to all")
            return
        net = self.doc.network
        made, refused = all_to_all(net, ids, positions(net))
        if made:
            stack = self.doc.undo_stack
            stack.beginMacro(f"Connect {plural(len(made), 'pair')} of selected neurons")
            for key in made:
                stack.push(Connect(self.doc, Connection(*key, 0.0)))
            stack.endMacro()
        text = f"Made {plural(len(made), 'connection')} (weight 0)"
        if refused:
            text += f"; skipped {len(refused)}, e.g. {refused[0]}"
        elif not made:
            text = "Nothing to connect: the selected neurons are all in one column"
        self._say(text)

    def _on_layout_triggered(self) -> None:
        net = self.doc.network
        layout = auto_layout(net, *image_of(self.doc.dataset))
        new = {nid: layout[nid] for nid in net.neurons}  # in the network's order
        if all(net.neurons[nid].position == pos for nid, pos in new.items()):
            self._say("The neurons are already laid out")
            return
        self.doc.undo_stack.push(SetPositions(self.doc, new, "Auto layout"))
        self._say(f"Laid out {plural(len(new), 'neuron')} in columns")

    def _on_randomize_triggered(self) -> None:
        net = self.doc.network
        if not net.connections:
            self._say("There are no connections to randomize")
            return
        training = self.doc.file.training
        spec = self.ask_randomize(self.window, RandomizeSpec(training.init, training.init_scale, 0))
        if spec is None:
            return
        weights = initial_weights(net, spec.method, spec.scale, spec.seed)
        text = f"Randomize weights ({spec.method}, seed {spec.seed})"
        self.doc.undo_stack.push(SetWeights(
            self.doc, {c.key: w for c, w in zip(net.connections, weights)}, text))
        frozen = sum(not c.trainable for c in net.connections)
        self._say(text + (f"; {plural(frozen, 'frozen connection')} kept" if frozen else ""))

    def _on_validate_triggered(self) -> None:
        net, dataset = self.doc.network, self.doc.dataset
        found = network_checks.findings(net, dataset)
        if not found:
            text = f"The network is valid: {network_checks.summary(net, dataset)}"
            QMessageBox.information(self.window, "Validate", guessed(text))
            self._say(text)
            return
        listing = "\n".join(f"\u2022 {line}" for line in found)
        QMessageBox.warning(self.window, "Validate",
                            guessed(f"Found {plural(len(found), 'problem')}:\n\n{listing}"))
        self._say(f"Validate: {plural(len(found), 'problem')}; {found[0]}")

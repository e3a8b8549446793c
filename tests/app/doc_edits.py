"""An edit to a document as the editor would make it (through its undo stack), for the
document lifecycle tests."""
from netsim.document.commands import SetWeight

KEY = ("x1", "h1")  # a connection of the XOR worked example


def edit(window, weight=0.875):
    """Change the weight x1 -> h1 of the shown document; the document."""
    doc = window.document
    doc.undo_stack.push(SetWeight(doc, KEY, weight))
    return doc


def weight(doc_or_file):
    """The weight x1 -> h1 of a document or a loaded network file."""
    return doc_or_file.network.connection(*KEY).weight

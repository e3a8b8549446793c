"""The editable document and its undo commands."""
from .document import Change, Document

__all__ = ["Change", "Document"]

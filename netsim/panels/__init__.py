"""Dock widgets: inspector, undo history and (later) dataset, training, equations."""

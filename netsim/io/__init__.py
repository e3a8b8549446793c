"""Reading and writing netsim files: .netsim networks (JSON) and CSV datasets. Never Qt."""
from .csvdata import load_csv, save_csv
from .fileformat import (FORMAT_VERSION, MAX_FILE_SIZE, FormatError, NetworkFile, dumps,
                         load, loads, save)

__all__ = ["FORMAT_VERSION", "MAX_FILE_SIZE", "FormatError", "NetworkFile", "dumps", "load",
           "load_csv", "loads", "save", "save_csv"]

"""Write resources/data/iris.csv and resources/data/digits.csv from scikit-learn's copies
of the UCI data sets. Run once, by hand, in a scratch environment that has scikit-learn:

    python3 -m venv /tmp/skl && /tmp/skl/bin/pip install scikit-learn
    /tmp/skl/bin/python packaging/extract_datasets.py

netsim itself never imports scikit-learn: it reads the CSV files this script wrote
(netsim/io/shipped.py). Sources, licence and citations: resources/data/SOURCES.md.
"""
from __future__ import annotations

import csv
from pathlib import Path

from sklearn.datasets import load_digits, load_iris

DATA = Path(__file__).resolve().parents[1] / "resources" / "data"
IRIS_COLUMNS = ["sepal_length", "sepal_width", "petal_length", "petal_width", "species"]


def _number(value: float) -> str:
    # The files hold whole numbers (digits) and one-decimal centimetres (iris): write
    # the shortest text that reads back as the same float, without a trailing ".0".
    value = float(value)
    return str(int(value)) if value.is_integer() else repr(value)


def _write(path: Path, header: list[str], x, labels, names) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        for row, label in zip(x, labels):
            writer.writerow([_number(v) for v in row] + [names[int(label)]])


def main() -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    iris = load_iris()
    _write(DATA / "iris.csv", IRIS_COLUMNS, iris.data, iris.target, list(iris.target_names))
    digits = load_digits()
    pixels = [f"r{r}c{c}" for r in range(8) for c in range(8)]  # row-major 8 x 8
    _write(DATA / "digits.csv", pixels + ["digit"], digits.data, digits.target,
           [str(d) for d in range(10)])


if __name__ == "__main__":
    main()

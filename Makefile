# Every target sets itself up: a fresh clone needs only `make run` or `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.netsim-installed

.PHONY: run test bench package docs-images setup clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip setuptools wheel
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

# netsim first checks which system libraries Qt's X11 plugin lacks and says how to install them.
run: $(STAMP)
	$(VENV)/bin/netsim $(ARGS)

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q $(PYTEST_ARGS)

bench: $(STAMP)
	$(PY) benchmarks/run.py

# A one-folder desktop bundle in dist/netsim/, smoke-tested after it is built.
package: $(STAMP)
	$(PY) -m pip install --quiet 'pyinstaller>=6'
	$(PY) packaging/build_bundle.py

# The screenshots in README.md and docs/, taken from the app itself.
docs-images: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) docs/make_images.py

clean:
	rm -rf $(VENV) build dist *.egg-info

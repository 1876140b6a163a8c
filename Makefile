# Two commands on a fresh machine (python3 ≥ 3.11 and make are enough):
#   make demo   set up, then run the main job on the bundled sample sites (no network needed)
#   make test   set up (browser tools too, where this user may install them), then run the tests
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo run test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/python -m pipeline demo

run: $(VENV)/.installed
	$(BIN)/python -m pipeline run

test: $(VENV)/.installed
	bash tests/browser/setup.sh
	$(BIN)/ruff check pipeline tests bench scheduler.py
	$(BIN)/python -m pytest -p no:cacheprovider

bench: $(VENV)/.installed
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var output/*.xml output/*.json output/*.html output/*.css output/areas

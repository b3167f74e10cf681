# Two entry points: `make run` serves webhooks, `make test` runs every check CI runs.
VENV ?= .venv
HOST ?= 0.0.0.0
PORT ?= 8000

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev,serve]'
	touch $@

.PHONY: install run test test-lowest lint bench demo
install: $(VENV)/.installed

run: install
	$(VENV)/bin/coordinator serve --host $(HOST) --port $(PORT)

lint: install
	$(VENV)/bin/ruff check bot tests bench
	$(VENV)/bin/mypy bot

test: lint
	$(VENV)/bin/pytest

# The suite with every runtime dependency at its lowest allowed version (CI runs it after `test`).
test-lowest:
	.ci/test-lowest

demo: install
	$(VENV)/bin/coordinator demo

bench: install
	$(VENV)/bin/python bench/run.py

# Two entry points: `make run` serves webhooks, `make test` runs every check CI runs.
VENV ?= .venv
HOST ?= 0.0.0.0
PORT ?= 8000

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev,serve]'
	touch $@

.PHONY: install run test test-lowest lint bench demo score
install: $(VENV)/.installed

run: install
	$(VENV)/bin/coordinator serve --host $(HOST) --port $(PORT)

lint: install
	$(VENV)/bin/ruff check bot tests bench
	$(VENV)/bin/mypy --explicit-package-bases bot tests bench

# The plan reader on the real plans beside the checkout (../shared/plans-real): minimums are what main reaches.
PLANS_REAL ?= ../shared/plans-real
PLAN_SCORE ?= ../shared/tools/plan-score.py
PLAN_MINIMUMS ?= --min-recall 96 --min-precision 98 --min-agent 94 --min-dep-recall 81 --min-dep-precision 81 \
	--max-false-clarify 0 --min-thin-caught 100

test: lint
	$(VENV)/bin/pytest
	@if [ -d $(PLANS_REAL) ] && [ -f $(PLAN_SCORE) ]; then \
		$(VENV)/bin/python $(PLAN_SCORE) $(PLANS_REAL) --coordinator $(VENV)/bin/coordinator $(PLAN_MINIMUMS); \
	else echo "plan-score: $(PLANS_REAL) not found, real plans not scored"; fi

# The suite with every runtime dependency at its lowest allowed version (CI runs it after `test`).
test-lowest:
	.ci/test-lowest

demo: install
	$(VENV)/bin/coordinator demo

bench: install
	$(VENV)/bin/python bench/run.py

score: install
	$(VENV)/bin/python $(PLAN_SCORE) $(PLANS_REAL) --coordinator $(VENV)/bin/coordinator -v

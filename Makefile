# Every target creates the environment on a fresh machine first (Python 3.11, pip, no GPU).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Offline at run time: no model hub, no telemetry (research/stack.md).
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export TOKENIZERS_PARALLELISM := false

.PHONY: run test test-fast lint index bench eval train train-composer train-intent train-abstention clean node-deps

$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.11 or run 'make PYTHON=python3 ...'"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# torch==2.13.0 is pinned in pyproject.toml: a looser pin pulls a multi-GB CUDA build.
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m assistant index --if-missing
	$(BIN)/python -m assistant serve --host 127.0.0.1 --port 8000

# Python keeps the compiled modules and pytest its rewritten test modules (__pycache__, git-ignored) even where
# the environment says PYTHONDONTWRITEBYTECODE: without them every run compiles ~600 modules again (≈ 4 s of CPU).
test: $(STAMP) node-deps
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest

# axe-core for the browser accessibility tests (package.json, package-lock.json). Without npm the
# accessibility tests skip and say what to install.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

node-deps:
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory $(NODE_STAMP); \
	else echo "npm not found: the accessibility tests will skip (apt-get install -y nodejs npm)"; fi

# The edit-test loop: everything but the tests marked slow (corpus index, torch, live server, browser; ADR 0084),
# on two pytest-xdist workers, each with its own PostgreSQL database (JOBS=0: one process, for a debugger).
JOBS ?= 2
test-fast: $(STAMP)
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -m "not slow" -n $(JOBS)

lint: $(STAMP)
	$(BIN)/ruff check assistant api evals tests
	$(BIN)/ruff format --check assistant api evals tests
	$(BIN)/mypy

index: $(STAMP)
	$(BIN)/python -m assistant index

bench: $(STAMP)
	$(BIN)/python -m evals.bench

# The intent classifier of the guard and the router (ADR 0022): config/intent/examples.yaml + cues.yaml
# → config/intent/model.json, report.json, report.md.
train-intent: $(STAMP)
	$(BIN)/python -m assistant.intent.train

eval: $(STAMP)
	$(BIN)/python -m assistant index --if-missing
	$(BIN)/python -m evals run $(foreach f,$(wildcard evals/sets/*.jsonl),--set $(f)) --out reports/latest \
		--thresholds evals/thresholds.yaml

# Learned components: each trained from versioned data under config/, with a held-out report.
train: train-composer train-intent train-abstention

# The composer's sentence ranker (ADR 0010): label the dev sets' sentences, fit, report held-out figures.
train-composer: $(STAMP)
	$(BIN)/python -m assistant index --if-missing
	$(BIN)/python -m evals.train_composer

# The abstention classifier (ADR 0013): config/answer/abstention-examples.jsonl + abstention-extra.jsonl
# → config/answer/abstention-model.json, abstention-report.json, abstention-report.md (held out by group).
train-abstention: $(STAMP)
	$(BIN)/python -m evals.train_abstention

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache node_modules

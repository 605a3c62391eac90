# The two set-up commands of the README. Both create .venv on first use and install jiandu into it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: serve test install train corpus evaluate bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

serve: $(STAMP)
	$(VENV)/bin/jiandu serve --data $${JIANDU_DATA:-./data} --host $${HOST:-127.0.0.1} --port $${PORT:-8000}

test: $(STAMP)
	$(PY) -m pytest

train: $(STAMP)
	$(VENV)/bin/jiandu train all

corpus: $(STAMP)
	$(PY) -m corpus.build

evaluate: $(STAMP)
	$(PY) -m corpus.evaluate

bench: $(STAMP)
	$(PY) bench/parse.py

clean:
	rm -rf $(VENV) .pytest_cache

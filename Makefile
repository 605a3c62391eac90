# The two set-up commands of the README. Both create .venv on first use and install jiandu into it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: serve test install browser train corpus evaluate bench clean

PIP := $(PY) -m pip --disable-pip-version-check --quiet

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip
	$(PIP) install -e '.[test,ocr]'
	# rapidocr asks for opencv-python (GUI build); keep only the headless build, which owns cv2 alone
	$(PIP) uninstall -y opencv-python >/dev/null 2>&1 || true
	$(PIP) install --force-reinstall --no-deps opencv-python-headless
	touch $(STAMP)

browser:
	sh tests/browser_setup.sh

install: $(STAMP)

serve: $(STAMP)
	$(VENV)/bin/jiandu serve --data $${JIANDU_DATA:-./data} --host $${HOST:-127.0.0.1} --port $${PORT:-8000}

test: $(STAMP) browser
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

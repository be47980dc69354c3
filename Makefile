# Two commands on a fresh machine:  make demo   and   make test
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
OUTDIR := build

.PHONY: demo test install browser bench clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	# torch first, pinned: pip takes the CPU build from this machine's disk in seconds
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -r requirements.lock
	$(PY) -m pip install -q --no-deps -e .
	# the embedding model exported once to ONNX, into the venv (runs without torch; see nlp/models.py)
	$(PY) -m newsprism.nlp.export_onnx
	# the gazetteer's city table as a compact index, into the venv (see compare/gazetteer.py)
	$(PY) -c "from newsprism.compare.gazetteer import build_index; build_index()"
	touch $(STAMP)

install: $(STAMP)

# Debian's chromium for the browser tests (playwright cannot download browsers here); waits up to
# 10 minutes for another apt/dpkg process to release its lock instead of failing at once
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq chromium chromium-driver >/dev/null; \
	fi

demo: install
	$(VENV)/bin/newsprism analyze examples/story -o $(OUTDIR)/example-report.html

test: install browser
	$(PY) -m pytest -q -p no:cacheprovider

bench: install
	$(PY) bench/extraction.py
	$(PY) bench/contradictions.py
	$(PY) bench/summaries.py
	$(PY) bench/grouping.py
	$(PY) bench/speed.py

clean:
	rm -rf $(VENV) $(OUTDIR) .pytest_cache

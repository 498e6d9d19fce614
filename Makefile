# Set-up and everyday commands. `make run` serves the dashboard; `make test` checks lint and format
# (ruff, configured in pyproject.toml) and runs every test.
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test lint browser init clean

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

run: $(VENV)/.runtime
	$(PY) -m trajectories init
	$(PY) -m streamlit run dashboard.py --server.port $(PORT)

# Debian's chromium for the browser tests and chart images; installed when root and missing.
browser:
	@command -v chromium >/dev/null 2>&1 || [ "$$(id -u)" != "0" ] || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)
	@command -v chromium >/dev/null 2>&1 || echo "note: no chromium; browser tests will be skipped (apt-get install chromium)"

lint: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

test: lint browser
	$(PY) -m pytest

init: $(VENV)/.runtime
	$(PY) -m trajectories init

clean:
	rm -rf var test-artefacts .pytest_cache

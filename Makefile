# Two commands do all the set-up on a fresh machine (see README.md):
#   make site   build the site into site/ (creates .venv and installs what it needs)
#   make site BUILDER=zensical   the same site, built by Zensical instead of Material for MkDocs
#   make test   run the whole test suite, browser tests included
#   make serve  live preview: edits to data/, templates/ or calc/ show on the served page
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed
BUILDER ?= mkdocs

.PHONY: site serve test check clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/python -m calc build --builder $(BUILDER)

serve: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/python -m mkdocs serve

check: $(STAMP)
	$(VENV)/bin/python -m calc check

test: $(STAMP)
	bash tests/browser/ensure_chromium.sh
	$(VENV)/bin/python -m pytest -n 2

clean:
	rm -rf $(VENV) site

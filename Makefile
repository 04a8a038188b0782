# `make run` and `make test` are the two commands; `make install` is the set-up both share.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# WeasyPrint's libraries, the Vietnamese-complete Times-compatible font, gettext for the catalogues,
# pg_dump/pg_restore/psql for `manage.py backup` and `restore` on PostgreSQL; Tesseract with its
# Vietnamese model to read scanned evidence (dvcq/reading).
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 gettext \
	postgresql-client tesseract-ocr tesseract-ocr-vie
# redis-server: the several-servers test starts its own (tests/servers/).
TEST_SYSTEM_PACKAGES := chromium poppler-utils redis-server
# LibreOffice only to time the PDF export against (`make bench`); users never need it.
BENCH_SYSTEM_PACKAGES := libreoffice-writer-nogui
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

.PHONY: install install-test run test test-nobrowser lint format messages clean bench

install: $(VENV)/.installed $(MO_FILES)
	@mkdir -p var/static var/media var/tmp/uploads

$(VENV)/.installed: pyproject.toml
	@./scripts/ensure-system-packages $(SYSTEM_PACKAGES)
	@$(PYTHON) -c "import ensurepip" 2>/dev/null || ./scripts/ensure-system-packages python3-venv
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	@touch $@

%.mo: %.po
	msgfmt --check -o $@ $<

install-test: install
	@./scripts/ensure-system-packages $(TEST_SYSTEM_PACKAGES)

run: install
	@mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	@echo "DVCQ chạy tại http://127.0.0.1:8000, cùng một tiến trình chạy việc nền (Ctrl+C để dừng cả hai)"
	./scripts/run-with-worker $(BIN)/python 127.0.0.1:8000

test: install-test
	$(BIN)/ruff check .
	$(BIN)/pytest

# The suite without the browser tests (CI runs it on PostgreSQL after `make test` on SQLite).
test-nobrowser: install-test
	$(BIN)/pytest -m "not browser"

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Refresh the English catalogue after changing user-facing strings, then translate the new entries.
messages:
	$(MANAGE) makemessages -l en --no-obsolete --ignore '.venv/*' --ignore 'var/*'

clean:
	rm -rf $(VENV) var/static

# Renderer speed on the full annex, the reviewers' dashboard with 100 and 3,321 units, and server
# memory during a 100 MB upload (figures, not tests).
bench: install
	@./scripts/ensure-system-packages $(BENCH_SYSTEM_PACKAGES)
	$(BIN)/python bench/bench_reports.py
	$(BIN)/python bench/bench_dashboard.py
	$(BIN)/python bench/bench_bombs.py
	ALLOWED_HOSTS=127.0.0.1 $(BIN)/python bench/bench_upload.py --mb 100
	$(BIN)/python bench/bench_onboarding.py
	$(BIN)/python bench/bench_reader.py

# Shortcuts for the README's commands. `make check` runs exactly what CI runs (minus starting
# PostgreSQL, which .ci/run does first).
.PHONY: run test check fmt

run:
	scripts/run

test:
	scripts/test

check:
	scripts/test --postgres

fmt:
	.venv/bin/ruff format . && .venv/bin/ruff check --fix .

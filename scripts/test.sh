#!/usr/bin/env bash
# One command from a fresh clone: install kg with its dev tools, lint, run the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
.venv/bin/ruff check kg tests benchmarks
.venv/bin/python -m pytest -q "$@"

#!/usr/bin/env bash
# Create .venv and install kg with everything it needs (idempotent).
# Usage: bash scripts/setup.sh [--dev]
# pip's own output goes to .venv/install.log and is shown only when the install fails.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
log=.venv/install.log
pip_install() {
  if ! .venv/bin/python -m pip install --disable-pip-version-check "$@" >"$log" 2>&1; then
    cat "$log" >&2
    echo "setup: pip install $* failed (log above, also in $log)" >&2
    exit 1
  fi
}
pip_install --upgrade "pip>=25.1"
pip_install -e .
if [ "${1:-}" = "--dev" ]; then
  pip_install --group dev
fi
echo "setup: kg $(.venv/bin/python -c 'import kg; print(kg.__version__)') installed in .venv"

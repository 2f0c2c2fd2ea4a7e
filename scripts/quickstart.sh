#!/usr/bin/env bash
# One command from a fresh clone: install kg, build the graph from seeds/, run a saved query.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/kg ingest seeds/ --store kg-store
.venv/bin/kg stats --store kg-store
.venv/bin/kg query most-quoted --store kg-store

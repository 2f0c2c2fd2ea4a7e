#!/usr/bin/env bash
# One command from a fresh clone: install kg, build the graph from seeds/, run a saved query.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
articles=seeds
if ! compgen -G "seeds/*.txt" >/dev/null && ! compgen -G "seeds/*.html" >/dev/null \
   && ! compgen -G "seeds/*.jsonl" >/dev/null; then
  echo "quickstart: seeds/ holds no articles (see seeds/README.md);" \
       "building the graph from the sample articles in tests/fixtures/articles instead" >&2
  articles=tests/fixtures/articles
fi
.venv/bin/kg ingest "$articles" --store kg-store
.venv/bin/kg stats --store kg-store
.venv/bin/kg query most-quoted --store kg-store

#!/usr/bin/env bash
# Set up (see scripts/setup.sh) and run every check: ruff, mypy, the whole pytest suite
# (browser, PDF and installed-wheel tests included) and the smallest benchmark as a smoke test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
export PATH="$PWD/.venv/bin:$PATH"
echo "== ruff";  ruff check curriculum tests benchmarks scripts && ruff format --check curriculum tests benchmarks scripts
echo "== mypy";  mypy
echo "== pytest"; pytest -q -p no:cacheprovider
if [ -f benchmarks/run.py ]; then
  echo "== benchmark smoke test"; python benchmarks/run.py --smoke
fi

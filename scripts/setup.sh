#!/usr/bin/env bash
# Set up everything curriculum needs on a fresh Debian machine with Python 3.11 and pip:
# the system libraries WeasyPrint needs, a virtual environment in .venv, and the package.
#   bash scripts/setup.sh          # to use it
#   bash scripts/setup.sh --test   # also the test tools: pytest & co, Chromium, poppler-utils
# It says what it is doing at each step, and at the end how to run `curriculum`.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

need=()
# WeasyPrint renders with Pango (and HarfBuzz, fontconfig); it needs at least one font.
ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so' || need+=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b)
[ -n "$(fc-list 2>/dev/null | head -1)" ] || need+=(fontconfig fonts-dejavu-core)
if [ "$want_test" = 1 ]; then
  command -v chromium >/dev/null || need+=(chromium)
  command -v pdftoppm >/dev/null || need+=(poppler-utils)
fi
if [ "${#need[@]}" -gt 0 ]; then
  echo "setup: installing Debian packages: ${need[*]}"
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating the virtual environment .venv ($("$PY" --version 2>&1))"
  "$PY" -m venv .venv
fi
what="curriculum and the libraries it needs (WeasyPrint, pydantic, networkx...)"
[ "$want_test" = 1 ] && what="$what and the test tools"
echo "setup: installing $what into .venv with pip; the first time takes a minute or so..."
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip 2>&1 | grep -v '^WARNING: Location' || true
if [ "$want_test" = 1 ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]' 2>&1 | grep -v '^WARNING: Location' || true
else
  .venv/bin/python -m pip install -q --disable-pip-version-check -e . 2>&1 | grep -v '^WARNING: Location' || true
fi
.venv/bin/python -c "import curriculum.cli" # fail here, loudly, if the install did not work
cat <<'DONE'
setup: done. The command is .venv/bin/curriculum; to type just `curriculum`, as the README does,
put .venv/bin first on your PATH in each new shell:
    source .venv/bin/activate
    curriculum plan --goal ml-system-design --hours 5
DONE

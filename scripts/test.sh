#!/bin/sh
# Install everything the test suite needs (system packages included), check the code, and run the tests.
# Used by the README's test command and by .ci/run. Each step that fails makes the script fail:
# ruff (lint), mypy (types), the import-cycle check, then pytest (tests and doctests).
set -eu
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "scripts/test.sh: installing Debian's chromium for the HTML browser tests" >&2
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
        echo "scripts/test.sh: chromium not found and cannot apt-get it (not root); browser tests will skip" >&2
    fi
fi
python -m pip install -q -e '.[test]'
echo "scripts/test.sh: ruff check kgraph tests" >&2
python -m ruff check kgraph tests
echo "scripts/test.sh: mypy kgraph" >&2
python -m mypy kgraph
if [ -f scripts/check_imports.py ]; then
    echo "scripts/test.sh: python scripts/check_imports.py kgraph" >&2
    python scripts/check_imports.py kgraph
fi
exec python -m pytest "$@"

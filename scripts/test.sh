#!/bin/sh
# Install everything the test suite needs (system packages included) and run it.
# Used by the README's test command and by .ci/run.
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
exec python -m pytest "$@"

#!/usr/bin/env bash
# Prints the path of a virtualenv holding exactly synapse-requirements.txt, creating it first when
# it is missing. The virtualenv lives in the user's cache, keyed by the requirements' hash and the
# Python version, so a re-run of the suite reuses it; pip's own cache serves a re-creation.
# The end-to-end suite calls this in its set-up; run it by hand to pre-install.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
requirements="$here/synapse-requirements.txt"
python="${PYTHON:-python3}"

python_version="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
key="$(sha256sum "$requirements" | cut -c1-12)"
venv="${XDG_CACHE_HOME:-$HOME/.cache}/matrixmon/synapse-venv/py$python_version-$key"

if [ ! -x "$venv/bin/python" ] || [ ! -f "$venv/.complete" ]; then
  rm -rf "$venv"
  mkdir -p "$(dirname "$venv")"
  "$python" -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps --require-virtualenv \
    -r "$requirements" >&2
  "$venv/bin/python" -c 'import synapse, psycopg2, txredisapi' >&2
  touch "$venv/.complete"
fi
echo "$venv"

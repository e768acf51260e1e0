#!/usr/bin/env bash
# Generates the Python client from openapi/openapi.json with openapi-python-client
# (pinned), runs client_flow.py against a fresh server with it (no hand-edits),
# and type-checks the flow and the client with mypy (default settings: the
# generated code is not written for --strict). 0.26.2 is pinned: 0.29.1
# writes `Unset` without importing it for any operation with two body media types.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/server.sh"
python_tools openapi-python-client==0.26.2 ruff==0.13.3 mypy==2.4.1 types-python-dateutil==2.9.0.20261116
GEN="$WORK/gen"
mkdir -p "$GEN"
openapi-python-client generate --path "$ROOT/openapi/openapi.json" --meta none \
    --output-path "$GEN/client_safety_client" --overwrite
cp "$HERE/client_flow.py" "$GEN/"
(cd "$GEN" && python client_flow.py && mypy client_flow.py client_safety_client)

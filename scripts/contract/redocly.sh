#!/usr/bin/env bash
# `redocly lint` (pinned) on the committed OpenAPI document: fails on any error.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CONTRACT_TOOLS="${CONTRACT_TOOLS:-$HOME/.cache/client-safety-contract}"
REDOCLY_VERSION=2.77.0
if [ ! -x "$CONTRACT_TOOLS/npm/node_modules/.bin/redocly" ]; then
    npm install --silent --prefix "$CONTRACT_TOOLS/npm" "@redocly/cli@$REDOCLY_VERSION"
fi
"$CONTRACT_TOOLS/npm/node_modules/.bin/redocly" lint --format=stylish "$ROOT/openapi/openapi.json"

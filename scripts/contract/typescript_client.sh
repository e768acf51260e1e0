#!/usr/bin/env bash
# The second generated client: TypeScript types from openapi/openapi.json by
# openapi-typescript, calls through openapi-fetch (both pinned). client_flow.ts
# (the flow of client_flow.py, no hand-edits to anything generated) must pass
# `tsc --strict` and then run against a fresh server.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/server.sh"
TS="$CONTRACT_TOOLS/ts"
PINNED="openapi-typescript@7.13.0 openapi-fetch@0.17.0 typescript@5.9.3 @types/node@20.19.43"
if [ "$(cat "$TS/pinned" 2>/dev/null)" != "$PINNED" ]; then
    mkdir -p "$TS"
    # shellcheck disable=SC2086
    npm install --silent --no-fund --no-audit --prefix "$TS" $PINNED
    echo "$PINNED" >"$TS/pinned"
fi
GEN="$WORK/ts"
mkdir -p "$GEN"
ln -s "$TS/node_modules" "$GEN/node_modules"
"$TS/node_modules/.bin/openapi-typescript" "$ROOT/openapi/openapi.json" -o "$GEN/schema.d.ts" --silent
cp "$HERE/client_flow.ts" "$GEN/"
cat >"$GEN/package.json" <<'JSON'
{ "type": "module" }
JSON
cat >"$GEN/tsconfig.json" <<'JSON'
{
  "compilerOptions": {
    "strict": true, "noUncheckedIndexedAccess": true, "target": "ES2022",
    "module": "NodeNext", "moduleResolution": "NodeNext", "types": ["node"],
    "skipLibCheck": false, "outDir": "out"
  },
  "files": ["client_flow.ts"]
}
JSON
(cd "$GEN" && "$TS/node_modules/.bin/tsc" -p tsconfig.json && node out/client_flow.js)

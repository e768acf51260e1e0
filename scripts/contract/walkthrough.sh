#!/usr/bin/env bash
# Runs the README's curl walk-through as written, twice, against a fresh server
# started as the README says (SQLite under ./data of a temp dir, 127.0.0.1:8080,
# the demo data): the walk-through, the events/proposals block and the survey
# block, in one shell. Fails when a command fails or an answer is an error.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
(cd "$ROOT" && cargo build -q)
python3 - "$ROOT/README.md" >"$WORK/walk.sh" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
blocks = re.findall(r"```sh\n(.*?)```", text, re.S)
wanted = [b for b in blocks if "TOKEN=$(" in b or "EVENT=$(" in b or "SURVEY=$(" in b]
assert len(wanted) == 3, f"expected the three walk-through blocks, found {len(wanted)}"
# Every curl answer is checked: -s becomes -sf, so an HTTP error fails the run.
print("set -euo pipefail")
for b in wanted:
    print(b.replace("curl -s ", "curl -sf "))
PY
cd "$WORK"
RUST_LOG=warn "$ROOT/target/debug/client-safety" serve --demo >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
    curl -fsS http://127.0.0.1:8080/health/ready >/dev/null 2>&1 && break
    sleep 0.2
done
for run in 1 2; do
    echo "== README walk-through, run $run"
    bash "$WORK/walk.sh" >"$WORK/run-$run.out" || { tail -20 "$WORK/run-$run.out"; tail -20 "$WORK/server.log"; exit 1; }
done
echo "the README walk-through ran twice as written"

# Sourced by the contract checks: starts a fresh server (debug build, SQLite in
# a temp dir, or $DATABASE_URL when set) on a free port, creates an admin
# client, and exports B (base URL), ADMIN_ID, ADMIN_SECRET, ADMIN_TOKEN. The
# server and the temp dir go when the sourcing script exits.
# Tools are installed, pinned, under $CONTRACT_TOOLS (default ~/.cache/client-safety-contract).

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CONTRACT_TOOLS="${CONTRACT_TOOLS:-$HOME/.cache/client-safety-contract}"
mkdir -p "$CONTRACT_TOOLS"
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
BIN="$ROOT/target/debug/client-safety"

(cd "$ROOT" && cargo build -q)
export DATABASE_URL="${DATABASE_URL:-$WORK/contract.db}"
export JWT_SECRET="${JWT_SECRET:-$(head -c 48 /dev/urandom | base64)}"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
export BIND_ADDR="127.0.0.1:$PORT"
export B="http://$BIND_ADDR"
export RUST_LOG="${RUST_LOG:-warn}"

"$BIN" migrate >/dev/null
CREDS="$("$BIN" clients create --name contract-admin --role admin)"
ADMIN_ID="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["client_id"])' "$CREDS")"
ADMIN_SECRET="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["client_secret"])' "$CREDS")"
export ADMIN_ID ADMIN_SECRET

"$BIN" serve --demo >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
    curl -fsS "$B/health/ready" >/dev/null 2>&1 && break
    sleep 0.2
done
curl -fsS "$B/health/ready" >/dev/null || { cat "$WORK/server.log" >&2; echo "server did not start" >&2; exit 1; }
ADMIN_TOKEN="$(curl -fsS -X POST "$B/api/v1/auth/token" \
    -d "grant_type=client_credentials&client_id=$ADMIN_ID&client_secret=$ADMIN_SECRET" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')"
export ADMIN_TOKEN

# A pinned Python tool set in its own venv under $CONTRACT_TOOLS.
python_tools() {
    local venv="$CONTRACT_TOOLS/venv"
    if [ ! -x "$venv/bin/python" ]; then
        python3 -m venv "$venv"
    fi
    "$venv/bin/pip" install -q "$@"
    export PATH="$venv/bin:$PATH"
}

#!/usr/bin/env bash
# Opens the responses export in a real spreadsheet program (Gnumeric's
# ssconvert, Debian package `gnumeric`; not in CI: it pulls in a desktop's
# libraries) and checks what an analyst would see: hostile free text stays
# text (no formula runs), and the `dialect=excel` file (BOM, `;`) comes out
# in its columns with ä/ö/å intact. A control file with the same text left
# raw shows that the program does run formulas from CSV.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
command -v ssconvert >/dev/null || { echo "ssconvert is needed: apt-get install -y gnumeric" >&2; exit 1; }
source "$HERE/server.sh"
api() { curl -fsS -H "Authorization: Bearer $ADMIN_TOKEN" "$@"; }
json_id() { python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'; }
SURVEY="$(api -X POST "$B/api/v1/surveys" -H 'Content-Type: application/json' -d '{"code": "spreadsheet-check",
  "kind": "feedback", "title": {"fi": "CSV"}, "status": "open",
  "questions": [{"code": "free", "type": "text", "text": {"fi": "Vapaa sana"}}]}' | json_id)"
HOSTILE=('=1+1' '=HYPERLINK("http://evil.example","klikkaa")' '+2+3' '-4+5' '@SUM(6,7)' 'Hyvä öljy ja åsna')
for text in "${HOSTILE[@]}"; do
    body="$(python3 -c 'import json,sys; print(json.dumps({"area": "hus", "answers": {"free": sys.argv[1]}}))' "$text")"
    api -X POST "$B/api/v1/surveys/$SURVEY/responses" -H 'Content-Type: application/json' -d "$body" >/dev/null
done
api -H 'Accept: text/csv' "$B/api/v1/surveys/$SURVEY/responses" >"$WORK/rfc4180.csv"
api -H 'Accept: text/csv' "$B/api/v1/surveys/$SURVEY/responses?dialect=excel" >"$WORK/excel.csv"
printf 'free\r\n=1+1\r\n' >"$WORK/control.csv"
for f in rfc4180 excel control; do
    ssconvert --export-type=Gnumeric_stf:stf_csv "$WORK/$f.csv" "$WORK/$f.seen.csv" 2>/dev/null
done
python3 "$HERE/spreadsheet_check.py" "$WORK" "${HOSTILE[@]}"

"""Reads what the spreadsheet program made of the exports (values, as shown)
and fails unless every hostile text is shown as typed, in its own column,
with nothing evaluated. Run by spreadsheet.sh: argv = work dir, texts."""

import csv
import sys
from pathlib import Path

work, texts = Path(sys.argv[1]), sys.argv[2:]


def seen(name: str) -> list[list[str]]:
    with open(work / f"{name}.seen.csv", newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


control = seen("control")
assert control[1] == ["2"], f"the control formula should run in the spreadsheet: {control}"
for name in ["rfc4180", "excel"]:
    rows = seen(name)
    header = rows[0]
    assert header[:2] == ["id", "survey_id"] and header[-1] == "free", f"{name}: columns {header}"
    assert all(len(r) == len(header) for r in rows), f"{name}: a row is not in the header's columns"
    shown = [r[-1] for r in rows[1:]]
    for text in texts:
        # Shown as typed; a neutralised cell may keep its leading apostrophe.
        assert text in shown or f"'{text}" in shown, f"{name}: {text!r} not shown as typed in {shown}"
    print(f"{name}: {len(rows) - 1} rows in {len(header)} columns, every text shown as typed: {shown}")
print("spreadsheet check passed: no formula ran, ä/ö/å intact, columns right")

"""`opmkt track import` of large exports: records written as ruamel would write them, with a
fixed amount of YAML work whatever the number of rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from opmkt.io import yamledit, yamlio
from opmkt.io.yamledit import Record, render, render_with_ruamel
from tests.conftest import Result

PLAN = """\
version: 1
plan:
  name: Shop 2027
  period: {start: 2027-01-01, end: 2027-12-31}
  currency: EUR
  exchange_rates: {USD: 0.92}
kpis:
  - {id: visits, name: Website visits, kind: performance, unit: visits}
budget:
  lines:
    - {id: B1, label: Photos, amount: 800}
    - {id: B2, label: Ads, amount: 1200}
"""

ACTUALS = """\
version: 1
plan: plan.yaml
spend:
  - {line: B1, date: 2027-01-20, amount: 650, ref: "SL-031"}   # by hand
"""

HOSTILE = [
    "FAC-1182",
    "1182",
    "0x1F",
    "1e5",
    "1_000",
    ".inf",
    "true",
    "False",
    "null",
    "NULL",
    "~",
    "yes",
    "2027-03-31",
    "FAC:1182",
    "a # b",
    "a, b",
    "[x]",
    "{x}",
    "&anchor",
    "*alias",
    "!tag",
    "|",
    ">",
    "'single'",
    'say "hi"',
    "back\\slash",
    "50%",
    "@home",
    "`code`",
    " lead",
    "trail ",
    "- dash",
    "? question",
    "=",
    "<<",
    "tab\there",
    "line\nbreak",
    "cr\rhere",
    "nel\x85x",
    "ls\u2028ps\u2029",
    "bom\ufeff",
    "bell\x07",
    "esc\x1b[2J",
    "del\x7f",
    "c1\x9b",
    "nbsp\xa0x",
    "Café crème",
    "日本語のメモ",
    "emoji 🎉",
    "private\ue000",
    "nonchar\ufffe",
    "a/b (c) + d.e",
]


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("flow", [True, False])
def test_a_record_is_written_as_ruamel_writes_it(text: str, flow: bool) -> None:
    record: Record = {
        "line": text,
        "date": dt.date(2027, 3, 31),
        "amount": Decimal("1234.50"),
        "ref": text,
        "note": text,
    }
    assert render(record, flow=flow) == render_with_ruamel(record, flow=flow)


@pytest.mark.parametrize("amount", ["0", "12", "12.50", "-0.1", "1E+3", "0.0000001"])
def test_an_amount_is_written_as_ruamel_writes_it(amount: str) -> None:
    record: Record = {"kpi": "visits", "date": dt.date(2027, 1, 1), "value": Decimal(amount)}
    assert render(record, flow=True) == render_with_ruamel(record, flow=True)


def test_an_import_parses_yaml_a_fixed_number_of_times_and_never_runs_the_emitter(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    actuals = tmp_path / "actuals.yaml"
    counts = {"parse": 0, "emit": 0}

    def counting(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            counts[name] += 1
            return real(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(yamledit, "parse", counting("parse", yamlio.parse))
    monkeypatch.setattr(
        yamledit, "render_with_ruamel", counting("emit", yamledit.render_with_ruamel)
    )
    work = []
    for rows in (10, 2_000):
        actuals.write_text(ACTUALS, encoding="utf-8")
        export = tmp_path / f"spend{rows}.csv"
        lines = [f"B{i % 2 + 1},2027-{i % 12 + 1:02d}-15,{i}.25,INV {i},n{i}" for i in range(rows)]
        export.write_text("line,date,amount,ref,note\n" + "\n".join(lines) + "\n", "utf-8")
        counts.update(parse=0, emit=0)
        result = cli("track", "import", export, "--kind", "spend", "--actuals", actuals)
        assert result.out == f"added {rows} records to {actuals}, 0 already there\n"
        written = actuals.read_text(encoding="utf-8")
        assert written.startswith(ACTUALS)
        last = rows - 1
        assert written.endswith(
            f"  - {{line: B{last % 2 + 1}, date: 2027-{last % 12 + 1:02d}-15, "
            f"amount: {last}.25, ref: INV {last}, note: n{last}}}\n"
        )
        work.append(dict(counts))
    # Read the file, read the result back: twice, for 10 rows as for 2,000.
    assert work == [{"parse": 2, "emit": 0}, {"parse": 2, "emit": 0}]

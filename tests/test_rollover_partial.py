"""`opmkt init --from` before the period ends, and what it keeps of the old plan's text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from opmkt.findings import Severity
from opmkt.fmt.comments import scan
from opmkt.io.yamlio import parse
from opmkt.lint.engine import validate
from opmkt.plan.loader import load_plan
from opmkt.plan.model import Plan
from tests.conftest import EXAMPLES, Result

FOURNIL = EXAMPLES / "fournil-dupont" / "plan.yaml"


def _roll(cli: Callable[..., Result], folder: Path, *args: str) -> tuple[Result, Plan, str]:
    result = cli("init", "--from", FOURNIL, folder, "--as-of", "2027-09-30", *args)
    assert result.code == 0, result.err
    loaded = load_plan(folder / "plan.yaml")
    assert loaded.plan is not None and loaded.findings == []
    return result, loaded.plan, (folder / "plan.yaml").read_text(encoding="utf-8")


def _line(plan: Plan, line_id: str) -> Decimal | None:
    assert plan.budget is not None
    return next(line.previous for line in plan.budget.lines if line.id == line_id)


def _plain(text: str) -> str:
    """Babel's no-break spaces in French figures as plain spaces."""
    return text.replace("\xa0", " ").replace("\u202f", " ")


def _comments(text: str) -> list[str]:
    return [comment.text for comment in scan(text, parse(text.encode("utf-8")).root)[0]]


def test_french_example_rolled_over_in_october_validates_and_says_what_it_covers(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    result, plan, text = _roll(cli, tmp_path)
    # What init says of the French plan, it says in French.
    said = "résultats jusqu'au 2027-09-30 : 273 jours sur 365 ; comparaison à périmètre égal"
    assert said in result.out
    findings = validate([tmp_path / "plan.yaml"]).findings
    assert [f for f in findings if f.severity is Severity.ERROR] == []
    assert {f.rule for f in findings} <= {"quote-missing"}  # quotes to ask again
    assert "# Budget : le réalisé s'arrête au 2027-09-30 (273 jours sur 365). À périmètre égal" in (
        text
    )
    # B2, 180 € a month from March: 1 253,50 € spent to September against 7 × 180 planned;
    # like for like, the three months left as planned: 1 253,50 + 3 × 180.
    assert _line(plan, "B2") == Decimal("1793.50")
    assert "previous: 1793.50  # 1 253,50 € dépensés sur 1 260,00 € prévus au 2027-09-30" in (
        _plain(text)
    )
    # B1, two shootings in March: March is closed, so the one paid (650 €) is what it cost.
    assert _line(plan, "B1") == Decimal("650.00")


def test_an_unchanged_plan_compares_with_last_year_like_for_like(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    _roll(cli, tmp_path)
    # 24 322 € planned again, against 20 869,60 € spent to September and 2 761 € planned after:
    # a small change, not the year-to-date spend against a whole year.
    budget = cli("budget", tmp_path / "plan.yaml")
    assert "Période précédente 23 630,60 € : +691,40 € (+2,9 %)" in _plain(budget.out)


def test_annualised_previous_scales_the_spend_to_the_whole_period(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    result, plan, text = _roll(cli, tmp_path, "--annualize")
    assert "en année pleine : previous = dépensé jusqu'au 2027-09-30 × 365/273" in result.out
    # 1 253,50 × 365 / 273 = 1 675,9249…: rounded once to cents.
    assert _line(plan, "B2") == Decimal("1675.92")
    assert "Annualisé :" in text


def test_baselines_are_projected_to_the_deadline_and_say_so(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    _, plan, text = _roll(cli, tmp_path)
    objectives = {o.id: o for o in plan.objectives}
    # ca 333 600 on 2027-09-30, from 310 000 on 2027-01-01, on a straight line to 2027-12-31:
    # 310 000 + 23 600 × 364 / 272 = 341 582,35.
    assert objectives["O1"].baseline == Decimal("341582.35")
    assert "baseline: 341582.35  # projetée au 2027-12-31 d'après 333600 le 2027-09-30" in text
    # gateaux measured on its deadline (2027-09-30): the value itself.
    sub = {o.id: o for o in objectives["O1"].objectives[0].objectives}
    assert sub["O1.1.1"].baseline == Decimal(72)
    assert "baseline: 72  # mesurée le 2027-09-30" in text


def test_review_never_drops_an_action_whose_objective_is_on_course(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    _, plan, _ = _roll(cli, tmp_path)
    assert plan.review is not None
    keep = {p.practice: p.evidence or "" for p in plan.review.keep}
    # Google Ads: O3 behind by September but projected over its target of 3 %.
    ads = _plain(keep["Lancer une campagne Google Ads locale et soigner la fiche Google (A8)"])
    assert ads.startswith("elle a fait avancer son objectif : A8 en cours, 1 730,10 € dépensés")
    assert ads.endswith("projeté à 3,25 : en bonne voie")
    assert plan.review.drop == []
    adjusted = {p.practice for p in plan.review.adjust}
    assert "Prospecter le parc de bureaux et livrer les plateaux en vélo cargo (A6)" in adjusted
    assert len(keep) + len(adjusted) == 11


def test_every_comment_of_what_is_carried_stays(cli: Callable[..., Result], tmp_path: Path) -> None:
    _, _, text = _roll(cli, tmp_path)
    old = _comments(FOURNIL.read_text(encoding="utf-8"))
    gone = [comment for comment in old if comment not in _comments(text)]
    # What goes: the modeline (written anew), the old review's heading, the quotes' comments.
    assert gone == [
        "# yaml-language-server: $schema=../../src/opmkt/data/schemas/plan.schema.json",
        "# Bilan 2026 : ce qu'on garde, ce qu'on abandonne, ce qu'on ajuste.",
        "# plan média de mars à décembre",
        "# sous le seuil : devis facultatif",
    ]
    assert "  exchange_rates: {USD: 0.92}       # l'outil de planification Instagram" in text
    assert cli("fmt", "--check", tmp_path / "plan.yaml").code == 0


SILENCED = """\
version: 1
plan:
  name: Shop 2027
  period: {start: 2027-01-01, end: 2027-12-31}
  currency: EUR
team:
  - {id: ann, name: Ann}
kpis:
  - {id: sales, name: Sales, kind: financial, unit: EUR}
objectives:
  - id: O1
    category: business
    title: Grow yearly shop sales
    kpi: sales
    baseline: 100
    target: 200
    deadline: 2027-12-31
    rationale: New shop front
actions:
  - {id: A1, objective: O1, what: Leaflets, owner: ann, start: 2027-02-01, end: 2027-02-28}
  # Cancelled: its line and this comment go.
  - {id: A2, objective: O1, what: Radio, owner: ann, status: cancelled}
budget:
  lines:
    - id: B1  # opmkt: ignore[quote-missing]
      action: A1
      label: Print  # the printer we always use
      amount: 1500
      date: 2027-02
      quote: {ref: Q-1, status: accepted}
    - {id: B2, action: A2, label: Radio, amount: 10}  # radio spot
"""


@pytest.mark.parametrize("as_of", [[], ["--as-of", "2027-06-30"]])
def test_silences_stay_on_what_they_silence(
    cli: Callable[..., Result], write: Callable[..., Path], tmp_path: Path, as_of: list[str]
) -> None:
    source = write(SILENCED, "shop/plan.yaml")
    result = cli("init", "--from", source, tmp_path, *as_of)
    assert result.code == 0, result.err
    text = (tmp_path / "plan.yaml").read_text(encoding="utf-8")
    # The quote is gone: B1 needs a new one, and the silence written for it still holds.
    assert "    - id: B1  # opmkt: ignore[quote-missing]\n" in text
    assert "      label: Print  # the printer we always use\n" in text
    assert "quote-missing" not in {f.rule for f in validate([tmp_path / "plan.yaml"]).findings}
    assert "Cancelled: its line" not in text and "radio spot" not in text


def test_a_plan_made_while_its_period_is_under_way_counts_the_actuals_to_today(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    today = dt.date.today()
    start, end = today - dt.timedelta(days=100), today + dt.timedelta(days=264)
    last = tmp_path / "last" / "plan.yaml"
    last.parent.mkdir()
    last.write_text(
        "version: 1\nplan:\n  name: Shop\n"
        f"  period: {{start: {start}, end: {end}}}\n  currency: EUR\n  locale: en_US\n",
        encoding="utf-8",
    )
    result = cli("init", "--from", last, tmp_path / "next")
    assert result.code == 0, result.err
    assert f"actuals to {today}: 101 of 365 days; compared like for like" in result.out

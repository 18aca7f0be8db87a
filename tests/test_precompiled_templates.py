"""The shipped templates come compiled to Python by the build (hatch_build.py, make): a run
renders the same from them as from the templates, and never uses compiled templates that are
not those of the templates as they are now."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from opmkt.init.scaffold import LANGUAGES, Settings, render_plan
from opmkt.io.resources import templates_dir
from opmkt.text import templating
from tests.report_support import PLANS, render


@pytest.fixture
def compiled_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped templates compiled afresh into a folder of the test's, the one runs use."""
    target = tmp_path / "compiled"
    templating.precompile(target)
    monkeypatch.setattr(templating, "COMPILED", target)
    return target


def report_without_compiled(plan: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The report rendered from the templates themselves: no compiled folder to load."""
    with monkeypatch.context() as patch:
        patch.setattr(templating, "COMPILED", out.parent / "nothing-compiled")
        return render(plan, out)


@pytest.mark.parametrize("output_format", ["html", "md"])
@pytest.mark.parametrize("example", sorted(PLANS))
def test_a_compiled_report_is_the_report_of_the_templates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, example: str, output_format: str
) -> None:
    assert (templating.COMPILED / "report" / templating.INDEX).exists(), "run make"
    out = tmp_path / f"plan.{output_format}"
    compiled = render(PLANS[example], out)
    assert report_without_compiled(PLANS[example], out, monkeypatch) == compiled


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_a_compiled_skeleton_is_the_skeleton_of_its_template(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, lang: str
) -> None:
    settings = Settings("Plan", "Org", LANGUAGES[lang], "EUR", dt.date(2027, 1, 1))
    compiled = render_plan(settings)
    monkeypatch.setattr(templating, "COMPILED", tmp_path / "nothing-compiled")
    assert render_plan(settings) == compiled


STALE: dict[str, Callable[[dict[str, Any]], None]] = {
    "templates": lambda sources: sources["templates"].update({"base.html.j2": "0" * 64}),
    "jinja2": lambda sources: sources.update(jinja2="2.11.3"),
    "settings": lambda sources: sources.update(settings="0" * 64),
}
"""How an index tells compiled templates out of date: a template edited since the build (an
editable install), another Jinja, another environment (opmkt.text.templating changed)."""


@pytest.mark.parametrize("stale", sorted(STALE))
def test_compiled_templates_out_of_date_are_not_used(
    compiled_in: Path, tmp_path: Path, stale: str
) -> None:
    # Compiled templates that say something else than the templates: used while the index
    # says they are those of the templates, never once it does not.
    [base] = [
        path
        for path in (compiled_in / "report").glob("tmpl_*.py")
        if "name = 'base.html.j2'" in path.read_text(encoding="utf-8")
    ]
    base.write_text(base.read_text(encoding="utf-8").replace("<footer>", "<footer>OLD "))
    out = tmp_path / "plan.html"
    assert "<footer>OLD " in render(PLANS["northwind-studio"], out)

    index = compiled_in / "report" / templating.INDEX
    sources = json.loads(index.read_text(encoding="utf-8"))
    STALE[stale](sources)
    index.write_text(json.dumps(sources), encoding="utf-8")
    assert "<footer>OLD " not in render(PLANS["northwind-studio"], out)


def test_a_compiled_template_names_its_source_file(compiled_in: Path) -> None:
    # A message about a shipped template points at the file a person can open, not at the
    # Python the build wrote.
    template = templating.shipped_environment("report").get_template("base.md.j2")
    assert template.filename == str(templates_dir() / "report" / "base.md.j2")


def test_a_users_folder_may_link_to_a_shipped_template(tmp_path: Path) -> None:
    # As when the shipped templates were read from their folder after the user's: a link into
    # that folder stays inside the template folders.
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "report.html.j2").symlink_to(templates_dir() / "report" / "report.html.j2")
    plan = PLANS["northwind-studio"]
    linked = render(plan, tmp_path / "linked.html", "--template-dir", folder)
    assert linked == render(plan, tmp_path / "plain.html")

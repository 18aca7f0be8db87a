"""A user's report templates are code from somewhere else: they render inside a memory and a
time budget, and the sandbox computes no number too large to hold."""

from __future__ import annotations

import time
import traceback
from pathlib import Path

import pytest
from jinja2.exceptions import SecurityError

from opmkt.text.templating import TemplateLimitExceeded, bounded, environment
from tests.conftest import EXAMPLES, run_installed

MEMORY = 200 * 1024 * 1024
SECONDS = 1.0
"""The time budget of the test that loops for ever."""
HANG = 60.0
"""The time budget of the others: so long that only what they test can stop them, however busy
the machine."""

needs_linux = pytest.mark.skipif(
    not Path("/proc/self/statm").exists(), reason="the memory budget needs Linux's RLIMIT_AS"
)


def render(tmp_path: Path, text: str, seconds: float = HANG) -> str:
    (tmp_path / "t.html.j2").write_text(text, encoding="utf-8")
    with bounded(memory=MEMORY, seconds=seconds):
        return environment(tmp_path).get_template("t.html.j2").render()


def template_line(exc: BaseException) -> tuple[str, int | None]:
    """Where in the template the budget ran out, as the report command names it."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
    return Path(frames[-1].filename).name, frames[-1].lineno


@needs_linux
@pytest.mark.parametrize(
    "text",
    [
        "<p>{{ 'x' * 10**10 }}</p>",
        # Doubling a string through `~`, which Jinja gives no hook to intercept.
        "{% set ns = namespace(s='x') %}{% for i in range(40) %}"
        "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s | length }}",
        "{{ 'x' | center(10**10) }}",
    ],
    ids=["repeat", "doubling", "filter"],
)
def test_a_template_that_builds_too_much_is_stopped(tmp_path: Path, text: str) -> None:
    with pytest.raises(TemplateLimitExceeded, match="needs more than 200 MiB of memory") as info:
        render(tmp_path, "\n" + text)
    assert template_line(info.value) == ("t.html.j2", 2)


def test_a_template_that_loops_for_ever_is_stopped(tmp_path: Path) -> None:
    # Ten billion steps: without the time budget this test would not end.
    loop = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    with pytest.raises(TemplateLimitExceeded, match="takes longer than 1 s to render") as info:
        render(tmp_path, loop, SECONDS)
    assert template_line(info.value) == ("t.html.j2", 1)


def test_a_power_too_large_to_compute_is_refused(tmp_path: Path) -> None:
    # 10**100000000 would run in C for minutes, out of the time budget's reach.
    with pytest.raises(SecurityError, match="too large a number"):
        render(tmp_path, "{{ 10 ** 100000000 }}")
    assert render(tmp_path, "{{ 2 ** 10 }} {{ 1.5 ** 2 }} {{ (-3) ** 3 }}") == "1024 2.25 -27"


@needs_linux
def test_the_budgets_end_with_the_rendering(tmp_path: Path) -> None:
    assert render(tmp_path, "{{ 'ok' }}", SECONDS) == "ok"
    # Past the `with`, the process has its memory back and no timer is left to fire.
    big = "x" * (400 * 1024 * 1024)
    time.sleep(SECONDS + 0.2)
    assert len(big) == 400 * 1024 * 1024


@needs_linux
def test_a_hostile_template_is_stopped_and_writes_nothing(tmp_path: Path) -> None:
    # Through the installed command: one error line naming the template's own line, exit 2,
    # no report: the budget stops it, where the template alone would fill the machine.
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "report.html.j2").write_text(
        '{% extends "base.html.j2" %}\n{% block cover %}\n{{ "x" * 10**11 }}\n{% endblock %}\n',
        encoding="utf-8",
    )
    plan = EXAMPLES / "fournil-dupont" / "plan.yaml"
    result = run_installed(
        "report", plan, "-o", "out.html", "--template-dir", folder, cwd=tmp_path, timeout=60
    )
    assert result.code == 2
    assert result.err.splitlines() == [
        "error: templates/report.html.j2:3: the template needs more than 1,024 MiB of memory"
    ]
    assert not (tmp_path / "out.html").exists()

"""Fuzzed plans and actuals files: the language server's findings are validate's, and every
feature answers anywhere in them without failing."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings

from opmkt.cli.options import plans_only
from opmkt.lint.engine import validate
from opmkt.lsp import completion, fixes, hover, navigation
from opmkt.lsp.diagnostics import diagnostics
from opmkt.lsp.session import Session
from opmkt.lsp.tree import Lines
from tests.fuzz_support import EXAMPLE_BYTES, file_contents

pytestmark = pytest.mark.slow

FUZZ = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _text(data: bytes) -> str:
    # An editor holds text: a file that is not UTF-8 cannot be sent to the server as it is.
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        assume(False)
        raise


def _same_as_validate(session: Session, path: Path) -> None:
    # What `validate --skip-non-plans` reports: editors start the server for any YAML file.
    kept = plans_only([str(path)])
    expected = [f.as_json() for f in validate(kept).findings if f.file == str(path)]
    checked = session.check(path)
    assert [f.as_json() for f in checked.findings] == expected
    lines = Lines.of(session.texts[path])
    found = diagnostics(checked, path.as_uri(), None, "utf-16")
    assert len(found) == (1 if checked.unreadable else len(expected))
    fixes.quick_fixes(path.as_uri(), lines, found, "en")
    navigation.symbols(session, path, lines)
    step = max(1, len(lines.lines) // 20)
    for number in range(1, len(lines.lines) + 1, step):
        point = (number, 5)
        completion.items(session, path, lines, point)
        hover.hover(session, path, lines, point)
        navigation.locations(session, path, point, False, "utf-16")


@FUZZ
@given(data=file_contents("plan"))
def test_a_fuzzed_plan_gets_validates_findings(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    path = tmp_path_factory.mktemp("lsp") / "plan.yaml"
    path.write_bytes(data)
    session = Session()
    session.edit(path, _text(data), 1)
    _same_as_validate(session, path)


@FUZZ
@given(data=file_contents("actuals"))
def test_a_fuzzed_actuals_file_gets_validates_findings(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    here = tmp_path_factory.mktemp("lsp")
    (here / "plan.yaml").write_bytes(EXAMPLE_BYTES[("fournil-dupont", "plan")])
    path = here / "actuals.yaml"
    path.write_bytes(data)
    session = Session()
    session.edit(path, _text(data), 1)
    _same_as_validate(session, path)

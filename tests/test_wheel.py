"""The wheel: what a user gets from `pip install opmkt`, run from its own copy, not the source."""

from __future__ import annotations

import configparser
import json
import os
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from opmkt import __version__
from tests.conftest import ROOT, SCHEMAS


@dataclass(frozen=True)
class Installed:
    wheel: Path
    site: Path


def _pip(*args: str | Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pip", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        # No index is needed: keep pip from asking one about its own version.
        env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INPUT": "1"},
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """Build the wheel once and install it into a folder of its own."""
    dist = tmp_path_factory.mktemp("dist")
    _pip("wheel", "--no-deps", "--no-build-isolation", "--quiet", "-w", dist, ROOT)
    [wheel] = dist.glob("opmkt-*.whl")
    site = tmp_path_factory.mktemp("site")
    _pip("install", "--no-deps", "--quiet", "--target", site, wheel)
    return Installed(wheel, site)


def run_wheel(
    installed: Installed, *args: str | Path, cwd: Path
) -> subprocess.CompletedProcess[str]:
    """`python -m opmkt ARGS` with the wheel's copy first on the path, ahead of the editable one.

    `cwd` is a folder outside the repository, so that nothing is imported from the source tree.
    """
    return run_python(installed, "-m", "opmkt", *map(str, args), cwd=cwd)


def run_python(installed: Installed, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`python ARGS` with the wheel's copy first on the path, in `cwd`."""
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(installed.site)},
        timeout=60,
        check=False,
    )


def test_the_wheel_copy_is_the_one_that_runs(installed: Installed, tmp_path: Path) -> None:
    code = (
        "import opmkt, opmkt.io.resources\n"
        "print(opmkt.__file__)\n"
        "print(opmkt.io.resources.data_dir('schemas'))\n"
        "print(opmkt.io.resources.templates_dir())\n"
    )
    proc = run_python(installed, "-c", code, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    module, schemas, templates = map(Path, proc.stdout.splitlines())
    # Data found at the source tree's root would hide a wheel that forgot to ship it.
    for path in (module, schemas, templates):
        assert path.is_relative_to(installed.site), path
        assert not path.is_relative_to(ROOT), path


def test_version(installed: Installed, tmp_path: Path) -> None:
    assert installed.wheel.name.startswith(f"opmkt-{__version__}-")
    proc = run_wheel(installed, "--version", cwd=tmp_path)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, f"opmkt {__version__}\n", "")


@pytest.mark.parametrize(
    ("args", "committed"),
    [((), "plan.schema.json"), (("--actuals",), "actuals.schema.json")],
    ids=["plan", "actuals"],
)
def test_schema_is_the_committed_one(
    installed: Installed, tmp_path: Path, args: tuple[str, ...], committed: str
) -> None:
    proc = run_wheel(installed, "schema", *args, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (SCHEMAS / committed).read_text(encoding="utf-8")


def test_init_writes_a_french_plan_that_validates(installed: Installed, tmp_path: Path) -> None:
    proc = run_wheel(
        installed, "init", "boulangerie", "--no-input", "--locale", "fr_FR", cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    plan = tmp_path / "boulangerie" / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    assert 'name: "Plan marketing opérationnel ' in text
    assert "locale: fr_FR" in text
    assert "Operational marketing plan" not in text
    # The modeline points editors at a schema beside the plan: it must be there, and current.
    first, _, _ = text.partition("\n")
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix)
    schema = plan.parent / first.removeprefix(prefix)
    assert schema.read_text(encoding="utf-8") == (SCHEMAS / "plan.schema.json").read_text(
        encoding="utf-8"
    )
    checked = run_wheel(installed, "validate", plan, "--format", "json", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert json.loads(checked.stdout)["summary"]["error"] == 0


def test_the_wheel_ships_templates_schemas_and_the_command(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = set(wheel.namelist())
        [entry_points] = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        scripts = configparser.ConfigParser()
        scripts.read_string(wheel.read(entry_points).decode("utf-8"))
    assert {
        "opmkt/data/templates/init/plan.fr_FR.yaml.j2",
        "opmkt/data/templates/init/plan.en_US.yaml.j2",
        "opmkt/data/schemas/plan.schema.json",
    } <= names
    assert dict(scripts["console_scripts"]) == {"opmkt": "opmkt.__main__:main"}


def test_the_wheel_ships_compiled_catalogs_not_their_sources(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = set(wheel.namelist())
    assert {f"opmkt/locale/{lang}/LC_MESSAGES/opmkt.mo" for lang in ("fr", "es", "de")} <= names
    assert [name for name in names if name.endswith((".po", ".pot"))] == []


def test_the_wheel_speaks_the_plan_language(installed: Installed, tmp_path: Path) -> None:
    """The compiled catalogs are found where the installed package looks for them."""
    proc = run_wheel(
        installed, "budget", ROOT / "examples" / "fournil-dupont" / "plan.yaml", cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    assert "Budget par objectif" in proc.stdout


def test_the_wheel_renders_the_report_from_its_compiled_templates(
    installed: Installed, tmp_path: Path
) -> None:
    """The templates compiled by the build are in the wheel, found where the installed package
    looks for them, and up to date: a report compiles no template."""
    plan = ROOT / "examples" / "northwind-studio" / "plan.yaml"
    probe = (
        "import sys\n"
        "compiled = []\n"
        "sys.addaudithook(lambda e, a: e == 'compile' and compiled.append(str(a[1])))\n"
        f"sys.argv = ['opmkt', 'report', {str(plan)!r}, '-o', 'plan.html']\n"
        "from opmkt.__main__ import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print([name for name in compiled if name.endswith('.j2')])\n"
    )
    proc = run_python(installed, "-c", probe, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
    assert "<footer>" in (tmp_path / "plan.html").read_text(encoding="utf-8")

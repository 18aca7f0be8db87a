"""The lock files: every dependency pinned with its hashes, and the suite runs on exactly those.

`make demo` installs requirements/runtime.txt and `make test` requirements/dev.txt; a release
of a dependency changes nothing until `make lock` takes it in. These tests fail when a
dependency is added to pyproject.toml without refreshing the lock, when the two lock files
disagree, and when the environment running the suite is not the locked one.
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker, default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import ROOT

REQUIREMENTS = ROOT / "requirements"

_PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def pins(path: Path) -> dict[str, tuple[str, str | None]]:
    """{package: (version, environment marker)} of a lock file; each pin must carry hashes."""
    found: dict[str, tuple[str, str | None]] = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        match = _PIN.match(line)
        if match is None:
            continue
        name, version, marker = match.groups()
        assert lines[number + 1].strip().startswith("--hash=sha256:"), f"{path.name}: {line}"
        found[canonicalize_name(name)] = (version, marker)
    return found


def project() -> dict[str, list[Requirement]]:
    """pyproject.toml's dependencies, and each extra's, with requirements/build.in's."""
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    groups = {"runtime": [Requirement(r) for r in meta["dependencies"]]}
    for extra, requirements in meta["optional-dependencies"].items():
        groups[extra] = [Requirement(r) for r in requirements]
    build = (REQUIREMENTS / "build.in").read_text(encoding="utf-8").splitlines()
    groups["build"] = [Requirement(r) for r in build if r.strip() and not r.startswith("#")]
    return groups


DEV = pins(REQUIREMENTS / "dev.txt")
RUNTIME = pins(REQUIREMENTS / "runtime.txt")


@pytest.mark.parametrize(
    ("lock", "groups"),
    [("runtime", ["runtime", "build"]), ("dev", ["runtime", "build", "test", "bench"])],
)
def test_every_dependency_is_pinned_within_its_range(lock: str, groups: list[str]) -> None:
    locked = RUNTIME if lock == "runtime" else DEV
    declared = project()
    for group in groups:
        for requirement in declared[group]:
            name = canonicalize_name(requirement.name)
            assert name in locked, f"{requirement.name} ({group}) is not in {lock}.txt: make lock"
            version, _ = locked[name]
            assert requirement.specifier.contains(version, prereleases=True), (
                f"{lock}.txt pins {name}=={version}, outside {requirement} in pyproject.toml: "
                "make lock"
            )


def test_the_demo_installs_the_versions_the_suite_is_tested_with() -> None:
    assert RUNTIME, "runtime.txt pins nothing"
    for name, (version, marker) in RUNTIME.items():
        tested = DEV.get(name)
        # A pin the test tools need on every platform (colorama, for the docs' theme) covers
        # the runtime's pin of the same version on some platforms.
        assert tested in ((version, marker), (version, None)), (
            f"{name}: runtime.txt {(version, marker)}, dev.txt {tested}"
        )


def test_the_suite_runs_on_the_locked_versions() -> None:
    environment = {key: str(value) for key, value in default_environment().items()}
    for name, (version, marker) in DEV.items():
        if marker is not None and not Marker(marker).evaluate(environment):
            continue
        assert metadata.version(name) == version, (
            f"{name} {metadata.version(name)} is installed, the lock says {version}: "
            "run the suite through `make test`"
        )

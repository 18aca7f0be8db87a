"""What each command of the registry imports, by module name, for a typical run on the example
and for its `--help`: a heavy library on a path that does not use it fails here, on any
machine, without timing anything (`make bench` times the commands)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from opmkt.cli.commands import COMMANDS, Command, argv
from tests.commands import PLACES, SPEND_CSV
from tests.conftest import EXAMPLES, ROOT

HEAVY = ("pydantic", "ruamel.yaml", "rich", "jinja2", "babel", "xlsxwriter", "icalendar", "pygls")
"""The libraries that cost a start-up its time (each 5 to 50 ms to import): each only where it
does its work."""

LOADS_A_PLAN = frozenset({"pydantic", "ruamel.yaml"})
"""What reading a plan takes: YAML and the models."""

USES: dict[str, frozenset[str]] = {
    "init": LOADS_A_PLAN | {"jinja2", "babel"},  # the skeleton's templates, in its language
    "smart": LOADS_A_PLAN | {"rich"},  # draws its checklist
    "budget": LOADS_A_PLAN | {"rich", "babel"},  # draws amounts in the plan's locale
    "status": LOADS_A_PLAN | {"rich", "babel"},
    "report": LOADS_A_PLAN | {"jinja2", "babel"},
    "calendar": LOADS_A_PLAN | {"icalendar", "babel"},
    "track": LOADS_A_PLAN | {"babel"},  # reads amounts with the marks of the plan's locale
    "fmt": frozenset({"ruamel.yaml"}),  # lays out YAML: no model
    "schema": frozenset(),  # prints the schema shipped with opmkt, built from the models by make
}
"""The heavy libraries each command uses; a command not named here reads a plan and nothing
more, so a new command is held to that until it says what it draws or formats with."""

RUNS_RULES = frozenset({"init", "validate", "smart", "report", "rules"})
"""The commands that run the rules (init checks the plan it writes, report shows the
checklist), or list them (rules): the only ones that import them."""

WRITES_ACTUALS_SCHEMA = frozenset({"init"})
"""The commands that build the actuals' model without reading an actuals file: init writes
its JSON Schema for editors."""

PROBE = """
import json, sys
opened, compiled = [], []
def watch(event, args):
    if event == "open":
        opened.append(str(args[0]))
    elif event == "compile":
        compiled.append(str(args[1]))
sys.addaudithook(watch)
report = sys.argv[2]
sys.argv = ["opmkt", *json.loads(sys.argv[1])]
import typer.main
made = []
make = typer.main.get_command_from_info
def making(command_info, **settings):
    command = make(command_info, **settings)
    made.append(command.name)
    return command
typer.main.get_command_from_info = making
from opmkt.__main__ import main
try:
    main()
    code = 0
except SystemExit as stop:
    code = stop.code
models = sys.modules.get("opmkt.plan.model")
built = sorted(
    name
    for name, value in vars(models).items()
    if isinstance(value, type)
    and value.__module__ == models.__name__
    and getattr(value, "__pydantic_complete__", False)
) if models is not None else []
with open(report, "w", encoding="utf-8") as out:
    json.dump({"code": code, "modules": sorted(sys.modules), "opened": opened,
               "compiled": compiled, "built": built, "made": made}, out)
"""
"""Runs opmkt as its entry point does, then writes what it imported, the files it opened, the
names of what it compiled to Python (a template's file name when Jinja compiles one), the
plan format's models it built a validator for (each is built when first used) and the
commands typer made from their function's signature."""


@dataclass(frozen=True)
class Run:
    code: int
    modules: frozenset[str]
    opened: tuple[str, ...]
    compiled: tuple[str, ...]
    built: tuple[str, ...]
    made: tuple[str, ...]

    def heavy(self) -> set[str]:
        return {name for name in HEAVY if name in self.modules}

    def rules(self) -> list[str]:
        return sorted(m for m in self.modules if m.startswith("opmkt.lint.rules."))

    def templates_compiled(self) -> list[str]:
        """The templates Jinja lexed, parsed and compiled in this run, by file name."""
        return sorted(Path(name).name for name in self.compiled if name.endswith(".j2"))

    def commands(self) -> list[str]:
        """The modules of commands it imported: those typer made a command of."""
        return sorted(set(self.modules) & {c.module for c in COMMANDS})

    def ours(self) -> set[str]:
        """The modules of opmkt it imported."""
        return {m for m in self.modules if m == "opmkt" or m.startswith("opmkt.")}


def run(args: list[str], cwd: Path, report: Path) -> Run:
    """`opmkt ARGS` in a fresh interpreter, in cwd."""
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args), str(report)],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    assert report.exists(), proc.stderr
    found = json.loads(report.read_text(encoding="utf-8"))
    return Run(
        found["code"],
        frozenset(found["modules"]),
        tuple(found["opened"]),
        tuple(found["compiled"]),
        tuple(found["built"]),
        tuple(found["made"]),
    )


@pytest.fixture(scope="module")
def typer_alone(tmp_path_factory: pytest.TempPathFactory) -> frozenset[str]:
    """What `import typer` imports by itself: what any command line costs."""
    code = "import json, sys, typer; print(json.dumps(sorted(sys.modules)))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return frozenset(json.loads(proc.stdout))


USAGES = [(command, usage) for command in COMMANDS for usage in command.usages]


def run_on_example(usage: tuple[str, ...], folder: Path) -> Run:
    """A usage of the registry run in `folder`, given a copy of the French example's files."""
    for name in ("plan.yaml", "actuals.yaml"):
        shutil.copy(EXAMPLES / "fournil-dupont" / name, folder / name)
    (folder / "spend.csv").write_text(SPEND_CSV, encoding="utf-8")
    return run(argv(usage, **PLACES), folder, folder / "probe.json")


@pytest.mark.parametrize(("command", "usage"), USAGES, ids=[" ".join(usage) for _, usage in USAGES])
def test_a_run_imports_only_what_the_command_uses(
    tmp_path: Path, command: Command, usage: tuple[str, ...]
) -> None:
    done = run_on_example(usage, tmp_path)
    assert done.code == 0
    assert sorted(done.heavy() - USES.get(command.words[0], LOADS_A_PLAN)) == []
    if command.words[0] not in RUNS_RULES:
        assert done.rules() == []
    # The shipped templates (report, init's skeletons) come compiled by the build.
    assert done.templates_compiled() == []
    # Its options are converted without typer's pydantic validators (cli/conversion.py).
    assert "typer._adapters" not in done.modules
    assert done.commands() == [command.module]
    # pydantic's plugin loader imports it (with email, zipfile, csv) to find none.
    assert "importlib.metadata" not in done.modules


@pytest.mark.parametrize(("command", "usage"), USAGES, ids=[" ".join(usage) for _, usage in USAGES])
def test_a_run_builds_only_the_models_it_reads(
    tmp_path: Path, command: Command, usage: tuple[str, ...]
) -> None:
    # Building a model's validator is most of what loading the first plan costs: the plan's
    # is built as a whole, once (its sections' models within it, their defaults without a
    # validator of their own), and the actuals' only for an actuals file.
    done = run_on_example(usage, tmp_path)
    assert done.code == 0
    reads_actuals = "{actuals}" in usage or command.words[0] in WRITES_ACTUALS_SCHEMA
    allowed = [[], ["Plan"], *([["Actuals", "Plan"]] if reads_actuals else [])]
    assert sorted(done.built) in allowed


COMMAND_LINE = frozenset(
    {
        "opmkt",
        "opmkt.__main__",
        "opmkt.cli",
        "opmkt.cli.commands",
        "opmkt.cli.conversion",
        "opmkt.cli.help",
        "opmkt.cli.lazy",
        "opmkt.errors",
        "opmkt.i18n",
    }
)
"""The modules of opmkt every help page imports: the command line, the registry of commands,
the errors and the language spoken."""

LISTS: tuple[list[str], ...] = (["--help"], [], ["track", "--help"], ["track"])
"""The pages that list commands: `opmkt --help`, `opmkt` alone, and a group's."""


def needed_by(command: Command) -> set[str]:
    """What a command's help imports beyond the command line: its module, the options commands
    share and, with --format, its registry of formats and the package that holds it."""
    needed = {command.module, "opmkt.cli.options"}
    if command.formats is not None:
        registry = command.formats.partition(":")[0]
        needed |= {registry, registry.rpartition(".")[0], "opmkt.io", "opmkt.io.outputs"}
    return needed


@pytest.mark.parametrize("page", LISTS, ids=" ".join)
def test_a_list_of_commands_makes_none(tmp_path: Path, page: list[str]) -> None:
    # The list shows each command with the registry's summary: no command module is imported
    # and no command is made to be listed, the group `track` included.
    done = run(page, tmp_path, tmp_path / "probe.json")
    assert done.code == (0 if "--help" in page else 2)
    assert done.commands() == []
    assert done.made == ()
    assert sorted(done.ours() - COMMAND_LINE) == []


@pytest.mark.parametrize("command", COMMANDS, ids=[c.name for c in COMMANDS])
def test_help_makes_only_its_command(tmp_path: Path, command: Command) -> None:
    # A group's subcommand's help makes that subcommand alone, not its group's others; a
    # command's help imports the command line, its module, and what its options are made of.
    done = run([*command.words, "--help"], tmp_path, tmp_path / "probe.json")
    assert done.code == 0
    assert done.made == (command.words[-1],)
    assert sorted(done.ours() - COMMAND_LINE - needed_by(command)) == []


def test_the_guard_sees_a_heavy_import(tmp_path: Path) -> None:
    # The one command that draws, formats and reads templates imports what it uses: the probe
    # sees imports, so an empty list above means none happened.
    for name in ("plan.yaml", "actuals.yaml"):
        shutil.copy(EXAMPLES / "fournil-dupont" / name, tmp_path / name)
    done = run(["report", "plan.yaml", "-o", "out.html"], tmp_path, tmp_path / "probe.json")
    assert done.code == 0
    assert done.heavy() == {"pydantic", "ruamel.yaml", "jinja2", "babel"}
    assert len(done.rules()) > 10


def test_the_guard_sees_a_template_compiled(tmp_path: Path) -> None:
    # A user's template folder is read as it is: its templates are compiled in the run, the
    # shipped ones it extends are not.
    for name in ("plan.yaml", "actuals.yaml"):
        shutil.copy(EXAMPLES / "fournil-dupont" / name, tmp_path / name)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "report.html.j2").write_text(
        '{% extends "base.html.j2" %}{% block footer %}<footer>ours</footer>{% endblock %}',
        encoding="utf-8",
    )
    args = ["report", "plan.yaml", "--template-dir", "mine", "-o", "out.html"]
    done = run(args, tmp_path, tmp_path / "probe.json")
    assert done.code == 0
    assert "<footer>ours</footer>" in (tmp_path / "out.html").read_text(encoding="utf-8")
    assert done.templates_compiled() == ["report.html.j2"]


def test_next_periods_plan_is_written_without_jinja(tmp_path: Path) -> None:
    # `init --from` rolls the last plan over: no skeleton, so no template engine.
    for name in ("plan.yaml", "actuals.yaml"):
        shutil.copy(EXAMPLES / "fournil-dupont" / name, tmp_path / name)
    done = run(["init", "next", "--from", "plan.yaml"], tmp_path, tmp_path / "probe.json")
    assert done.code == 0
    assert (tmp_path / "next" / "plan.yaml").is_file()
    assert "jinja2" not in done.modules


@pytest.mark.parametrize("command", COMMANDS, ids=[c.name for c in COMMANDS])
def test_help_imports_typer_and_nothing_else(
    tmp_path: Path, typer_alone: frozenset[str], command: Command
) -> None:
    # `opmkt COMMAND --help` costs typer and opmkt's command line: no library of the work, no
    # module beyond the standard library's, and no file of opmkt's data (templates, schemas,
    # catalogs of words) is read to print it.
    done = run([*command.words, "--help"], tmp_path, tmp_path / "probe.json")
    assert done.code == 0
    # Only the command asked for is made: the others' modules are not even imported.
    assert done.commands() == [command.module]
    assert sorted({"typer._adapters", "opmkt.findings"} & done.modules) == []
    # The entry point's stand-in for pydantic's plugin loader is no import (see __main__).
    stand_in = {"pydantic.plugin._loader"}
    extra = {
        m for m in done.modules - typer_alone - stand_in if not m.startswith(("opmkt", "typer."))
    }
    outside = {m for m in extra if m.split(".")[0] not in sys.stdlib_module_names}
    assert sorted(outside) == []
    assert sorted(extra & {"importlib.metadata", "email", "xml", "zipfile", "csv"}) == []
    package = ROOT / "src" / "opmkt"
    data = [
        path
        for path in done.opened
        if Path(path).is_relative_to(package) and not path.endswith((".py", ".pyc"))
    ]
    assert data == []


MODULES_PROBE = """
import sys
report = sys.argv[1]
sys.argv = ["opmkt", *sys.argv[2:]]
from opmkt.__main__ import main
try:
    main()
except SystemExit:
    pass
with open(report, "w", encoding="utf-8") as out:
    out.write("\\n".join(sorted(sys.modules)))
"""
"""Runs opmkt and writes the modules it imported, one a line: it imports nothing itself (the
other probes import json to write their report)."""


def test_validate_as_text_imports_no_json(tmp_path: Path) -> None:
    # The JSON format alone imports json (its decoder compiles its patterns when imported).
    shutil.copy(EXAMPLES / "fournil-dupont" / "plan.yaml", tmp_path / "plan.yaml")
    imported = {
        shown: modules_of(["validate", "plan.yaml", "--format", shown], tmp_path)
        for shown in ("text", "json")
    }
    assert "json" not in imported["text"]
    assert "json" in imported["json"]


def probed(probe: str, args: list[str], folder: Path) -> str:
    """What `probe` reports of a run of `opmkt ARGS` in `folder`."""
    report = folder / "probe.txt"
    done = subprocess.run(
        [sys.executable, "-c", probe, str(report), *args],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return report.read_text(encoding="utf-8")


def modules_of(args: list[str], folder: Path) -> set[str]:
    """The modules `opmkt ARGS` imports in `folder`, found by a probe that imports none."""
    return set(probed(MODULES_PROBE, args, folder).splitlines())


RECORDS = {
    "track import": ["track", "import", "spend.csv", "--kind", "spend", "--actuals", "a.yaml"],
    "track spend": ["track", "spend", "B1", "10", "--date", "2027-03-01", "--actuals", "a.yaml"],
}


@pytest.mark.parametrize("args", RECORDS.values(), ids=RECORDS.keys())
def test_recording_plain_values_imports_no_quoting(tmp_path: Path, args: list[str]) -> None:
    # Plain values (ids, days, numbers, references) are written as they are: the patterns and
    # the JSON writer that quote other text are imported only for text that needs them.
    shutil.copy(EXAMPLES / "fournil-dupont" / "plan.yaml", tmp_path / "plan.yaml")
    (tmp_path / "spend.csv").write_text(SPEND_CSV, encoding="utf-8")
    imported = modules_of(args, tmp_path)
    assert "B1" in (tmp_path / "a.yaml").read_text(encoding="utf-8")
    assert sorted({"json", "opmkt.io.yamlwrite"} & imported) == []


def test_importing_a_few_rows_reads_no_locale_data(tmp_path: Path) -> None:
    # A few records added are counted in digits every locale writes alike: Babel and its
    # locale data are loaded only for a count that a locale may group (100 and more).
    shutil.copy(EXAMPLES / "fournil-dupont" / "plan.yaml", tmp_path / "plan.yaml")
    rows = "".join(f"B1,2027-06-{day:02d},12.50\n" for day in range(1, 31))
    (tmp_path / "spend.csv").write_text("line,date,amount\n" + rows, encoding="utf-8")
    imported = modules_of(RECORDS["track import"], tmp_path)
    assert "opmkt.track.csvimport" in imported
    assert sorted(m for m in imported if m == "babel" or m.startswith("babel.")) == []
    # A count a locale may group is written by Babel: `100 000` in French.
    (tmp_path / "spend.csv").write_text(
        "line,date,amount\n" + "B1,2027-06-01,1\n" * 100, encoding="utf-8"
    )
    assert "babel.numbers" in modules_of(RECORDS["track import"], tmp_path)


COLLECTIONS_PROBE = """
import gc, sys
report = sys.argv[1]
sys.argv = ["opmkt", *sys.argv[2:]]
from opmkt.__main__ import main
passes = []
gc.callbacks.append(lambda phase, info: phase == "start" and passes.append(info["generation"]))
try:
    main()
except SystemExit:
    pass
with open(report, "w", encoding="utf-8") as out:
    out.write(" ".join(map(str, passes)))
"""
"""Runs opmkt and writes the generation of each pass the cycle collector made meanwhile."""


@pytest.mark.parametrize("args", RECORDS.values(), ids=RECORDS.keys())
def test_a_run_makes_no_pass_of_the_cycle_collector(tmp_path: Path, args: list[str]) -> None:
    # Start-up and a command make many objects and no garbage, then the process ends: a pass
    # of the collector would walk every one of them (the first after the imports, another
    # before exiting), for nothing.
    shutil.copy(EXAMPLES / "fournil-dupont" / "plan.yaml", tmp_path / "plan.yaml")
    (tmp_path / "spend.csv").write_text(SPEND_CSV, encoding="utf-8")
    passes = probed(COLLECTIONS_PROBE, args, tmp_path)
    assert "B1" in (tmp_path / "a.yaml").read_text(encoding="utf-8")
    assert passes == ""

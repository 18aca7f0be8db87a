"""Every command in one registry: the CLI registers them from it, in its help's order, and the
tests run each from it, so a new command is covered by them as soon as it is listed here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from opmkt.io.outputs import Formats


@dataclass(frozen=True)
class Command:
    """One command (a `track` subcommand is one too).

    `usages` are command lines that run it on a plan folder, each a way to use it, with these
    places to fill:
    `{plan}` a plan it reads, `{old}` a second plan (diff), `{actuals}` an actuals file it
    reads or records into, `{csv}` a CSV export, `{output}` the file it writes, `{folder}`
    the folder it writes a plan into. The examples' figures (line B1, KPI ca) are those of
    examples/fournil-dupont.
    """

    name: str
    module: str
    """The cli module that registers it (one module may register several subcommands)."""
    usages: tuple[tuple[str, ...], ...]
    writes: str | None = None
    """The file it writes, as its usages name it: `{output}`, `{folder}/plan.yaml`, or the
    file it rewrites (`{plan}` for fmt) or records into (`{actuals}` for track); None for a
    command that only prints."""
    formats: str | None = None
    """Its output formats' registry, as `module:NAME`, when it has --format."""

    @property
    def words(self) -> list[str]:
        """The command as typed: `budget`, `track spend`."""
        return self.name.split()

    def output_formats(self) -> Formats[Callable[..., str | bytes]] | None:
        """Its output formats' registry, imported now."""
        if self.formats is None:
            return None
        module, _, name = self.formats.partition(":")
        return cast("Formats[Callable[..., str | bytes]]", getattr(import_module(module), name))


def argv(usage: tuple[str, ...], **places: str) -> list[str]:
    """A usage with its places filled in."""
    return [part.format(**places) for part in usage]


AS_OF = "2027-09-30"

COMMANDS: tuple[Command, ...] = (
    Command(
        "init",
        "opmkt.cli.init",
        (
            ("init", "{folder}", "--no-input"),
            ("init", "{folder}", "--from", "{plan}", "--actuals", "{actuals}"),
        ),
        writes="{folder}/plan.yaml",
    ),
    Command(
        "validate",
        "opmkt.cli.validate",
        (("validate", "{plan}", "{actuals}"),),
        formats="opmkt.lint.outputs:VALIDATE",
    ),
    Command("smart", "opmkt.cli.smart", (("smart", "{plan}"),), formats="opmkt.lint.outputs:SMART"),
    Command(
        "budget",
        "opmkt.cli.budget",
        (("budget", "{plan}", "-o", "{output}"),),
        writes="{output}",
        formats="opmkt.budget.outputs:FORMATS",
    ),
    Command(
        "status",
        "opmkt.cli.status",
        (("status", "{plan}", "--actuals", "{actuals}", "--as-of", AS_OF),),
        formats="opmkt.status.outputs:FORMATS",
    ),
    Command(
        "track spend",
        "opmkt.cli.track",
        (("track", "spend", "B1", "10", "--date", "2027-03-01", "--actuals", "{actuals}"),),
        writes="{actuals}",
    ),
    Command(
        "track kpi",
        "opmkt.cli.track",
        (("track", "kpi", "ca", "10", "--date", "2027-03-01", "--actuals", "{actuals}"),),
        writes="{actuals}",
    ),
    Command(
        "track import",
        "opmkt.cli.track",
        (("track", "import", "{csv}", "--kind", "spend", "--actuals", "{actuals}"),),
        writes="{actuals}",
    ),
    Command("track presets", "opmkt.cli.track", (("track", "presets"),)),
    Command(
        "track remove",
        "opmkt.cli.track",
        (
            (
                "track",
                "remove",
                "spend",
                "B1",
                "--date",
                "2027-03-18",
                "--yes",
                "--actuals",
                "{actuals}",
            ),
        ),
        writes="{actuals}",
    ),
    Command(
        "report",
        "opmkt.cli.report",
        (("report", "{plan}", "--actuals", "{actuals}", "--as-of", AS_OF, "-o", "{output}"),),
        writes="{output}",
        formats="opmkt.report.outputs:FORMATS",
    ),
    Command(
        "calendar",
        "opmkt.cli.calendar",
        (("calendar", "{plan}", "-o", "{output}"),),
        writes="{output}",
    ),
    Command(
        "diff",
        "opmkt.cli.diff",
        (("diff", "{old}", "{plan}", "-o", "{output}"), ("diff", "{plan}", "{old}")),
        writes="{output}",
        formats="opmkt.diff.outputs:FORMATS",
    ),
    Command("fmt", "opmkt.cli.fmt", (("fmt", "{plan}"),), writes="{plan}"),
    Command("rules", "opmkt.cli.rules", (("rules",),)),
    Command("schema", "opmkt.cli.schema", (("schema", "-o", "{output}"),), writes="{output}"),
    # An editor starts it and talks to it over stdin and stdout: no command line runs it alone.
    Command("lsp", "opmkt.cli.lsp", ()),
)


def top_level() -> dict[str, str]:
    """The commands typed after `opmkt`, each with its cli module, in the order of the help:
    as typer lists them, the commands first, then the groups of subcommands (`track`)."""
    alone = {c.name: c.module for c in COMMANDS if len(c.words) == 1}
    groups = {c.words[0]: c.module for c in COMMANDS if len(c.words) > 1}
    return alone | groups

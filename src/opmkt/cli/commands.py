"""Every command in one registry: the CLI registers them from it, in its help's order, and the
tests run each from it, so a new command is covered by them as soon as it is listed here."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING, NamedTuple, cast

from opmkt.i18n import N_

if TYPE_CHECKING:
    from opmkt.io.outputs import Formats


class Command(NamedTuple):
    """One command (a `track` subcommand is one too). A named tuple: made at every start, it
    costs a fifth of a frozen dataclass's generated methods.

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
    summary: str
    """The first paragraph of its help, which the list of commands shows (and cuts to fit)
    without importing its module."""
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
        N_("Write FOLDER/plan.yaml: a commented skeleton of every section of the method."),
        (
            ("init", "{folder}", "--no-input"),
            ("init", "{folder}", "--from", "{plan}", "--actuals", "{actuals}"),
        ),
        writes="{folder}/plan.yaml",
    ),
    Command(
        "validate",
        "opmkt.cli.validate",
        N_(
            "Check plans: schema, references, SMART objectives, completeness of the method, budget."
        ),
        (("validate", "{plan}", "{actuals}"),),
        formats="opmkt.lint.outputs:VALIDATE",
    ),
    Command(
        "smart",
        "opmkt.cli.smart",
        N_("Show each objective as a tree with one column per letter of SMART and, on ✗, why."),
        (("smart", "{plan}"),),
        formats="opmkt.lint.outputs:SMART",
    ),
    Command(
        "budget",
        "opmkt.cli.budget",
        N_(
            "Roll the budget up by objective, action, category, channel, mix, segment, month or "
            "quarter: exact amounts, rounded once to the currency's digits."
        ),
        (("budget", "{plan}", "-o", "{output}"),),
        writes="{output}",
        formats="opmkt.budget.outputs:FORMATS",
    ),
    Command(
        "status",
        "opmkt.cli.status",
        N_(
            "Planned, committed and actual money per budget line, indicator values (formulas "
            "computed), and each objective's progress against where it should be by now."
        ),
        (("status", "{plan}", "--actuals", "{actuals}", "--as-of", AS_OF),),
        formats="opmkt.status.outputs:FORMATS",
    ),
    Command(
        "track spend",
        "opmkt.cli.track",
        N_("Record money spent against a budget line (negative for a refund)."),
        (("track", "spend", "B1", "10", "--date", "2027-03-01", "--actuals", "{actuals}"),),
        writes="{actuals}",
    ),
    Command(
        "track kpi",
        "opmkt.cli.track",
        N_("Record a KPI's value on a day, read as `track spend` reads an amount."),
        (("track", "kpi", "ca", "10", "--date", "2027-03-01", "--actuals", "{actuals}"),),
        writes="{actuals}",
    ),
    Command(
        "track import",
        "opmkt.cli.track",
        N_("Import the rows of a CSV export (ad platform, analytics, shop, accounting)."),
        (("track", "import", "{csv}", "--kind", "spend", "--actuals", "{actuals}"),),
        writes="{actuals}",
    ),
    Command(
        "track remove",
        "opmkt.cli.track",
        N_("Take a wrong record back out of the actuals file."),
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
        "track presets",
        "opmkt.cli.track",
        N_("List the presets: the export each reads, what it reads from it, where to download it."),
        (("track", "presets"),),
    ),
    Command(
        "report",
        "opmkt.cli.report",
        N_(
            "Write the plan as a document to read: audit, review, mix and 5C, objectives with "
            "their SMART checklist, the action plan and its timeline, the budget with charts, "
            "the indicators, results when there are actuals, and validate's findings."
        ),
        (("report", "{plan}", "--actuals", "{actuals}", "--as-of", AS_OF, "-o", "{output}"),),
        writes="{output}",
        formats="opmkt.report.outputs:FORMATS",
    ),
    Command(
        "calendar",
        "opmkt.cli.calendar",
        N_(
            "Write the actions (all-day events from start to end) and the objectives' deadlines "
            "as an iCalendar (.ics) file to import into a calendar."
        ),
        (("calendar", "{plan}", "-o", "{output}"),),
        writes="{output}",
    ),
    Command(
        "diff",
        "opmkt.cli.diff",
        N_(
            "Compare two versions of a plan by id: the budget total and by objective, budget "
            "lines added, removed or changed, and objectives and actions added, removed or "
            "changed field by field."
        ),
        (("diff", "{old}", "{plan}", "-o", "{output}"), ("diff", "{plan}", "{old}")),
        writes="{output}",
        formats="opmkt.diff.outputs:FORMATS",
    ),
    Command(
        "fmt",
        "opmkt.cli.fmt",
        N_(
            "Lay plan files out in one canonical layout: sections and keys in the order of the "
            "plan format, two-space indentation, one blank line between top-level sections."
        ),
        (("fmt", "{plan}"),),
        writes="{plan}",
    ),
    Command(
        "rules",
        "opmkt.cli.rules",
        N_("List every rule with its id, default severity and summary."),
        (("rules",),),
    ),
    Command(
        "schema",
        "opmkt.cli.schema",
        N_("Print the JSON Schema (draft 2020-12) of plan files, or of actuals files."),
        (("schema", "-o", "{output}"),),
        writes="{output}",
    ),
    # An editor starts it and talks to it over stdin and stdout: no command line runs it alone.
    Command(
        "lsp",
        "opmkt.cli.lsp",
        N_("Run the language server on stdin and stdout, for an editor to start."),
        (),
    ),
)


GROUPS: dict[str, str] = {"track": N_("Record spend and KPI measurements in actuals.yaml.")}
"""The groups of subcommands, each with its help: a group's subcommands are the commands of the
registry named after it (`track spend`)."""


def listed(group: str | None = None) -> dict[str, Command | None]:
    """The commands typed after `opmkt`, or after `opmkt GROUP`, in the order of the help: as
    typer lists them, the commands first, then the groups of subcommands (None)."""
    if group is not None:
        return {c.words[1]: c for c in COMMANDS if c.words[0] == group and len(c.words) == 2}
    alone: dict[str, Command | None] = {c.name: c for c in COMMANDS if len(c.words) == 1}
    return alone | dict.fromkeys(GROUPS)

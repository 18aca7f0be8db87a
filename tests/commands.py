"""The commands of the registry as command lines for the tests that run every command: a new
command in `opmkt.cli.commands` is run by each of them without a change here."""

from __future__ import annotations

from opmkt.cli.commands import COMMANDS, Command, argv

PLACES = {
    "plan": "plan.yaml",
    "old": "plan.yaml",
    "actuals": "actuals.yaml",
    "csv": "spend.csv",
    "output": "out.html",
    "folder": "next",
}
"""What fills each place of a usage, unless a test says otherwise: files of a plan folder."""

SPEND_CSV = "line,date,amount\nB1,2027-06-01,12.50\n"
"""A CSV export `track import --kind spend` takes, for the example plan."""

READ = ("plan", "actuals")
"""The places of the files a command reads that a user names."""


def _id(command: Command, index: int, place: str) -> str:
    usage = command.name.replace(" ", "-") + (str(index + 1) if index else "")
    return f"{usage}-{place}"


def readers(**places: str) -> list[tuple[str, list[str]]]:
    """Each way a command reads a file the user names, as (id, argv) with `{}` where that file
    goes (to fill with `str.format`) and the other places filled from PLACES and `places`."""
    found = []
    for command in COMMANDS:
        for index, usage in enumerate(command.usages):
            for place in READ:
                if f"{{{place}}}" in usage:
                    filled = {**PLACES, **places, place: "{}"}
                    found.append((_id(command, index, place), argv(usage, **filled)))
    return found


def writers() -> list[tuple[Command, tuple[str, ...]]]:
    """Each command that writes a file, with its first usage that names that file."""
    found = []
    for command in COMMANDS:
        if command.writes is None:
            continue
        place = command.writes.split("/")[0]
        usage = next(usage for usage in command.usages if place in usage)
        found.append((command, usage))
    return found

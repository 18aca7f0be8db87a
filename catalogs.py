"""opmkt's gettext catalogs: extract the template, update each language's catalog, compile.

`make catalogs` runs `python catalogs.py`: it extracts every marked message of the sources and
templates (as `babel.cfg` says) into `src/opmkt/locale/opmkt.pot`, and updates the `.po` file of
each language from it. The build (`hatch_build.py`) compiles each `.po` into the `.mo` the
package reads; the tests compare a fresh extraction with the committed template.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent
LOCALE = ROOT / "src" / "opmkt" / "locale"
TEMPLATE = LOCALE / "opmkt.pot"
LANGUAGES = ("en", "fr", "es", "de")
KEYWORDS = {
    "_": None,
    "N_": None,
    "C_": ((1, "c"), 2),
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "say": None,
    "say_n": (1, 2),
}
"""The functions that mark a message (opmkt.i18n, opmkt.findings), and which argument is
what."""


def new_catalog(lang: str | None = None) -> Catalog:
    """An empty catalog with opmkt's header."""
    return Catalog(
        locale=lang,
        domain="opmkt",
        header_comment="# The messages of opmkt: `make catalogs` updates this file.",
        project="opmkt",
        version="1",
        copyright_holder="opmkt developers",
        msgid_bugs_address="https://github.com/opmkt/opmkt/issues",
        fuzzy=False,
    )


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "opmkt.po"


def extract() -> Catalog:
    """Every marked message of the sources and templates, with where it is used."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)  # type: ignore[no-untyped-call]
    template = new_catalog()
    found = extract_from_dir(ROOT, method_map, options_map, keywords=KEYWORDS)
    for filename, lineno, message, comments, context in found:
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    for message, where in help_texts():
        template.add(message, None, [where])
    return template


def help_texts() -> list[tuple[str, tuple[str, int]]]:
    """The help of every command, option and argument, as typer shows it (a docstring made
    into help is no marked message), with the command's function as where it is used."""
    import inspect

    import typer
    from typer._click import Context

    from opmkt.cli import app
    from opmkt.cli.help import texts

    group = typer.main.get_command(app)
    ctx = Context(group, info_name="opmkt", help_option_names=["-h", "--help"])
    found = []
    for message, command in texts(group, ctx):
        function = inspect.unwrap(_function_of(command))
        source = Path(inspect.getsourcefile(function) or "").resolve().relative_to(ROOT)
        found.append((message, (source.as_posix(), inspect.getsourcelines(function)[1])))
    return found


def _function_of(command: Any) -> Any:
    """The function a command runs; for a group with none of its own (`track`), its first
    subcommand's, in the module that registers them."""
    if command.callback is not None:
        return command.callback
    return _function_of(next(iter(command.commands.values())))


def read(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=lang, domain="opmkt")


def write(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        write_po(file, catalog, width=100, include_lineno=False)


def update() -> None:
    """The template from the sources, then each language's catalog from the template: new
    messages added untranslated, messages no longer used dropped."""
    template = extract()
    if TEMPLATE.exists():
        # Dated when its messages change only: a run that changes nothing rewrites nothing.
        before = read(TEMPLATE)
        if [(m.context, m.id) for m in before] == [(m.context, m.id) for m in template]:
            template.creation_date = before.creation_date
    write(template, TEMPLATE)
    for lang in LANGUAGES:
        path = po_path(lang)
        catalog = read(path, lang) if path.exists() else new_catalog(lang)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        catalog.fuzzy = False
        for message in catalog:
            if not message.string or message.string == ("",) * len(message.string):
                message.flags.discard("fuzzy")  # nothing to review: it is to translate
        write(catalog, path)


def compile_all() -> list[Path]:
    """Each language's `.mo` beside its `.po`; the files written."""
    written = []
    for lang in LANGUAGES:
        catalog = read(po_path(lang), lang)
        target = po_path(lang).with_suffix(".mo")
        with target.open("wb") as file:
            write_mo(file, catalog)
        written.append(target)
    return written


if __name__ == "__main__":
    update() if sys.argv[1:] in ([], ["update"]) else compile_all()

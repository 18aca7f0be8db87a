"""The one Jinja environment of opmkt: sandboxed, strict about undefined names.

The shipped templates are compiled to Python when opmkt is built (`precompile`, run by
hatch_build.py and by make): a run loads them as modules instead of lexing, parsing and
compiling them each time. A user's template folder is compiled as it is read, ahead of them."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import stat
import threading
from collections.abc import Callable, Iterator, MutableMapping
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

import jinja2
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.exceptions import SecurityError, TemplateNotFound
from jinja2.loaders import BaseLoader, ChoiceLoader, ModuleLoader, split_template_path
from jinja2.sandbox import SandboxedEnvironment

from opmkt.io.files import write_atomic
from opmkt.io.resources import data_dir, templates_dir
from opmkt.io.yamlwrite import double_quoted
from opmkt.text.markdown import md_cell, md_indent, md_text, paragraphs

TEMPLATE_MEMORY = 1024 * 1024 * 1024
"""Memory a user's templates may take beyond what opmkt holds when rendering starts."""

TEMPLATE_SECONDS = 60.0
"""Time a user's templates may take to render: a 20,000-action plan renders in seconds."""


def yaml_str(value: Any) -> str:
    """A YAML double-quoted scalar holding `value` as text."""
    return double_quoted(str(value))


class _Sandbox(SandboxedEnvironment):
    """Jinja's sandbox, and no power too large to compute: a big-number power runs in C,
    where neither the time budget's signal nor a Python frame can stop it."""

    intercepted_binops = frozenset({"**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if (
            operator == "**"
            and isinstance(left, int)
            and isinstance(right, int)
            and right * max(abs(left), 1).bit_length() > _MAX_POWER_BITS
        ):
            raise SecurityError(f"{left} ** {right} is too large a number for a report")
        return super().call_binop(context, operator, left, right)


_MAX_POWER_BITS = 4096
"""Largest power a template may compute, in bits (about 1,200 decimal digits)."""


class TemplateOutsideFolder(SecurityError):
    """A template name that leads, through a link, out of the template folders or to
    something other than a regular file (`notes.j2 -> /etc/passwd`, `etc -> /etc`)."""


class _ConfinedLoader(FileSystemLoader):
    """Jinja's file loader, held to regular files inside its folders once links are followed:
    a template folder from a repository under review must not read the rest of the machine
    into a report, nor wait on a FIFO."""

    def __init__(self, searchpath: list[str], also_inside: Path | None = None) -> None:
        super().__init__(searchpath)
        self.also_inside = also_inside
        """A folder a link may lead into besides the search path: the shipped templates,
        when they are loaded compiled, after the user's folder."""

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        roots = [Path(folder).resolve() for folder in self.searchpath]
        if self.also_inside is not None:
            roots.append(self.also_inside.resolve())
        for folder in self.searchpath:
            filename = Path(folder).joinpath(*pieces)
            if filename.is_symlink() or filename.exists():
                break
        else:
            raise TemplateNotFound(template)
        real = filename
        try:
            real = filename.resolve()
            regular = stat.S_ISREG(real.stat().st_mode)
        except (OSError, RuntimeError):  # a dangling link or a loop of links
            regular = False
        if not (regular and any(real.is_relative_to(root) for root in roots)):
            raise TemplateOutsideFolder(
                f"template {template!r} is not a file inside the template folders "
                "(a link out of them, or not a regular file): copy what it needs into the folder"
            )
        contents = real.read_text(encoding=self.encoding)
        mtime = real.stat().st_mtime

        def uptodate() -> bool:
            try:
                return real.stat().st_mtime == mtime
            except OSError:
                return False

        # The name as the author wrote it, so that messages point into their folder.
        return contents, os.path.normpath(filename), uptodate


def environment(*search_path: Path) -> SandboxedEnvironment:
    """Templates run sandboxed: a template from a repository under review cannot reach Python
    internals. Autoescape is on for HTML templates, chosen by file name.

    The search path is in order: a user's template folder first lets its templates replace or
    extend (`{% extends "base.html.j2" %}`) the shipped ones of the same name."""
    return _configured(_ConfinedLoader([str(p) for p in search_path]))


def _configured(loader: BaseLoader) -> SandboxedEnvironment:
    env = _Sandbox(
        loader=loader,
        undefined=StrictUndefined,
        autoescape=select_autoescape(["html", "html.j2", "htm"], default=False),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["yaml_str"] = yaml_str
    env.filters["md_cell"] = md_cell
    env.filters["md_text"] = md_text
    env.filters["md_indent"] = md_indent
    env.filters["paragraphs"] = paragraphs
    return env


SHIPPED = ("init", "report")
"""The folders of shipped templates (in data/templates), each compiled by `precompile`."""

COMPILED = data_dir("compiled")
"""Where the build puts the shipped templates compiled to Python, a folder for each."""

INDEX = "sources.json"
"""In each compiled folder: what it was compiled from (see `_sources`)."""


def shipped_environment(kind: str, user_folder: Path | None = None) -> SandboxedEnvironment:
    """The environment of a folder of shipped templates (`report`, `init`), with a user's
    template folder searched first when given: its templates replace or extend the shipped
    ones of the same name, as with `environment(user_folder, shipped)`."""
    source = templates_dir() / kind
    compiled = _precompiled(kind)
    if compiled is None:  # not built, or built from other sources: read them
        folders = [source] if user_folder is None else [user_folder, source]
        return environment(*folders)
    if user_folder is None:
        return _configured(compiled)
    mine = _ConfinedLoader([str(user_folder)], also_inside=source)
    return _configured(ChoiceLoader([mine, compiled]))


class _Precompiled(ModuleLoader):
    """Jinja's loader of compiled templates, whose templates name their source file: a
    message about a shipped template points at the `.j2` a person can read."""

    def __init__(self, compiled: Path, source: Path) -> None:
        super().__init__(compiled)
        self.source = source

    def load(
        self,
        environment: Environment,
        name: str,
        globals: MutableMapping[str, Any] | None = None,
    ) -> jinja2.Template:
        template = super().load(environment, name, globals)
        template.filename = os.path.normpath(self.source.joinpath(*split_template_path(name)))
        return template


def _precompiled(kind: str) -> _Precompiled | None:
    """The compiled templates of a shipped folder, when they were compiled from its templates
    as they are now, by this Jinja and this module; None otherwise (an editable install
    whose template was edited since the build, a Jinja upgraded since)."""
    folder = COMPILED / kind
    try:
        built = json.loads((folder / INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if built != _sources(kind):
        return None
    return _Precompiled(folder, templates_dir() / kind)


def _sources(kind: str) -> dict[str, Any]:
    """What compiled templates depend on: Jinja's version, this module (the environment's
    settings and filters) and each template's text, by their SHA-256."""

    def digest(path: Path) -> str:
        return hashlib.sha256(path.read_bytes()).hexdigest()

    source = templates_dir() / kind
    return {
        "jinja2": jinja2.__version__,
        "settings": digest(Path(__file__)),
        "templates": {
            path.relative_to(source).as_posix(): digest(path)
            for path in sorted(source.rglob("*.j2"))
        },
    }


def precompile(target: Path = COMPILED) -> list[Path]:
    """Compile each folder of shipped templates into `target`, with the index that tells a
    run whether they are still those of the sources; the files written."""
    written: list[Path] = []
    for kind in SHIPPED:
        folder = target / kind
        shutil.rmtree(folder, ignore_errors=True)
        environment(templates_dir() / kind).compile_templates(
            folder, zip=None, filter_func=lambda name: name.endswith(".j2"), ignore_errors=False
        )
        # Last, and at once: a build cut short leaves no index, and runs read the templates.
        write_atomic(folder / INDEX, json.dumps(_sources(kind), indent=1), force=True)
        written.extend(sorted(folder.iterdir()))
    return written


class TemplateLimitExceeded(Exception):
    """A template needed more memory or time than rendering a report may take."""


@contextmanager
def bounded(memory: int = TEMPLATE_MEMORY, seconds: float = TEMPLATE_SECONDS) -> Iterator[None]:
    """Render a user's templates inside a memory and a time budget, where the system allows.

    The sandbox keeps a template from reaching Python internals, not from building a huge
    string (`{{ 'x' * 10**10 }}`) or looping for ever: past either budget this raises
    TemplateLimitExceeded, with the template's own frames in its traceback.
    Linux caps the address space and POSIX systems the time; elsewhere the budgets do not
    apply."""
    with _time_cap(seconds), _memory_cap(memory):
        try:
            yield
        except MemoryError as exc:
            limit = TemplateLimitExceeded(f"needs more than {memory / 2**20:,.0f} MiB of memory")
            raise limit.with_traceback(exc.__traceback__) from None


def _address_space() -> int | None:
    """This process's virtual memory size in bytes, where the system says (Linux)."""
    try:
        pages = int(Path("/proc/self/statm").read_text(encoding="ascii").split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


@contextmanager
def _memory_cap(memory: int) -> Iterator[None]:
    used = _address_space()
    try:
        import resource
    except ImportError:  # Windows
        used = None
    if used is None:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = used + memory if hard == resource.RLIM_INFINITY else min(used + memory, hard)
    if soft != resource.RLIM_INFINITY and soft <= cap:
        yield  # the user's own limit (ulimit -v) is already tighter
        return
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@contextmanager
def _time_cap(seconds: float) -> Iterator[None]:
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise TemplateLimitExceeded(f"takes longer than {seconds:g} s to render")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

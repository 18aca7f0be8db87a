"""The language server over stdio: editor requests in, the session's answers out."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import gc
import logging
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from opmkt import __version__
from opmkt.lsp import completion, fixes, hover, navigation
from opmkt.lsp.diagnostics import diagnostics, language_of, rules_page
from opmkt.lsp.session import Session
from opmkt.lsp.tree import UTF16, Lines

DEBOUNCE = 0.2
"""Seconds of quiet after an edit before the file is checked: typing a word checks it once."""
IDLE = 1.0
"""Seconds of quiet after a check before the cycles it left are collected."""
CHECKS_PER_COLLECTION = 25
"""Checks after which the cycles are collected even without a pause: memory stays bounded."""


class Server(LanguageServer):
    """pygls' server with the session of open files and the pending checks."""

    def __init__(self, debounce: float = DEBOUNCE) -> None:
        super().__init__("opmkt", __version__)
        self.session = Session()
        self.debounce = debounce
        self.pending: dict[Path, asyncio.TimerHandle] = {}
        self.rules_url = rules_page()
        self.tidying: asyncio.TimerHandle | None = None
        self.unswept = 0

    @property
    def encoding(self) -> str:
        return str(self.workspace.position_encoding or UTF16)

    def lines(self, path: Path) -> Lines:
        return Lines.of(self.session.texts.get(path, ""), self.encoding)

    def publish(self, path: Path) -> None:
        """Check a file and send its diagnostics, then those of the open actuals files that
        track it (a plan's change can break or fix them)."""
        self.pending.pop(path, None)
        if path not in self.session.texts:
            return
        self._publish_one(path)
        for dependent in self.session.dependents(path):
            self._publish_one(dependent)
        self.sweep_later()

    def sweep_later(self) -> None:
        """Collect the cycles that checks leave (the cycle collector is paused, as in every
        command: a check builds millions of objects, and automatic passes over them would slow
        it several times) once the editor is quiet, or now after many checks."""
        if self.tidying is not None:
            self.tidying.cancel()
        self.unswept += 1
        if self.unswept >= CHECKS_PER_COLLECTION:
            self.sweep()
        else:
            self.tidying = asyncio.get_running_loop().call_later(IDLE, self.sweep)

    def sweep(self) -> None:
        self.tidying = None
        self.unswept = 0
        gc.collect()

    def _publish_one(self, path: Path) -> None:
        checked = self.session.check(path)
        uri = uri_of(path)
        found = diagnostics(checked, uri, self.rules_url, self.encoding)
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, diagnostics=found, version=checked.version)
        )

    def later(self, path: Path) -> None:
        """Check a file once edits pause for `debounce` seconds."""
        waiting = self.pending.pop(path, None)
        if waiting is not None:
            waiting.cancel()
        loop = asyncio.get_running_loop()
        self.pending[path] = loop.call_later(self.debounce, self.publish, path)


def path_of(uri: str) -> Path:
    return Path(to_fs_path(uri) or uri)


def uri_of(path: Path) -> str:
    return str(from_fs_path(str(path)) or path.as_uri())


def build(debounce: float = DEBOUNCE) -> Server:
    server = Server(debounce)
    _lifecycle(server)
    _documents(server)
    _files_on_disk(server)
    _features(server)
    return server


def _lifecycle(server: Server) -> None:
    """The editor's options at start, and its promise to say when YAML files change."""

    @server.feature(lsp.INITIALIZE)
    def initialize(ls: Server, params: lsp.InitializeParams) -> None:
        options = params.initialization_options
        if isinstance(options, dict):
            _configure(ls, options)

    @server.feature(lsp.INITIALIZED)
    def initialized(ls: Server, params: lsp.InitializedParams) -> None:
        # Actuals files are checked again when their plan changes on disk: ask the editor to
        # say when YAML files change, where it can.
        watched = ls.client_capabilities.workspace
        dynamic = watched and watched.did_change_watched_files
        if dynamic and dynamic.dynamic_registration:
            _watch_yaml_files(ls)


def _configure(ls: Server, options: dict[str, Any]) -> None:
    """Editors may point rule links at their team's copy of the rules and show results as of
    another day (as `status --as-of`); tests may wait longer between edits."""
    if isinstance(options.get("rulesUrl"), str):
        ls.rules_url = options["rulesUrl"]
    if isinstance(options.get("asOf"), str):
        with contextlib.suppress(ValueError):
            ls.session.as_of = dt.date.fromisoformat(options["asOf"])
    if isinstance(options.get("debounce"), (int, float)):
        ls.debounce = max(0.0, float(options["debounce"]))


def _watch_yaml_files(ls: Server) -> None:
    watchers = [lsp.FileSystemWatcher(glob_pattern="**/*.{yaml,yml}")]
    ls.client_register_capability(
        lsp.RegistrationParams(
            registrations=[
                lsp.Registration(
                    id="opmkt-yaml-files",
                    method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                    register_options=lsp.DidChangeWatchedFilesRegistrationOptions(
                        watchers=watchers
                    ),
                )
            ]
        )
    )


def _documents(server: Server) -> None:
    """A file opened, edited or closed in the editor: checked, and its findings published."""

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: Server, params: lsp.DidOpenTextDocumentParams) -> None:
        path = path_of(params.text_document.uri)
        ls.session.edit(path, params.text_document.text, params.text_document.version)
        ls.publish(path)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: Server, params: lsp.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        path = path_of(uri)
        text = ls.workspace.get_text_document(uri).source
        ls.session.edit(path, text, params.text_document.version)
        ls.later(path)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: Server, params: lsp.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        path = path_of(uri)
        waiting = ls.pending.pop(path, None)
        if waiting is not None:
            waiting.cancel()
        ls.session.close(path)
        # An actuals file open on its own checks the plan on disk from now on.
        for dependent in ls.session.dependents(path):
            ls.publish(dependent)
        ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


def _files_on_disk(server: Server) -> None:
    """A file saved or changed on disk: the open files that depend on it are checked again."""

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def files_changed(ls: Server, params: lsp.DidChangeWatchedFilesParams) -> None:
        for change in params.changes:
            for dependent in ls.session.dependents(path_of(change.uri)):
                ls.publish(dependent)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: Server, params: lsp.DidSaveTextDocumentParams) -> None:
        for dependent in ls.session.dependents(path_of(params.text_document.uri)):
            ls.publish(dependent)


def _features(server: Server) -> None:
    @server.feature(
        lsp.TEXT_DOCUMENT_COMPLETION,
        lsp.CompletionOptions(trigger_characters=[":", " ", "-", "[", ","]),
    )
    def complete(ls: Server, params: lsp.CompletionParams) -> lsp.CompletionList:
        path = path_of(params.text_document.uri)
        lines = ls.lines(path)
        items = completion.items(ls.session, path, lines, lines.point(params.position))
        return lsp.CompletionList(is_incomplete=False, items=items)

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def on_hover(ls: Server, params: lsp.HoverParams) -> lsp.Hover | None:
        path = path_of(params.text_document.uri)
        lines = ls.lines(path)
        return hover.hover(ls.session, path, lines, lines.point(params.position))

    @server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: Server, params: lsp.DefinitionParams) -> list[lsp.Location]:
        return _navigate(ls, params, definitions_only=True)

    @server.feature(lsp.TEXT_DOCUMENT_REFERENCES)
    def references(ls: Server, params: lsp.ReferenceParams) -> list[lsp.Location]:
        return _navigate(ls, params, definitions_only=False)

    @server.feature(lsp.TEXT_DOCUMENT_RENAME)
    def rename(ls: Server, params: lsp.RenameParams) -> lsp.WorkspaceEdit | None:
        path = path_of(params.text_document.uri)
        lines = ls.lines(path)
        try:
            edits = navigation.rename(
                ls.session, path, lines.point(params.position), params.new_name, ls.encoding
            )
        except navigation.RenameRefused as exc:
            raise JsonRpcInvalidParams(str(exc)) from None
        changes = {uri_of(p): e for p, e in edits.items()}
        return lsp.WorkspaceEdit(changes=changes)

    @server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def symbols(ls: Server, params: lsp.DocumentSymbolParams) -> list[lsp.DocumentSymbol]:
        path = path_of(params.text_document.uri)
        return navigation.symbols(ls.session, path, ls.lines(path))

    @server.feature(
        lsp.TEXT_DOCUMENT_CODE_ACTION,
        lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]),
    )
    def code_actions(ls: Server, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        uri = params.text_document.uri
        path = path_of(uri)
        lang = language_of(ls.session.current(path))
        return fixes.quick_fixes(uri, ls.lines(path), params.context.diagnostics, lang)


def _navigate(ls: Server, params: Any, *, definitions_only: bool) -> list[lsp.Location]:
    path = path_of(params.text_document.uri)
    lines = ls.lines(path)
    found = navigation.locations(
        ls.session, path, lines.point(params.position), definitions_only, ls.encoding
    )
    return [lsp.Location(uri=uri_of(p), range=r) for p, r in found]


class _Refusals(logging.Filter):
    """pygls logs every error a feature raises with its traceback. A JSON-RPC error raised on
    purpose (a rename that would break the plan) is the answer to the request, which the editor
    shows: it is logged as one line, with its message. Any other error keeps its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, JsonRpcException):
            record.msg, record.args = "%s: %s", (record.getMessage(), error)
            record.exc_info = None
        return True


def serve() -> None:
    logging.getLogger("pygls.protocol.json_rpc").addFilter(_Refusals())
    gc.disable()
    # What start-up made stays for the whole session: leave it out of every collection.
    gc.freeze()
    build().start_io()

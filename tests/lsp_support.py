"""An editor for the tests: the real `opmkt lsp` started over stdio and driven by pytest-lsp's
client, as VS Code or Neovim would drive it."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

from lsprotocol import types as lsp
from pygls.protocol import default_converter
from pytest_lsp import LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

T = TypeVar("T")
WAIT = 60.0
"""How long to wait for an answer before the test fails: a guard against a hung server, not
a speed check."""


class Editor:
    """An editor session with the server: open and edit files, read what it publishes."""

    def __init__(self, client: LanguageClient) -> None:
        self.client = client
        self.published: list[lsp.PublishDiagnosticsParams] = []
        self.versions: dict[str, int] = {}

    def open(self, path: Path, text: str | None = None) -> str:
        uri = path.resolve().as_uri()
        self.versions[uri] = 1
        item = lsp.TextDocumentItem(
            uri=uri,
            language_id="yaml",
            version=1,
            text=path.read_text(encoding="utf-8") if text is None else text,
        )
        self.client.text_document_did_open(lsp.DidOpenTextDocumentParams(text_document=item))
        return uri

    def change(self, uri: str, text: str) -> int:
        """Replace the whole text, as an edit: returns the new version."""
        version = self.versions[uri] = self.versions[uri] + 1
        self.client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
        return version

    def close(self, uri: str) -> None:
        self.client.text_document_did_close(
            lsp.DidCloseTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=uri))
        )

    async def diagnostics(self, uri: str, *, after: int = 0) -> list[lsp.Diagnostic]:
        """The diagnostics of the `after`+1-th publication for `uri` (the first by default)."""
        seen = await self.publications(uri, after + 1)
        return list(seen[after].diagnostics)

    async def publications(self, uri: str, count: int) -> list[lsp.PublishDiagnosticsParams]:
        """Wait until `uri` has had `count` publications; all of them, in order."""

        def mine() -> list[lsp.PublishDiagnosticsParams]:
            return [p for p in self.published if p.uri == uri]

        async def enough() -> None:
            while len(mine()) < count:
                await asyncio.sleep(0.01)

        await asyncio.wait_for(enough(), WAIT)
        return mine()

    def doc(self, uri: str) -> lsp.TextDocumentIdentifier:
        return lsp.TextDocumentIdentifier(uri=uri)


@asynccontextmanager
async def editor(
    client_name: str = "visual-studio-code",
    *,
    encodings: list[str] | None = None,
    options: dict[str, Any] | None = None,
) -> AsyncIterator[Editor]:
    client = LanguageClient(converter_factory=default_converter)
    session = Editor(client)

    def publish(_client: LanguageClient, params: lsp.PublishDiagnosticsParams) -> None:
        session.published.append(params)

    def register(_client: LanguageClient, params: lsp.RegistrationParams) -> None:
        return None

    features = {
        **DEFAULT_CLIENT_FEATURES,
        lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: publish,
        lsp.CLIENT_REGISTER_CAPABILITY: register,
    }
    register_lsp_features(client, features)
    await client.start_io(sys.executable, "-m", "opmkt", "lsp")
    capabilities = client_capabilities(client_name)
    if encodings is not None:
        capabilities.general = lsp.GeneralClientCapabilities(position_encodings=encodings)
    await client.initialize_session(
        lsp.InitializeParams(capabilities=capabilities, initialization_options=options or {})
    )
    try:
        yield session
    finally:
        await client.shutdown_session()


def drive(scenario: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run an async scenario to its end from a plain test."""
    return asyncio.run(scenario())

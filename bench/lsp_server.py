"""`opmkt lsp` as an editor uses it: how long after an edit its diagnostics arrive, beside a
cold `opmkt validate` of the same plan, and its memory across a long day of edits."""

import asyncio
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient

from generate import write_plan
from timing import ENV

EDITS = 20
"""Edits timed per plan (the median is kept)."""
LONG_DAY = 1_000
"""Edits of the memory measurement."""
WARM = 50
"""Edits before memory is first read: caches and the allocator's pools are filled by then."""
LIMIT_EXAMPLE_S = 0.050
LIMIT_LARGE_S = 1.0
LARGE_ACTIONS = 2_000
GROWTH_LIMIT = 1.05
"""Resident memory after LONG_DAY edits at most this times that after WARM edits."""


@dataclass(frozen=True)
class Latency:
    label: str
    median_s: float
    cpu_s: float
    """The server's processor time per edit: what the machine's load does not inflate."""
    cold_s: float
    limit_s: float


class Server:
    """`opmkt lsp` started over stdio, and the diagnostics it publishes."""

    def __init__(self, opmkt: Path) -> None:
        self.opmkt = opmkt
        self.client = LanguageClient("opmkt-bench", "1")
        self.arrived: asyncio.Queue[lsp.PublishDiagnosticsParams] = asyncio.Queue()
        self.versions: dict[str, int] = {}

        def published(params: lsp.PublishDiagnosticsParams) -> None:
            self.arrived.put_nowait(params)

        self.client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)(published)

    async def start(self) -> None:
        await self.client.start_io(str(self.opmkt), "lsp")
        # No pause after an edit: what is timed is the check and its delivery, the pause
        # (0.2 s by default) comes on top.
        params = lsp.InitializeParams(
            capabilities=lsp.ClientCapabilities(), initialization_options={"debounce": 0}
        )
        await self.client.initialize_async(params)
        self.client.initialized(lsp.InitializedParams())

    async def stop(self) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()  # type: ignore[no-untyped-call]

    @property
    def pid(self) -> int:
        server: Any = self.client._server  # the child process pygls started
        return int(server.pid)

    async def open(self, path: Path) -> str:
        uri = path.resolve().as_uri()
        self.versions[uri] = 1
        item = lsp.TextDocumentItem(
            uri=uri, language_id="yaml", version=1, text=path.read_text(encoding="utf-8")
        )
        self.client.text_document_did_open(lsp.DidOpenTextDocumentParams(text_document=item))
        await self.diagnostics(uri, 1)
        return uri

    async def edit(self, uri: str, text: str) -> float:
        """Replace the text; seconds until its diagnostics arrive."""
        version = self.versions[uri] = self.versions[uri] + 1
        started = time.perf_counter()
        self.client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
        await self.diagnostics(uri, version)
        return time.perf_counter() - started

    async def diagnostics(self, uri: str, version: int) -> None:
        while True:
            params = await asyncio.wait_for(self.arrived.get(), 120)
            if params.uri == uri and params.version == version:
                return


def edited(text: str, n: int) -> str:
    """The text with one value changed, as typing does: a new name of the plan each time."""
    return text.replace("  name: ", f"  name: {n} ", 1)


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def cpu_seconds(pid: int) -> float:
    """User and system time of a process so far (fields 14 and 15 of /proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def latency(server: Server, plan: Path, edits: int) -> tuple[float, float]:
    """The median time from an edit to its diagnostics, and the server's CPU time per edit."""
    uri = await server.open(plan)
    text = plan.read_text(encoding="utf-8")
    before = cpu_seconds(server.pid)
    times = [await server.edit(uri, edited(text, n)) for n in range(edits)]
    return statistics.median(times), (cpu_seconds(server.pid) - before) / edits


async def long_day(server: Server, plan: Path) -> tuple[int, int]:
    """Resident memory (KiB) after WARM edits and after LONG_DAY edits."""
    uri = await server.open(plan)
    text = plan.read_text(encoding="utf-8")
    warm = 0
    for n in range(LONG_DAY):
        await server.edit(uri, edited(text, n))
        if n + 1 == WARM:
            warm = rss_kib(server.pid)
    return warm, rss_kib(server.pid)


def cold_validate(opmkt: Path, plan: Path) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run(
            [str(opmkt), "validate", str(plan)], capture_output=True, check=False, env=ENV
        )
        best = min(best, time.perf_counter() - started)
    return best


async def _measure(opmkt: Path, example: Path, large: Path) -> tuple[list[Latency], int, int]:
    server = Server(opmkt)
    await server.start()
    try:
        small = await latency(server, example, EDITS)
        big = await latency(server, large, max(3, EDITS // 4))
    finally:
        await server.stop()
    # A fresh server for the long day, so that the two plans above weigh nothing in it.
    server = Server(opmkt)
    await server.start()
    try:
        warm, after = await long_day(server, example)
    finally:
        await server.stop()
    found = [
        Latency("example plan", *small, cold_validate(opmkt, example), LIMIT_EXAMPLE_S),
        Latency(f"{LARGE_ACTIONS:,}-action plan", *big, cold_validate(opmkt, large), LIMIT_LARGE_S),
    ]
    return found, warm, after


def measure(opmkt: Path, example: Path, folder: Path) -> tuple[list[str], list[str]]:
    """The section's lines and its target lines."""
    large = folder / "lsp" / "plan.yaml"
    large.parent.mkdir()
    write_plan(LARGE_ACTIONS, large)
    found, warm, after = asyncio.run(_measure(opmkt, example, large))
    lines = [
        f"\nopmkt lsp: diagnostics after an edit (median of {EDITS} edits, no debounce), beside "
        "a cold\n`opmkt validate` of the same plan (best of 3); resident memory of the server "
        f"after {WARM} and {LONG_DAY:,} edits"
    ]
    lines += [
        f"  {one.label:<32} {ms(one.median_s):>9}   validate  {ms(one.cold_s):>9}"
        f"   {one.median_s / one.cold_s:.2f}x   (server CPU {ms(one.cpu_s)} an edit)"
        for one in found
    ]
    # The machine's load beside the figures: on a shared machine they say more with it.
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines.append(
        f"  memory after {WARM} edits {warm / 1024:.1f} MiB, after {LONG_DAY:,} edits "
        f"{after / 1024:.1f} MiB ({after / warm:.3f}x)"
    )
    lines.append(f"  load average during the run: {load}")
    targets = [
        verdict(f"lsp diagnostics, {one.label}", one.median_s, one.limit_s, ms(one.limit_s))
        for one in found
    ]
    met = "met" if after <= warm * GROWTH_LIMIT else "NOT met"
    figures = f"{after / warm:.3f}x vs {GROWTH_LIMIT}x"
    targets.append(f"  {f'lsp memory, {LONG_DAY:,} edits':<40} {figures:<42} {met}")
    return lines, targets


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def verdict(label: str, value_s: float, limit_s: float, limit_text: str) -> str:
    met = "met" if value_s <= limit_s else "NOT met"
    figures = f"{ms(value_s)} vs {limit_text}"
    return f"  {label:<40} {figures:<42} {met}"


if __name__ == "__main__":
    import tempfile

    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory(prefix="opmkt-bench-") as tmp:
        shown, verdicts = measure(
            Path(sys.executable).with_name("opmkt"),
            root / "examples" / "northwind-studio" / "plan.yaml",
            Path(tmp),
        )
    print("\n".join([*shown, "", *verdicts]))

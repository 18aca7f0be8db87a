"""Timing a command as a user runs it: a fresh process, with opmkt's bytecode compiled."""

import os
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
"""The environment of every timed run: a user's install keeps the bytecode of opmkt's modules
(pip compiles them), so a run must not compile its sources anew each time, as it would under
PYTHONDONTWRITEBYTECODE (set in some sandboxes and CI images)."""

BYTECODE_NOTE = (
    "Bytecode: opmkt's modules compiled before timing (compileall), and every run with "
    "PYTHONDONTWRITEBYTECODE unset, as a user's install has them."
)


class RunFailed(Exception):
    """A measured command exited with a status that means it did not do its job."""


def compile_package(opmkt: Path) -> None:
    """Compile the modules of the opmkt that `opmkt` runs (an editable install has none yet)."""
    python = opmkt.parent / "python"
    find = "import opmkt, os; print(os.path.dirname(opmkt.__file__))"
    folder = subprocess.run(
        [str(python), "-c", find], capture_output=True, text=True, check=True, env=ENV
    ).stdout.strip()
    subprocess.run([str(python), "-m", "compileall", "-q", folder], check=True, env=ENV)


def run_once(
    cmd: Sequence[str], ok: frozenset[int], cwd: Path | None = None
) -> tuple[float, bytes]:
    """Wall-clock time and stdout of one run; RunFailed when its exit status is not in ok."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, check=False, env=ENV, cwd=cwd)
    elapsed = time.perf_counter() - start
    if proc.returncode not in ok:
        tail = proc.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no message"]
        raise RunFailed(f"`{' '.join(cmd)}` exited {proc.returncode}: {tail[0]}")
    return elapsed, proc.stdout


def best_run(cmd: Sequence[str], ok: frozenset[int], repeat: int) -> tuple[float, bytes]:
    """The fastest of repeat runs, and the stdout of the last one."""
    best = float("inf")
    out = b""
    for _ in range(repeat):
        elapsed, out = run_once(cmd, ok)
        best = min(best, elapsed)
    return best, out

"""The one writer of a command's output: stdout, or a file (-o) written atomically."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from opmkt.errors import FileError, UsageError
from opmkt.io.outputs import OutputFormat

if TYPE_CHECKING:
    from opmkt.findings import Message


class Destination:
    """Where a command's output goes. Made before any work, it refuses at once an output that
    cannot be a regular file or that is one of the command's inputs (with --force, `budget -o
    plan.yaml` would replace the plan)."""

    def __init__(
        self,
        path: Path | None = None,
        *,
        force: bool = False,
        inputs: Iterable[Path] = (),
        replaceable: Callable[[Path], bool] | None = None,
        kind: str = "file",
    ) -> None:
        self.path = path
        self.force = force
        # A file the command itself wrote may be replaced without --force (`report`'s own):
        # `replaceable` tells one, `kind` names what it is.
        self.replaceable = replaceable
        self.kind = kind
        if path is not None:
            from opmkt.io.files import refuse_input_as_output, require_regular_output

            require_regular_output(path, str(path))
            refuse_input_as_output(path, list(inputs))

    @property
    def color(self) -> bool:
        """Colour only for a terminal: never into a file written with -o."""
        from opmkt.cli.options import color_wanted

        return self.path is None and color_wanted()

    def write(
        self, content: str | bytes, *, output_format: OutputFormat | None = None, said: str = ""
    ) -> None:
        """Write the output. To a file: atomically, refusing to replace one without --force,
        then `wrote FILE` (and `said`) on stderr. To stdout: text as text, bytes as they are;
        a binary format is refused on a terminal, where it would show as noise."""
        if self.path is not None:
            self._to_file(self.path, content)
            sys.stderr.write(f"wrote {self.path}{said}\n")
        elif output_format is not None and output_format.binary and sys.stdout.isatty():
            name = output_format.name
            from opmkt.findings import say

            raise UsageError(
                say("{format} is a binary file: write it with -o FILE.{format}", format=name)
            )
        elif isinstance(content, bytes):
            # Bytes, not text: line ends (an iCalendar file's CRLF) reach the pipe as they are.
            sys.stdout.flush()
            sys.stdout.buffer.write(content)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(content)

    def _not_made(self, path: Path) -> Message:
        """A file in the way that the command did not write: each kind its own sentence (the
        word's gender differs between languages)."""
        from opmkt.findings import say

        if self.kind == "report":
            return say(
                "{file} exists and is not a report opmkt made: use --force to replace it",
                file=str(path),
            )
        return say(
            "{file} exists and is not a file opmkt made: use --force to replace it", file=str(path)
        )

    def _to_file(self, path: Path, content: str | bytes) -> None:
        from opmkt.io.files import write_atomic

        force = self.force
        if not force and self.replaceable is not None and path.exists():
            force = self.replaceable(path)
            if not force:
                raise FileError(self._not_made(path))
        write_atomic(path, content, force=force)

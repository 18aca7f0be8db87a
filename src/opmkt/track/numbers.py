"""The one reader of numbers that people type and tools export: `31250,50` in a French plan,
`"$3,200.00"` in a Google Ads report, `(12.00)` in a ledger. Exact decimals, never through
float, and never a guess: a text that reads two ways is refused, naming the option to set."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from functools import cache
from typing import NamedTuple

from opmkt.findings import Listed, Message, printable, say

SPACES = " \xa0\u202f\u2009"
"""What separates thousands in French and many other locales (Babel writes U+202F)."""

_PLAIN = re.compile(r"[0-9]+(\.[0-9]+)?\Z")
_THOUSAND = re.compile(r"[1-9][0-9]{0,2}\.[0-9]{3}\Z")
"""A plain number whose dot may be a thousands separator: `1.234`."""
_THOUSAND_LINE = re.compile(r"^[1-9][0-9]{0,2}\.[0-9]{3}$", re.MULTILINE)
_SYMBOLS = "$€£¥₹"
_SHOWN = 60


class Invalid(ValueError):
    """A value cannot be recorded; the message says why, for the user: `said` tells it in the
    reader's language (known once the plan is loaded, after the rows are read), `str()` is its
    English."""

    def __init__(self, said: Message | Listed) -> None:
        super().__init__(said)
        self.said = said

    def __str__(self) -> str:
        return self.said.told("en")


class Marks(NamedTuple):
    """How numbers are written: the decimal mark (`.` or `,`, or None when either may be), and
    the characters that may separate thousands (the decimal mark never does). A named tuple:
    every `track` command makes this class, and a frozen dataclass takes ~0.5 ms to make."""

    decimal: str | None
    groups: str = SPACES
    lenient: bool = False
    """Also read a number written with the other mark, when it reads only one way (`12.30`
    in a French plan): what a person types, not what a tool exports."""

    @staticmethod
    def of(decimal: str | None) -> Marks:
        """The marks of a decimal mark said outright: the other mark then groups thousands."""
        if decimal is None:
            return Marks(None, SPACES + ".,'")
        return Marks(decimal, SPACES + ("," if decimal == "." else ".") + "'")

    @staticmethod
    def of_locale(locale: str | None) -> Marks:
        """The marks of a plan's locale (its decimal symbol and its group symbol, as Babel has
        them); either mark when the plan has no locale."""
        from babel.numbers import get_decimal_symbol, get_group_symbol

        # A plan without a locale speaks English.
        decimal = get_decimal_symbol(locale or "en")
        group = get_group_symbol(locale or "en")
        decimal = decimal if decimal in ".," else "."
        return Marks(decimal, SPACES + (group if group != decimal else ""), lenient=True)


def read_number(text: str, marks: Marks) -> Decimal:
    """The exact number written in `text`: a sign or accounting parentheses for a negative, a
    currency symbol around it, thousands grouped by three. Refused (Invalid) when it is not a
    number in `marks`, or reads as two different numbers when either mark may be decimal."""
    raw = text.strip()
    if marks.decimal is not None:
        # Most numbers are unsigned, plain or grouped as the marks say: one match reads them.
        found = _shape(marks.decimal, marks.groups).match(raw)
        if found is not None:
            return _value(found)
    elif _PLAIN.match(raw) and not _THOUSAND.match(raw):
        return Decimal(raw)  # `12.50`: its dot cannot separate thousands
    if not raw:
        raise Invalid(say("is empty"))
    body, negative = _unsigned(raw)
    # Most numbers are plain: read at once unless their dot may be a thousands separator.
    if _PLAIN.match(body) and (marks.decimal == "." or "." not in body):
        value = Decimal(body)
    else:
        value = _grouped(raw, body, marks)
    return -value if negative else value


def _unsigned(raw: str) -> tuple[str, bool]:
    """`raw` without its sign, parentheses or currency symbol, and whether it is negative."""
    body = raw
    negative = False
    if body.startswith("(") and body.endswith(")"):
        body, negative = body[1:-1].strip(), True
    if body[:1] in "-+" and body[:1]:
        negative, body = negative ^ (body[0] == "-"), body[1:].strip()
    body = body.strip(_SYMBOLS + SPACES)
    if body[:1] in "-+" and body[:1]:  # -$12.00 and $-12.00 alike
        negative, body = negative ^ (body[0] == "-"), body[1:].strip()
    return body, negative


def _grouped(raw: str, body: str, marks: Marks) -> Decimal:
    if marks.decimal is not None:
        value = _reading(body, marks.decimal, marks.groups)
        if value is not None:
            return value
        if not marks.lenient:
            raise Invalid(_not_in(raw, marks.decimal))
    groups = Marks.of(None).groups
    readings = {mark: value for mark in ".," if (value := _reading(body, mark, groups)) is not None}
    if len(set(readings.values())) > 1:
        raise Invalid(
            say(
                "{value} is ambiguous (is {mark} a thousands separator or a decimal mark?): "
                "say which with --decimal-comma or --decimal-point",
                value=quoted(raw),
                mark=_other(body),
            )
        )
    if not readings:
        raise Invalid(say("{value} is not a number: write it like 1234.50", value=quoted(raw)))
    return next(iter(readings.values()))


def _other(body: str) -> str:
    return "','" if "," in body else "'.'"


def _not_in(raw: str, decimal: str) -> Message:
    if decimal == ",":
        return say(
            "{value} is not a number with a decimal comma, such as 1 234,56 "
            "(--decimal-point if '.' is the decimal mark)",
            value=quoted(raw),
        )
    return say(
        "{value} is not a number with a decimal point, such as 1,234.56 "
        "(--decimal-comma if ',' is the decimal mark)",
        value=quoted(raw),
    )


def _reading(body: str, decimal: str, groups: str) -> Decimal | None:
    """`body` read with `decimal` as the decimal mark and one of `groups` between groups of
    three digits; None when it does not read so."""
    found = _shape(decimal, groups).match(body)
    return None if found is None else _value(found)


def _value(found: re.Match[str]) -> Decimal:
    plain, grouped, sep, fraction = found.groups()
    digits = plain if plain is not None else grouped.replace(sep, "")
    return Decimal(f"{digits}.{fraction}" if fraction else digits)


@cache
def _shape(decimal: str, groups: str) -> re.Pattern[str]:
    """How a number is written with `decimal` and `groups`: plain digits, or digits in groups
    of three split by one separator, then the decimals. A group of thousands never starts
    with 0: `0.125` is no thousand."""
    seps = "".join(sorted(set(groups) - {decimal}))
    grouped = (
        rf"|([1-9][0-9]{{0,2}}(?:([{re.escape(seps)}])[0-9]{{3}})(?:\3[0-9]{{3}})*)"
        if seps
        else "()()"
    )
    return re.compile(rf"(?:([0-9]+){grouped})(?:{re.escape(decimal)}([0-9]+))?\Z")


def quoted(text: str) -> str:
    """What the user typed or exported, quoted in a message: printable, and cut when long. A
    cell with a line break must not break the `FILE:LINE: message` it is reported in."""
    shown = text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "…"
    return f"'{printable(shown)}'"


def number_text(value: Decimal) -> str:
    return format(value, "f")


def read_plain_numbers(texts: Sequence[str], marks: Marks) -> list[Decimal] | None:
    """The numbers of `texts` at once when every one is unsigned, plain or grouped by threes
    as `marks` say (what most exports hold); None when one is not, to be read one by one.
    When either mark may be decimal, only plain numbers whose dot cannot separate thousands
    are read at once, as read_number reads them."""
    if not texts:
        return None
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1:  # a line break inside a cell: not one number
        return None
    if marks.decimal is None:
        if not _plain_lines(joined) or _may_be_thousands(joined):
            return None
        return list(map(Decimal, texts))
    digits = _digits(joined, marks.decimal, marks.groups)
    return None if digits is None else list(map(Decimal, digits.split("\n")))


def _digits(joined: str, decimal: str, groups: str) -> str | None:
    """`joined`, numbers one a line written with `decimal` and `groups`, as their digits and
    a decimal point; None when a line is not such a number."""
    # Only the separators the column holds are tried: each is another way a number may be
    # written, and tried on every number that is not plain.
    seps = "".join(sep for sep in sorted(set(groups) - {decimal}) if sep in joined)
    if _numbers(decimal, seps).fullmatch(joined + "\n") is None:
        return None
    for sep in seps:
        joined = joined.replace(sep, "")
    return joined.replace(decimal, ".") if decimal != "." else joined


def number_texts(texts: list[str], marks: Marks) -> list[str] | None:
    """What `format(read_number(text), "f")` gives for each of `texts`, found at once when
    every one is an unsigned number written with the decimal mark `marks` say, plain or
    grouped by threes, without a leading zero (`1,234.50` gives `1234.50`): an import then
    writes them without reading a Decimal from each. None otherwise, to be read."""
    if not texts or marks.decimal is None:
        return None
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1:  # a line break inside a cell: not one number
        return None
    digits = _digits(joined, marks.decimal, marks.groups)
    if digits is None or _leading_zero(digits):
        return None
    return digits.split("\n")


def _plain_lines(joined: str) -> bool:
    """Whether each line of `joined` is as _PLAIN reads it: digits, and at most one dot between
    digits. Checked by a few scans of the whole text, several times faster than a pattern of
    lines on a column of a hundred thousand numbers: without its digits, the text must hold
    only dots and line feeds, never two dots in a row."""
    if not joined or not joined.isascii():
        return False
    marks = joined.encode("ascii").translate(None, _DIGITS)
    return (
        not marks.translate(None, b".\n")
        and not joined.startswith((".", "\n"))
        and not joined.endswith((".", "\n"))
        and all(pair not in joined for pair in ("\n.", ".\n", "\n\n"))
        and b".." not in marks
    )


_DIGITS = b"0123456789"
_NINES = bytes.maketrans(_DIGITS, b"9" * len(_DIGITS))
_THREE_DECIMALS = re.compile(r"\.[0-9]{3}(?:\n|\Z)")


def _may_be_thousands(joined: str) -> bool:
    """Whether a line of `joined` is a number whose dot may separate thousands (`1.234`).
    Money has two decimals: lines ending in three are looked for first, in ASCII text with
    each digit seen as a 9."""
    if joined.isascii():
        three = b".999\n" in joined.encode("ascii").translate(_NINES) + b"\n"
    else:
        three = _THREE_DECIMALS.search(joined) is not None
    return three and _THOUSAND_LINE.search(joined) is not None


@cache
def _numbers(decimal: str, groups: str) -> re.Pattern[str]:
    """Lines each ending with a line feed, each a number written as `_shape` reads it, with
    one group separator. Every quantifier is possessive (a number read one way cannot be read
    another): matched as one repetition, nothing is kept to go back to, and a column of a
    hundred thousand numbers is matched twice as fast as a search for a line that is not one."""
    seps = sorted(set(groups) - {decimal})
    whole = "|".join(
        [*(rf"[1-9][0-9]{{0,2}}+(?:{re.escape(sep)}[0-9]{{3}})++" for sep in seps), "[0-9]++"]
    )
    return re.compile(rf"(?:(?:{whole})(?:{re.escape(decimal)}[0-9]++)?+\n)*+")


_LEADING_ZERO = re.compile(r"\n0[0-9]")


def _leading_zero(joined: str) -> bool:
    """Whether a line of `joined` starts with a zero before another digit (`007.10`), which
    a number's text written back would not have."""
    return _LEADING_ZERO.search(joined) is not None or (joined[:1] == "0" and joined[1:2].isdigit())


def written_numbers(texts: Sequence[str], marks: Marks) -> Sequence[str] | None:
    """`texts` themselves when each is an unsigned number written as it is read and written
    back (`12.50`, `0.125`, `7`: no leading zero, no separator), which `format(value, "f")`
    of what read_number reads gives again: an import then writes them without reading a
    Decimal from each. None otherwise, to be read."""
    if not texts or marks.decimal not in (None, "."):
        return None
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1 or not _plain_lines(joined) or _leading_zero(joined):
        return None
    # When either mark may be decimal, `1.234` reads two ways: it is read, and refused.
    return None if marks.decimal is None and _may_be_thousands(joined) else texts

"""Reading the day of a record: YYYY-MM-DD as typed, or an export's own format (strptime)."""

from __future__ import annotations

import datetime as dt
import re

from opmkt.errors import UsageError
from opmkt.findings import Value, say
from opmkt.track.numbers import Invalid, quoted

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


def parse_date(text: str, date_format: str | None = None) -> dt.date:
    """A real calendar day, written YYYY-MM-DD or in `date_format` (strptime)."""
    raw = text.strip()
    if not raw:
        raise Invalid(say("is empty"))
    if date_format is not None:
        try:
            return dt.datetime.strptime(raw, date_format).date()
        except ValueError:
            example = dt.datetime(2027, 3, 31, 14, 5, 9).strftime(date_format)
            raise Invalid(
                say(
                    "{value} is not a day written as {format} (such as {example})",
                    value=quoted(raw),
                    format=date_format,
                    example=example,
                )
            ) from None
    if not _ISO_DATE.match(raw):
        raise Invalid(
            say("{value} is not a date: write it YYYY-MM-DD, such as 2027-03-31", value=quoted(raw))
        )
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise Invalid(say("{value} is not a day of the calendar", value=quoted(raw))) from None


def check_date_format(date_format: str, option: Value = "--date-format") -> None:
    """Refuse a date format that cannot read the dates it writes (no directive, a typo)."""
    try:
        sample = dt.datetime(2027, 3, 31, tzinfo=dt.UTC).strftime(date_format)
        ok = "%" in date_format and dt.datetime.strptime(sample, date_format).date().day == 31
    except ValueError:
        ok = False
    if not ok:
        raise UsageError(
            say(
                "{option} {format} cannot read dates: use strptime codes, "
                "such as %d/%m/%Y for 31/03/2027",
                option=option,
                format=repr(date_format),
            )
        )

"""Calendar dates in news text: full dates, month-day with a known year, weekdays next to a dated header."""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["find_full_dates", "leading_date", "month_day", "parse_full_date", "resolve_weekday"]

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_MONTH = r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_ISO = re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>0?[1-9]|1[0-2])-(?P<d>0?[1-9]|[12]\d|3[01])(?!\d)")
_MDY = re.compile(_MONTH + r"\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s*,\s*(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE)
_DMY = re.compile(r"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE)
_MD = re.compile(r"\b" + _MONTH + r"\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?!\s*,?\s*(?:19|20)\d\d)(?!\d)", re.IGNORECASE)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_full_dates(text: str) -> list[tuple[int, dt.date]]:
    """Return ``(offset, date)`` for every complete calendar date written in ``text``, in order.

    Examples
    --------
    >>> find_full_dates("Friday, Sep 18, 2020 and 2021-03-24, 21 Oct 2015")
    [(8, datetime.date(2020, 9, 18)), (25, datetime.date(2021, 3, 24)), (37, datetime.date(2015, 10, 21))]
    """
    found: list[tuple[int, dt.date]] = []
    for m in _ISO.finditer(text):
        if (d := _make(int(m["y"]), int(m["m"]), int(m["d"]))) is not None:
            found.append((m.start(), d))
    for rx in (_MDY, _DMY):
        for m in rx.finditer(text):
            month = _MONTHS[m["month"].lower().rstrip(".")]
            if (d := _make(int(m["year"]), month, int(m["day"]))) is not None:
                found.append((m.start(), d))
    return sorted(found)


def parse_full_date(text: str) -> dt.date | None:
    """Parse a metadata date value (ISO, "Sep 18, 2020", "21 Oct 2015"); None when it holds no full date.

    Examples
    --------
    >>> parse_full_date("2024-03-20T08:00:00Z")
    datetime.date(2024, 3, 20)
    >>> parse_full_date("yesterday") is None
    True
    """
    dates = find_full_dates(str(text))
    return dates[0][1] if dates else None


def leading_date(text: str, window: int = 400) -> dt.date | None:
    """The publication date from a leading date line or dateline: the first full date near the top.

    Examples
    --------
    >>> leading_date("date 2020-09-18 Apple News Friday, Sep 18, 2020\\nXi visits ...")
    datetime.date(2020, 9, 18)
    >>> leading_date("Updated: Jan 29,2014 text")
    datetime.date(2014, 1, 29)
    """
    dates = find_full_dates(text[:window])
    return dates[0][1] if dates else None


def month_day(text: str, year: int | None) -> list[tuple[int, dt.date]]:
    """Dates written as month and day only ("Aug. 23"), completed with ``year``; empty when year is None."""
    if year is None:
        return []
    out = []
    for m in _MD.finditer(text):
        month = _MONTHS[m["month"].lower().rstrip(".")]
        if (d := _make(year, month, int(m["day"]))) is not None:
            out.append((m.start(), d))
    return out


def resolve_weekday(weekday: str, anchor: dt.date | None) -> dt.date | None:
    """The most recent ``weekday`` on or before ``anchor`` (a dated header), within the same week.

    News report "on Thursday" for the latest Thursday before the article's date; the same weekday as the
    anchor means the anchor's day itself.

    Examples
    --------
    >>> resolve_weekday("Thursday", dt.date(2020, 9, 18))   # a Friday
    datetime.date(2020, 9, 17)
    >>> resolve_weekday("Wednesday", None) is None
    True
    """
    if anchor is None:
        return None
    try:
        target = _WEEKDAYS.index(weekday.lower())
    except ValueError:
        return None
    return anchor - dt.timedelta(days=(anchor.weekday() - target) % 7)

"""Dates in the words people read: "EXIM page of March 2023, checked 30 Nov 2026"."""

from __future__ import annotations

import re
from datetime import date

_PUBLISHED = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def short_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}"


def source_date(day: date, precision: str = "day") -> str:
    """The source's own date only as precisely as the source gives it."""
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return f"{MONTHS[day.month - 1]} {day.year}"
    return long_date(day)


def dated_label(
    label: str, as_of: date, precision: str, checked: date | None, not_checked: str, undated: bool = False
) -> str:
    """'EXIM page of March 2023, checked 30 Nov 2026'; for a page that gives no date of its own,
    'EXIM page (undated; facts as of 2022), checked …'. Unchecked documents say so."""
    when = f"checked {short_date(checked)}" if checked else not_checked
    if undated:
        return f"{label} (undated; facts as of {source_date(as_of, precision)}), {when}"
    return f"{label} of {source_date(as_of, precision)}, {when}"


def in_days(days: int) -> str:
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"in {days} days"


def possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def parse_published(text: str | None) -> tuple[date, str] | None:
    """A source's own date ('2024-10-02', '2025-11', '2023') with its precision; None when it gives none."""
    match = _PUBLISHED.match((text or "").strip())
    if not match:
        return None  # 'n.d.', 'c.2017', '2024/25' …: the document's own as-of date stands in
    year, month, day = match.groups()
    try:
        when = date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    return when, "day" if day else "month" if month else "year"

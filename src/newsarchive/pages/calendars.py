"""Calendars and charts for the archive's pages, computed at build time (no JavaScript): the weeks of a
month laid out from the locale's first day of the week, each day with its number of articles and a shade
level; the bars of an articles-per-month chart. Pure functions of numbers and dates: no I/O, no URLs,
no words (templates add those)."""

from __future__ import annotations

import calendar as stdlib_calendar
import math
from dataclasses import dataclass
from datetime import date

MIN_SLOTS = 12  # a chart's bars are at most a year's width each (bars)
LEVELS = 4  # shades of a day with articles: 1 (few) .. 4 (the busiest days)


@dataclass(frozen=True, slots=True)
class Day:
    day: date
    count: int  # articles filed on that day
    level: int  # 0 (none) .. LEVELS


@dataclass(frozen=True, slots=True)
class Month:
    year: int
    month: int
    weeks: tuple[tuple[Day | None, ...], ...]  # rows of 7; None pads before the 1st and after the last day
    weekdays: tuple[int, ...]  # the columns' weekdays (0 Monday .. 6 Sunday), from the first day of the week
    total: int


def level(count: int, busiest: int, quietest: int = 0) -> int:
    """The shade of a day: 0 without articles, else 1..LEVELS in proportion to the busiest day shown; 1 when
    every day shown has as many articles (``quietest``: the fewest a day with articles has): a scale
    without contrast says nothing, and a month of equal days is a calm block, not a bright one."""
    if count <= 0:
        return 0
    if busiest <= 1 or quietest >= busiest:
        return 1
    return max(1, min(LEVELS, math.ceil(LEVELS * count / busiest)))


def month(year: int, month_: int, counts: dict[int, int], first_weekday: int = 0,
          busiest: int | None = None, quietest: int | None = None) -> Month:
    """The weeks of a month, the first column being ``first_weekday`` (Babel's ``first_week_day``).
    ``counts`` maps days of the month to their number of articles; ``busiest`` and ``quietest`` (default:
    this month's busiest day and quietest day with articles) set the shades, so that a year's months
    share one scale."""
    if busiest is None:
        busiest = max(counts.values(), default=0)
    if quietest is None:
        quietest = min((n for n in counts.values() if n > 0), default=0)

    def cell(n: int) -> Day | None:  # the grid pads the weeks with 0
        return Day(date(year, month_, n), counts.get(n, 0), level(counts.get(n, 0), busiest, quietest)) \
            if n else None

    grid = stdlib_calendar.Calendar(first_weekday).monthdayscalendar(year, month_)
    weeks = tuple(tuple(cell(n) for n in week) for week in grid)
    weekdays = tuple((first_weekday + i) % 7 for i in range(7))
    return Month(year, month_, weeks, weekdays, sum(counts.values()))


def year(year_: int, counts: dict[int, dict[int, int]], first_weekday: int = 0) -> list[Month]:
    """The twelve months of a year on one shading scale; ``counts``: month -> day -> articles."""
    busiest = max((n for days in counts.values() for n in days.values()), default=0)
    quietest = min((n for days in counts.values() for n in days.values() if n > 0), default=0)
    return [month(year_, m, counts.get(m, {}), first_weekday, busiest, quietest) for m in range(1, 13)]


def neighbours(days: list, day):
    """The previous and next of ``days`` (days, years or (year, month) pairs; sorted, oldest first, ``day``
    among them)."""
    from bisect import bisect_left

    i = bisect_left(days, day)
    return (days[i - 1] if i > 0 else None), (days[i + 1] if i + 1 < len(days) else None)


# ---- the articles-per-month chart ----

@dataclass(frozen=True, slots=True)
class Bar:
    year: int
    month: int
    count: int
    x: float
    y: float
    width: float
    height: float


def months_between(first: date, last: date) -> list[tuple[int, int]]:
    """Every (year, month) from ``first``'s month to ``last``'s, both included."""
    out = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def bars(counts: list[tuple[int, int, int]], width: float = 600, height: float = 120,
         gap: float = 0.2) -> list[Bar]:
    """Bars for ``(year, month, count)`` in order, filling a ``width`` x ``height`` box (SVG units,
    y down); every month gets a slot, a month without articles a bar of height 0. A slot is at most a
    twelfth of the width (``MIN_SLOTS``): a source of a few months gets a short run of bars from the left,
    which reads as a chart, not one bar as wide as the box."""
    if not counts:
        return []
    busiest = max(c for _y, _m, c in counts) or 1
    slot = width / max(len(counts), MIN_SLOTS)
    out = []
    for i, (y, m, c) in enumerate(counts):
        h = round(height * c / busiest, 2)
        out.append(Bar(y, m, c, round(i * slot + slot * gap / 2, 2), round(height - h, 2),
                       round(slot * (1 - gap), 2), h))
    return out

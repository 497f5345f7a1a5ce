"""Corrections an editor records by hand in an article's front matter::

    corrections:
      - date: 2018-03-27
        note: The toll was 12, not 21 as first reported.

Each item needs a date (as ``date:`` is written) and a note (text). The loader keeps them, checked, as
``article.extra["corrections"]``: a list of ``[day, instant, note]`` (ISO day, ISO instant, the note with
its spaces folded, its text-direction controls left out with a warning, as in every other text value),
oldest first, so that the build cache (marshal) and templates see plain values.
"""

from __future__ import annotations

from datetime import tzinfo

from newsarchive import dates
from newsarchive.content import values
from newsarchive.errors import kind_of, shorten

KEY = "corrections"
EXAMPLE = "corrections: [{date: 2018-03-27, note: \"The toll was 12, not 21.\"}]"


def read(data: dict, line, problems, tz: tzinfo, published: dates.ArticleDate | None = None) -> list | None:
    """The checked corrections of an article's front matter (None when it has none); each problem is
    reported on the key's line (``problems.error``) with the item's number. A correction dated before the
    article's day (``published``) cannot be: an error; earlier the same day, a warning (a time zone, a
    typo); after now is ``check``'s to say (``checks.future_changes``)."""
    if KEY not in data or data[KEY] is None:
        return None
    value = data[KEY]
    where = line(KEY)
    if isinstance(value, dict):
        value = [value]  # one correction written without the list
    if not isinstance(value, list):
        problems.error(where, f"'corrections' must be a list of {{date, note}}, not {kind_of(value)}",
                       f"write {EXAMPLE}")
        return None
    out = []
    for number, item in enumerate(value, 1):
        label = f"'corrections' item {number}" if len(value) > 1 else "'corrections'"
        if not isinstance(item, dict):
            problems.error(where, f"{label} must have a date and a note, not {shorten(item)}",
                           f"write {EXAMPLE}")
            continue
        unknown = sorted(str(k) for k in item if k not in ("date", "note"))
        if unknown:
            problems.error(where, f"{label} has an unknown key '{unknown[0]}' (a correction has a date and "
                           "a note)", f"write {EXAMPLE}")
            continue
        note = item.get("note")
        if not isinstance(note, str) or not note.strip():
            said = "no 'note'" if note is None or note == "" else f"a 'note' that is {kind_of(note)}"
            problems.error(where, f"{label} has {said}", "say what was corrected, e.g. "
                           "note: \"The toll was 12, not 21.\"")
            continue
        if item.get("date") is None:
            problems.error(where, f"{label} has no 'date'",
                           "add the day it was corrected, e.g. date: 2018-03-27")
            continue
        try:
            when = dates.parse_date(item["date"], tz)
        except dates.DateError as exc:
            problems.error(where, f"{label}: 'date': {exc}", dates.DATE_HINT)
            continue
        if published is not None and _before(when, published, label, where, problems):
            continue
        note = values.without_direction_controls(note, f"the note of {label}", where, problems)
        out.append([when.day.isoformat(), when.instant.isoformat(), " ".join(note.split())])
    out.sort(key=lambda c: c[1])
    return out


def _before(when: dates.ArticleDate, published: dates.ArticleDate, label: str, where, problems) -> bool:
    """Whether the correction is dated before its article (an error, said); earlier on its day: a warning."""
    if when.day < published.day:
        problems.error(where, f"{label} is dated {when.day.isoformat()}, before the article's date "
                       f"{published.day.isoformat()}: a correction cannot come before the article",
                       "check the year and month of the correction's date, and the article's 'date'")
        return True
    if when.has_time and published.has_time and when.instant < published.instant:
        problems.warn(where, f"{label} is dated {when.instant.isoformat()}, before the article's "
                      f"publication ({published.instant.isoformat()})",
                      "check the correction's time and time zone")
    return False

"""Everything about dates: reading them from front matter and file names, and showing them.

An article's date keeps two facts: the exact instant (an aware datetime, used for ordering) and the
calendar day as written in the file (used for filing: an article at 23:30-05:00 on the 9th is on the 9th).
A date without a time is midnight of that day in the site's time zone; a time without an offset is read
in the site's time zone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from newsarchive.errors import kind_of

DATE_HINT = (
    "write it as YYYY-MM-DD (e.g. 2018-03-26), or with a time as 2018-03-26T18:45:00+03:00 "
    "or 2018-03-26 18:45:00 +0300"
)

_DATE_RE = re.compile(
    r"""^\s*
    (?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})
    (?:
      (?:[Tt]|\s+)
      (?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<f>\d{1,9}))?)?
      \s*(?:(?P<tz>[Zz]|UTC|GMT|[+-](?:\d{4}|\d{1,2}(?::\d{2})?))(?:\s*\(?[A-Z]{3,5}\)?)?)?
    )?
    \s*$""",
    re.VERBOSE,
)
_FILENAME_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[-_ ]|$)")


class DateError(ValueError):
    """A date a user wrote that cannot be read; the message says what is wrong."""


@dataclass(frozen=True, slots=True)
class ArticleDate:
    instant: datetime  # aware
    day: date  # the calendar day as written
    has_time: bool

    def isoformat(self) -> str:
        return self.instant.isoformat()


@lru_cache(maxsize=64)
def zone(name: str) -> tzinfo:
    """The site's time zone by IANA name ('UTC', 'Europe/Paris')."""
    if name.upper() in ("UTC", "Z", "GMT"):
        return timezone.utc
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise DateError(f"unknown time zone {name!r}") from exc


def _offset(text: str) -> tzinfo:
    if text in ("Z", "z", "UTC", "GMT"):
        return timezone.utc
    sign, digits = (-1 if text[0] == "-" else 1), text[1:]
    if ":" in digits:  # +05:30
        hours, minutes = (int(part) for part in digits.split(":"))
    elif len(digits) <= 2:  # -4 (Ruby, Jekyll), -04
        hours, minutes = int(digits), 0
    else:  # -0400
        hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 23 or minutes > 59:
        raise DateError(f"impossible UTC offset {text!r}")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def parse_date(value: object, tz: tzinfo = timezone.utc) -> ArticleDate:
    """Read a front-matter date: a YAML date/datetime object or a string. Raises DateError.

    The instant always carries a fixed UTC offset (the one in force then, for a named time zone), so that
    a date read from the build cache is the same object as one read from the file."""
    found = _parse(value, tz)
    offset = found.instant.utcoffset()
    if found.instant.tzinfo is not _fixed(offset):
        found = ArticleDate(found.instant.replace(tzinfo=_fixed(offset)), found.day, found.has_time)
    return found


@lru_cache(maxsize=256)
def _fixed(offset: timedelta) -> tzinfo:
    return timezone.utc if not offset else timezone(offset)


def _parse(value: object, tz: tzinfo) -> ArticleDate:
    if isinstance(value, datetime):
        instant = value if value.tzinfo else value.replace(tzinfo=tz)
        return ArticleDate(instant, value.date(), True)
    if isinstance(value, date):
        return ArticleDate(datetime.combine(value, time(), tz), value, False)
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise DateError(f"date must be text like 2018-03-26, not {kind_of(value)}")
    text = str(value).strip()
    if not text:
        raise DateError("date is empty")
    match = _DATE_RE.match(text)
    if not match:
        raise DateError(f"{text!r} is not a date I can read")
    g = match.groupdict()
    try:
        day = date(int(g["y"]), int(g["m"]), int(g["d"]))
    except ValueError as exc:
        raise DateError(f"{text!r} is not a real date ({exc})") from None
    if g["H"] is None:
        return ArticleDate(datetime.combine(day, time(), tz), day, False)
    try:
        fraction = int((g["f"] or "0")[:6].ljust(6, "0"))
        clock = time(int(g["H"]), int(g["M"]), int(g["S"] or 0), fraction)
    except ValueError as exc:
        raise DateError(f"{text!r} has an impossible time ({exc})") from None
    offset = _offset(g["tz"]) if g["tz"] else tz
    return ArticleDate(datetime.combine(day, clock, offset), day, True)


def date_from_filename(stem: str, tz: tzinfo = timezone.utc) -> ArticleDate | None:
    """The date of a ``YYYY-MM-DD-`` file-name prefix, or None. Raises DateError if impossible."""
    match = _FILENAME_DATE_RE.match(stem)
    if not match:
        return None
    y, m, d = (int(x) for x in match.groups())
    try:
        day = date(y, m, d)
    except ValueError as exc:
        raise DateError(f"the file name starts with an impossible date ({exc})") from None
    return ArticleDate(datetime.combine(day, time(), tz).replace(tzinfo=_fixed(
        datetime.combine(day, time(), tz).utcoffset())), day, False)


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_EPOCH_NAIVE = datetime(1970, 1, 1)
_MICROSECOND = timedelta(microseconds=1)


def to_record(instant: datetime) -> tuple[int, int]:
    """An aware datetime as (microseconds since the epoch, UTC offset in seconds): cheap to store."""
    return (instant - _EPOCH) // _MICROSECOND, int(instant.utcoffset().total_seconds())


def from_record(record: tuple[int, int]) -> datetime:
    micro, offset = record
    zone_ = _offsets.get(offset)
    if zone_ is None:
        zone_ = _offsets[offset] = _fixed(timedelta(seconds=offset))
    seconds, fraction = divmod(micro, 1_000_000)
    try:
        return datetime.fromtimestamp(seconds, zone_).replace(microsecond=fraction)
    except (OverflowError, OSError, ValueError):  # near years 1 and 9999: rebuild from local time
        local = _EPOCH_NAIVE + timedelta(microseconds=micro + offset * 1_000_000)
        return local.replace(tzinfo=zone_)


_offsets: dict[int, tzinfo] = {}


def strip_date_prefix(stem: str) -> str:
    return _FILENAME_DATE_RE.sub("", stem, count=1)


# ---- showing dates (Babel, in a given locale) ----

@lru_cache(maxsize=65536)
def format_day(day: date, locale: str, width: str = "long") -> str:
    """``26 mars 2018`` (fr), ``27 de marzo de 2018`` (es), ``March 26, 2018`` (en): Babel's
    ``format_date``, with the locale and its pattern looked up once (a build labels thousands of days)."""
    babel_locale, pattern = _day_pattern(locale, width)
    return pattern.apply(day, babel_locale)


@lru_cache(maxsize=64)
def _day_pattern(locale: str, width: str) -> tuple:
    from babel import Locale
    from babel.dates import get_date_format, parse_pattern

    babel_locale = Locale.parse(locale)
    return babel_locale, parse_pattern(get_date_format(width, locale=babel_locale))


@lru_cache(maxsize=2048)
def format_month(year: int, month: int, locale: str) -> str:
    """``March 2018``, ``mars 2018``; month 0 is the whole year (``2018``)."""
    from babel.dates import format_skeleton

    if not month:
        return str(year)

    return format_skeleton("yMMMM", date(year, month, 1), locale=locale)


@lru_cache(maxsize=512)
def month_name(month: int, locale: str) -> str:
    from babel.dates import get_month_names

    return str(get_month_names("wide", "stand-alone", locale=locale)[month])


# ---- calendars and citations (Babel) ----

@lru_cache(maxsize=64)
def first_week_day(locale: str) -> int:
    """The day weeks start on in ``locale``: 0 Monday ... 6 Sunday (en_US: 6, fr: 0, ar_EG: 5)."""
    from babel import Locale

    return Locale.parse(locale).first_week_day


WEEKDAY_WIDTH = 4  # characters a calendar's column heading holds on a phone


@lru_cache(maxsize=64)
def weekday_names(locale: str) -> tuple[tuple[str, str], ...]:
    """(short, full) weekday names, Monday first: ``("Mon", "Monday")``, ``("lun.", "lundi")``. The short
    name is CLDR's abbreviated one when every day's fits a calendar's narrow column (``WEEKDAY_WIDTH``),
    else its short one, else its narrow one: Arabic's abbreviated names are the whole words (الأربعاء),
    which broke mid-word in a phone's calendar; its narrow ones are a letter (ر), the full name being the
    heading's title."""
    from babel.dates import get_day_names

    full = get_day_names("wide", "stand-alone", locale=locale)
    for width in ("abbreviated", "short", "narrow"):
        short = get_day_names(width, "stand-alone", locale=locale)
        if all(len(str(short[i])) <= WEEKDAY_WIDTH for i in range(7)):
            break
    return tuple((str(short[i]), str(full[i])) for i in range(7))


@lru_cache(maxsize=4096)
def format_month_short(year: int, month: int, locale: str) -> str:
    """``Mar 2018``, ``mars 2018``: for chart labels."""
    from babel.dates import format_skeleton

    return format_skeleton("yMMM", date(year, month, 1), locale=locale)


# MLA abbreviates English month names longer than four letters (MLA Handbook, 9th ed.).
_MLA_MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")


@lru_cache(maxsize=16384)  # a day's articles share it; Babel's skeleton matching is slow (2% of a build)
def citation_day(day: date, style: str, locale: str) -> str:
    """A date as a citation style writes it: APA ``2018, March 26``, MLA ``26 Mar. 2018``, Chicago
    ``March 26, 2018`` (English); other locales use their own month names and order."""
    from babel.dates import format_date, format_skeleton

    english = locale.split("_")[0] == "en"
    if style == "apa":
        return f"{day.year}, {format_skeleton('MMMMd', day, locale=locale)}"
    if style == "mla":
        if english:
            return f"{day.day} {_MLA_MONTHS[day.month - 1]} {day.year}"
        return format_date(day, "d MMM y", locale=locale)
    return format_date(day, format="long", locale=locale)


# Dates written in a language's own words, as feeds and pages of that language write them:
# "Seg, 24 Set 2018 19:42:40 -0300", "mar., 27 mars 2018 08:00:00 +0200", "24 de setembro de 2018".
# Month and weekday names are Babel's (CLDR) for the language; without a language, the common ones are
# tried.
LOCALIZED_LANGUAGES = ("en", "fr", "es", "pt", "de", "it", "nl", "ca", "ar", "ro", "pl", "sv", "da", "nb",
                       "tr", "id")
_CONNECTORS = {"de", "del", "di", "le", "el", "à", "a", "the", "of", "den", "der", "um", "às", "as", "at",
               "h", "في", "l", "du", "en", "am", "om"}
_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*\.?|\d+")
_TIME = re.compile(r"(?<!\d)(\d{1,2})[:h](\d{2})(?::(\d{2}))?(?!\d)")
_ZONE = re.compile(r"(?:\s|^)(?:(?:GMT|UTC)?([+-]\d{2}):?(\d{2})|(GMT|UTC|Z))\s*$", re.IGNORECASE)
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def _fold(word: str) -> str:
    import unicodedata

    word = word.casefold().rstrip(".")
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


@lru_cache(maxsize=64)
def _names(language: str) -> tuple[dict[str, int], frozenset[str]] | None:
    """({folded month name: month}, {folded weekday names}) of a language, or None if Babel has none."""
    from babel import UnknownLocaleError
    from babel.dates import get_day_names, get_month_names

    try:
        months: dict[str, int] = {}
        days: set[str] = set()
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in get_month_names(width, context, language).items():
                    months.setdefault(_fold(name), number)
                for name in get_day_names(width, context, language).values():
                    days.add(_fold(name))
    except (UnknownLocaleError, ValueError):
        return None
    return months, frozenset(days)


def parse_localized(text: str, language: str | None = None, tz: tzinfo = timezone.utc) -> datetime | None:
    """An aware datetime from a date written with month (and weekday) names of ``language`` (a BCP 47 code;
    None: the common languages are tried in turn), or None when ``text`` is not such a date. Every word must
    be a weekday, the month or a connector ("de", "of"): a sentence that contains a date is not a date."""
    text = " ".join(str(text).translate(_DIGITS).split())
    offset: tzinfo = tz
    zone_match = _ZONE.search(text)
    if zone_match:
        if zone_match.group(3):
            offset = timezone.utc
        else:
            try:
                offset = _offset(zone_match.group(1) + zone_match.group(2))
            except DateError:
                return None
        text = text[: zone_match.start()]
    clock = (0, 0, 0)
    time_match = _TIME.search(text)
    if time_match:
        clock = (int(time_match.group(1)), int(time_match.group(2)), int(time_match.group(3) or 0))
        text = text[: time_match.start()] + " " + text[time_match.end():]
    tokens = [_fold(t) for t in _TOKEN.findall(text)]
    base = language.split("-")[0].split("_")[0].lower() if language else None
    for candidate in ((base,) if base else LOCALIZED_LANGUAGES):
        found = _read_tokens(tokens, candidate)
        if found is not None:
            year, month, day = found
            try:
                return datetime(year, month, day, *clock, tzinfo=offset)
            except ValueError:
                return None
    return None


def _read_tokens(tokens: list[str], language: str) -> tuple[int, int, int] | None:
    names = _names(language)
    if names is None:
        return None
    months, days = names
    numbers = [i for i, t in enumerate(tokens) if t.isdigit()]
    years = [i for i in numbers if len(tokens[i]) == 4]
    day_at = [i for i in numbers if len(tokens[i]) <= 2 and 1 <= int(tokens[i]) <= 31]
    if len(years) != 1 or len(day_at) != 1 or len(numbers) != 2:
        return None
    day_index = day_at[0]
    month_index = None
    for step in (1, -1):  # the month is the name nearest the day, skipping connectors ("24 de setembro")
        index = day_index + step
        while 0 <= index < len(tokens) and tokens[index] in _CONNECTORS:
            index += step
        if 0 <= index < len(tokens) and tokens[index] in months:
            month_index = index
            break
        if index != years[0]:  # the month before the day only when the year follows: "March 27, 2018"
            return None
    if month_index is None:
        return None
    for index, word in enumerate(tokens):
        if index in (month_index, day_index, years[0]) or word in _CONNECTORS or word in days:
            continue
        return None
    return int(tokens[years[0]]), months[tokens[month_index]], int(tokens[day_index])

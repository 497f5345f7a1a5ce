"""Bylines as newsrooms write them, and the person's name in them: the one rule, for citations and
structured data (the article page shows the byline as written).

A byline may start with a word for "by" (``By``, ``Par``, ``Por``, ``Von``, ``بقلم:``), which is not part
of the name. A comma (also the Arabic ``،`` and the full-width ``，``) separates either a family name from
the given names, as a bibliography writes them, or a name from a role or an affiliation:

- ``Le Goff, Claire``, ``van der Berg, Anna``, ``Pérez, María José``: **family, given** when the part
  before the comma is one family name (one word, with its particles: ``Le Goff``, ``van der Berg``,
  ``al-Harbi``) and the part after it looks like given names (one to three words, each capitalized or in
  a script without case; no acronym, no digit, no lower-case word but a particle, no Chinese, Japanese
  or Korean: names in those are written family name first, without a comma);
- ``Calvin Rodo, Chief Technology Officer``, ``Claire Le Goff, envoyée spéciale à Brest``, ``Jean Dupont,
  AFP``, ``أحمد علي، مراسل الجزيرة``: otherwise **name, role**: the name is what comes before the comma.

What comes before the name is not part of it: a dateline or a credit before a colon (``London: Mina
Al-Oraibi``, ``بقلم لندن: مينا العريبي``, ``Additional reporting: Tom Chenoweth``: at most four words, the
colon followed by the name) or an upper-case dateline before a dash (``LONDON — Jane Doe``); nor is an
outlet or affiliation in brackets after it (``Morag Innes (Northern Wire)``). They become the role.

A name in order (``Claire Le Goff``) is split as before: the family name is the last word with the
particles before it. What the rule cannot tell: a family name of two words besides particles written
first (``García Márquez, Gabriel``) reads as a name and a role.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Lower-case particles that belong to the family name: "Claire Le Goff" -> Le Goff, Claire.
PARTICLES = frozenset({"al", "bin", "ben", "ibn", "da", "das", "de", "del", "della", "der", "des", "di",
                       "do", "dos", "du", "el", "la", "le", "van", "von", "y", "abu", "ter", "ten", "st."})
_BY = re.compile(r"(?:by|par|por|von|بقلم)(?:\s*:\s*|\s+)(?=\S)", re.IGNORECASE)
_COMMA = re.compile(r"\s*[,\u060c\uff0c]\s*")
# a dateline or a credit before the name: "London: ", "Additional reporting: ", "لندن: ", "LONDON — "
_LABEL = re.compile(r"([^\W\d_][^:\uff1a]{0,60}?)\s*[:\uff1a]\s+(?=\S)"
                    r"|([A-Z][A-Z.' -]*[A-Z.])\s+[\u2014\u2013]\s*(?=\S)")
_BRACKETED = re.compile(r"\s*\(([^()]+)\)$")  # "Morag Innes (Northern Wire)"
_DIGIT = re.compile(r"\d")
_HAN_KANA_HANGUL = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_INITIAL = re.compile(r"(?:[^\W\d_]\.)(?:-?[^\W\d_]\.)*")  # J. or J.-P.


@lru_cache(maxsize=4096)
def parse(byline: str) -> tuple[str, str, str]:
    """(family, given, role) of a byline; ``given`` and ``role`` may be empty. A one-word name (or an
    organization) is all family name."""
    text = " ".join(str(byline).split())
    by = _BY.match(text)
    if by and not _particle_follows(text[by.end():]):
        text = text[by.end():]
    before = []  # a dateline, a credit, an affiliation: the role, not the name
    label = _LABEL.match(text)
    if label and len((label.group(1) or label.group(2)).split()) <= 4:
        before.append(label.group(1) or label.group(2))
        text = text[label.end():]
    bracketed = _BRACKETED.search(text)
    if bracketed and text[:bracketed.start()].strip(" ,\u060c\uff0c"):
        before.append(bracketed.group(1).strip())
        text = text[:bracketed.start()]
    head, *tail = _COMMA.split(text)
    if not head:  # ", Staff Writer": no name before the comma; keep the words
        head, tail = " ".join(p for p in tail if p) or text, []
    if tail and _one_family_name(head) and _given_names(tail[0]):
        return head, tail[0], ", ".join(p for p in (*tail[1:], *before) if p)
    family, given = _in_order(head)
    return family, given, ", ".join(p for p in (*tail, *before) if p)


def split(byline: str) -> tuple[str, str]:
    """(family, given) of the person a byline names."""
    family, given, _role = parse(byline)
    return family, given


def name(byline: str) -> str:
    """The person's name, given names first: ``Le Goff, Claire`` -> ``Claire Le Goff``; ``By Jane Doe,
    Staff Writer`` -> ``Jane Doe``."""
    family, given, _role = parse(byline)
    return f"{given} {family}" if given else family


def _particle_follows(rest: str) -> bool:
    """``Von der Leyen``: a 'by' word followed by a particle is a family name's start, not 'by'."""
    first = rest.split(" ", 1)[0]
    return first in PARTICLES


def _in_order(text: str) -> tuple[str, str]:
    """``Claire Le Goff`` -> (Le Goff, Claire)."""
    words = text.split(" ")
    if len(words) == 1:
        return text, ""
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in PARTICLES:
        start -= 1
    return " ".join(words[start:]), " ".join(words[:start])


def _one_family_name(text: str) -> bool:
    """One family name with its particles: ``Le Goff``, ``van der Berg``, ``Pérez``, ``الحربي``."""
    words = text.split(" ")
    return len(words) <= 4 and sum(1 for w in words if w.lower() not in PARTICLES) == 1


def _given_names(text: str) -> bool:
    """One to three given names or initials: ``Claire``, ``María José``, ``J.-P.``, ``سلمى``."""
    words = text.split(" ")
    if not 1 <= len(words) <= 3 or _DIGIT.search(text) or _HAN_KANA_HANGUL.search(text):
        return False  # Chinese, Japanese and Korean names are written family name first, without a comma
    for word in words:
        if word.lower() == word.upper() or _INITIAL.fullmatch(word):
            continue  # a script without case (Arabic, Chinese...), or an initial
        if word.lower() in PARTICLES:
            continue
        letters = [c for c in word if c.isalpha()]
        if not letters or not letters[0].isupper() or (len(letters) > 1 and word.isupper()):
            return False  # lower case (a role: "envoyée"), or an acronym ("AFP")
    return True

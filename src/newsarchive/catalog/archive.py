"""The archive: every published article placed at its URL, and the indexes by date and by each kind of
term (source, language, tag, author: the taxonomies' table), sorted newest first (by instant, then path).
No I/O."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from newsarchive import i18n, routes
from newsarchive.config import Config
from newsarchive.errors import WARNING, Problem
from newsarchive.fingerprints import entry_key
from newsarchive.model import Article, Entry, Term, Translation
from newsarchive.pages import views
from newsarchive.taxonomies import TAXONOMIES, Taxonomy

UNATTRIBUTED = "unattributed"


@dataclass(slots=True)
class Archive:
    entries: list[Entry]  # newest first
    calendar: dict[int, dict[int, dict[int, list[Entry]]]]  # year -> month -> day -> entries, newest first
    problems: list[Problem]
    # the terms of each kind (taxonomies.TAXONOMIES), by name
    sources: list[Term]
    languages: list[Term]
    tags: list[Term]
    authors: list[Term]

    @property
    def years(self) -> list[int]:
        return sorted(self.calendar, reverse=True)

    def terms(self, taxonomy: Taxonomy) -> list[Term]:
        """The terms of one kind, by name."""
        return getattr(self, taxonomy.plural)


def build_archive(articles: list[Article], config: Config) -> Archive:
    problems: list[Problem] = []
    keyed = [(a.instant.timestamp(), a.path, a) for a in articles]
    keyed.sort(key=lambda k: (-k[0], k[1]))  # newest first, then by path
    entries = _place(keyed, problems)
    terms = {taxonomy.plural: _terms(entries, taxonomy, config) for taxonomy in TAXONOMIES}
    calendar: dict[int, dict[int, dict[int, list[Entry]]]] = {}
    locale = i18n.babel_locale(config.language)
    for entry in entries:
        entry.key = entry_key(entry)
        d = entry.article.day
        entry.date_label = views.date_label(d, locale)
        calendar.setdefault(d.year, {}).setdefault(d.month, {}).setdefault(d.day, []).append(entry)
    _link_translations(entries, problems)
    views.link_neighbours(entries, terms["sources"], calendar)
    return Archive(entries, calendar=calendar, problems=problems, **terms)


def _link_translations(entries: list[Entry], problems: list[Problem]) -> None:
    """The same story in several languages: ``translation_of: <file under content/>`` or a shared
    ``story: <key>`` puts articles in one group; each lists the others (both ways)."""
    by_path = {e.article.path: e for e in entries}
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    def join(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    stories: dict[str, str] = {}
    for entry in entries:
        extra, path = entry.article.extra, entry.article.path
        story = extra.get("story")
        if isinstance(story, (str, int)) and str(story).strip():
            key = str(story).strip()
            join(path, stories.setdefault(key, path))
        other = extra.get("translation_of")
        if isinstance(other, str) and other.strip():
            target = other.strip().removeprefix("content/").lstrip("/")
            if target in by_path:
                join(path, target)
            else:
                problems.append(Problem(
                    "content/" + path, None,
                    f"'translation_of' names {other.strip()!r}, which is not a published article",
                    "write the other file's path under content/, e.g. 2018/03/storm.md", WARNING))
    groups: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        groups[find(entry.article.path)].append(entry)
    for members in groups.values():
        if len(members) < 2:
            continue
        for entry in members:
            entry.translations = sorted(Translation(m.url, m.article.language, m.article.title)
                                        for m in members if m is not entry)


def _place(keyed: list[tuple[float, str, Article]], problems: list[Problem]) -> list[Entry]:
    """Give every article its URL; two that would share one are told apart by a suffix, the older
    (then the first by path) keeping the plain URL."""
    by_url: dict[str, list[Article]] = {}
    day_urls: dict[date, str] = {}
    plain: list[str] = []
    for _ts, _path, article in keyed:
        d = article.day
        prefix = day_urls.get(d)
        if prefix is None:
            prefix = day_urls[d] = routes.day(d.year, d.month, d.day)
        url = f"{prefix}{routes.segment(article.slug)}/"  # routes.article, the day's part computed once: hot
        plain.append(url)
        group = by_url.get(url)
        if group is None:
            by_url[url] = [article]
        else:
            group.append(article)
    url_of: dict[str, str] = {}
    shared = {url: group for url, group in by_url.items() if len(group) > 1}
    if shared:
        taken_by_day: dict[date, set[str]] = defaultdict(set)
        for url, group in by_url.items():
            if len(group) == 1:
                taken_by_day[group[0].day].add(group[0].slug)
        for article in sorted((a for g in shared.values() for a in g),
                              key=lambda a: (a.instant.timestamp(), a.path)):
            d = article.day
            slug = routes.unique(article.slug, taken_by_day[d])
            url_of[article.path] = routes.article(d.year, d.month, d.day, slug)
        for url, group in shared.items():
            names = ", ".join("content/" + a.path for a in sorted(group, key=lambda a: a.path))
            for article in group:
                problems.append(Problem(
                    "content/" + article.path, None,
                    f"articles share the URL /{routes.readable(url)} ({names}); this one is published at "
                    f"/{routes.readable(url_of[article.path])}",
                    "give one of them a different 'slug:' or title",
                    WARNING,
                ))
    direction = i18n.direction
    return [Entry(a, url_of.get(a.path) or url, direction=direction(a.language))
            for (_ts, _path, a), url in zip(keyed, plain)]


def make_term(taxonomy: Taxonomy, key: str, spelling: str, entries, config: Config,
              info_by_slug: dict | None = None) -> Term:
    """A term of ``taxonomy`` named after ``spelling`` (the name most of its articles write): a language
    by its name in the site's language, a source by its name in the config's ``sources:`` when given."""
    if taxonomy.key == "code":
        return Term(taxonomy.kind, key, i18n.language_name(key, config.language), taxonomy.term_url(key),
                    entries, direction=i18n.direction(key), spelling=spelling)
    # (a source's "Unattributed", when an article names none)
    name = spelling or i18n.translate("Unattributed", config.language)
    term = Term(taxonomy.kind, key, name, taxonomy.term_url(key), entries, spelling=spelling)
    if taxonomy.config_info:
        if info_by_slug is None:
            info_by_slug = sources_info(config)
        term.info = info_by_slug.get(key)
        if term.info and term.info.name:  # a short id in the articles, its name in the config
            term.name = term.info.name
        if term.info and term.info.language:
            term.direction = i18n.direction(term.info.language)
    return term


def sources_info(config: Config) -> dict:
    """The config's ``sources:`` facts, by the source's key."""
    return {routes.make_slug(name, mode=config.slugs): info for name, info in config.sources.items()}


def _terms(entries: list[Entry], taxonomy: Taxonomy, config: Config) -> list[Term]:
    """The terms of one kind (a row of the taxonomies' table), by name. Names are keyed by slug (or are
    the key: language codes), so 'Le Monde' and 'le monde' are one source; the name shown is the spelling
    used most (then the first in alphabetical order), a language's its name in the site's language."""
    spellings: dict[str, Counter] = defaultdict(Counter)
    members: dict[str, list[Entry]] = defaultdict(list)
    key_of: dict[str, str] = {}  # name -> key, each name keyed once
    entry_keys: list[list[str]] = []
    names_of, slugs = taxonomy.names, config.slugs
    for entry in entries:
        mine: list[str] = []
        for name in names_of(entry.article):
            key = key_of.get(name)
            if key is None:
                key = key_of[name] = taxonomy.key_of(name, slugs)
            spellings[key][name] += 1
            if key not in mine:
                members[key].append(entry)
                mine.append(key)
        entry_keys.append(mine)
    info_by_slug = sources_info(config) if taxonomy.config_info else {}
    terms: dict[str, Term] = {}
    for key, counts in spellings.items():
        spelling = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        terms[key] = make_term(taxonomy, key, spelling, members[key], config, info_by_slug)
    attribute = taxonomy.attribute
    if taxonomy.single:
        for entry, mine in zip(entries, entry_keys):
            setattr(entry, attribute, terms[mine[0]])
    else:
        for entry, mine in zip(entries, entry_keys):
            setattr(entry, attribute, [terms[key] for key in mine])
    return sorted(terms.values(), key=lambda t: (t.name.casefold(), t.key))

"""Units of the browsing features: calendars and charts (calendar.py), citations (cite.py), and the dates
they are written with (dates.py)."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from newsarchive import dates
from newsarchive.data import cite
from newsarchive.pages import calendars

# ---- calendar.py ----


def test_month_weeks_start_on_the_given_weekday_and_pad_with_none():
    march = calendars.month(2018, 3, {25: 1, 26: 3, 27: 1}, first_weekday=0)  # Monday first
    assert march.weekdays == (0, 1, 2, 3, 4, 5, 6)
    # 1 March: Thursday
    assert [d.day.day if d else None for d in march.weeks[0]] == [None, None, None, 1, 2, 3, 4]
    assert len(march.weeks) == 5 and all(len(w) == 7 for w in march.weeks)
    assert march.weeks[-1][-1] is None and march.total == 5
    sunday = calendars.month(2018, 3, {}, first_weekday=6)  # en_US: Sunday first
    assert sunday.weekdays[0] == 6
    assert [d.day.day if d else None for d in sunday.weeks[0]] == [None, None, None, None, 1, 2, 3]
    saturday = calendars.month(2018, 3, {}, first_weekday=5)
    assert [d.day.day if d else None for d in saturday.weeks[0]][:6] == [None, None, None, None, None, 1]


def test_every_day_of_the_month_appears_once_with_its_count_and_shade():
    march = calendars.month(2018, 3, {25: 1, 26: 4, 27: 2}, first_weekday=0)
    cells = [d for week in march.weeks for d in week if d]
    assert [d.day for d in cells] == [date(2018, 3, n) for n in range(1, 32)]
    shades = {d.day.day: (d.count, d.level) for d in cells if d.count}
    assert shades == {25: (1, 1), 26: (4, 4), 27: (2, 2)}
    assert calendars.month(2016, 2, {}).weeks[-1][0].day == date(2016, 2, 29)  # a leap year


def test_shade_levels():
    assert calendars.level(0, 10) == 0
    assert calendars.level(1, 1) == 1
    assert [calendars.level(n, 8) for n in (1, 2, 3, 4, 5, 8)] == [1, 1, 2, 2, 3, 4]


def test_a_month_of_equal_days_is_a_calm_block_not_a_bright_one():
    # 30 articles every day of April: one shade, the lightest, as for days of one article each
    april = calendars.month(2018, 4, {day: 30 for day in range(1, 31)})
    assert {d.level for week in april.weeks for d in week if d} == {1}
    # a year's months share one scale: a busier day elsewhere gives them contrast again
    months = calendars.year(2018, {4: {day: 30 for day in range(1, 31)}, 5: {2: 60}}, first_weekday=0)
    assert {d.level for week in months[3].weeks for d in week if d} == {2}
    assert [d.level for week in months[4].weeks for d in week if d and d.count] == [4]


def test_a_year_shares_one_scale_across_its_months():
    months = calendars.year(2018, {3: {26: 8}, 11: {8: 2}}, first_weekday=0)
    assert [m.month for m in months] == list(range(1, 13))
    nov = next(d for w in months[10].weeks for d in w if d and d.count)
    assert (nov.count, nov.level) == (2, 1)  # 2 of a busiest 8
    assert months[0].total == 0


def test_neighbouring_days():
    days = [date(2018, 3, 25), date(2018, 3, 26), date(2018, 4, 12)]
    assert calendars.neighbours(days, date(2018, 3, 26)) == (date(2018, 3, 25), date(2018, 4, 12))
    assert calendars.neighbours(days, date(2018, 3, 25)) == (None, date(2018, 3, 26))
    assert calendars.neighbours(days, date(2018, 4, 12)) == (date(2018, 3, 26), None)


def test_chart_bars_fill_the_box_and_months_without_articles_get_a_slot():
    months = calendars.months_between(date(2018, 11, 20), date(2019, 2, 3))
    assert months == [(2018, 11), (2018, 12), (2019, 1), (2019, 2)]
    bars = calendars.bars([(y, m, c) for (y, m), c in zip(months, (4, 0, 2, 1))], width=480, height=100)
    assert [b.height for b in bars] == [100, 0, 50, 25]
    assert [b.y + b.height for b in bars] == [100] * 4
    # a slot is at most a twelfth of the width: four months take the first third, from the left
    assert bars[0].x == 4 and bars[0].width == 32 and bars[-1].x + bars[-1].width == 156
    year = calendars.bars([(2018, m, m) for m in range(1, 25)], width=480, height=100)
    assert year[0].x == 2 and year[-1].x + year[-1].width == 478  # two years fill the box
    assert calendars.bars([]) == []


def test_a_source_of_one_month_gets_a_bar_not_a_box():
    (bar,) = calendars.bars([(2018, 3, 7)], width=600, height=120)
    assert bar.width == 40 and bar.height == 120  # a twelfth of the width, less its gap


def test_weekday_names_and_first_week_day_come_from_babel():
    assert dates.weekday_names("fr")[0] == ("lun.", "lundi")
    # Arabic's abbreviated names are whole words (الأربعاء): a phone's calendar broke them mid-word; its
    # narrow names are one letter, the full name being the heading's title
    assert dates.weekday_names("ar")[2] == ("ر", "الأربعاء")
    assert all(len(short) <= dates.WEEKDAY_WIDTH for short, _full in dates.weekday_names("ar"))
    assert dates.weekday_names("he")[0][0] == "ב׳" and dates.weekday_names("en")[0][0] == "Mon"
    assert dates.first_week_day("en_US") == 6 and dates.first_week_day("fr") == 0


# ---- cite.py ----

KNOWN = cite.Work(
    authors=("Claire Le Goff",), title="Évacuation du quartier du port après la tempête",
    container="Le Courrier du Littoral", published=date(2018, 3, 26),
    url="https://newsarchive.example/2018/03/26/evacuation/", accessed=date(2018, 3, 27), language="fr")


def test_apa_mla_chicago_for_a_known_article():
    assert cite.apa(KNOWN) == (
        "Le Goff, C. (2018, March 26). Évacuation du quartier du port après la tempête. Le Courrier du "
        "Littoral. Retrieved March 27, 2018, from https://newsarchive.example/2018/03/26/evacuation/")
    assert cite.mla(KNOWN) == (
        "Le Goff, Claire. \u201cÉvacuation du quartier du port après la tempête.\u201d "
        "Le Courrier du Littoral, 26 Mar. 2018, https://newsarchive.example/2018/03/26/evacuation/. "
        "Accessed 27 Mar. 2018.")
    assert cite.chicago(KNOWN) == (
        "Le Goff, Claire. \u201cÉvacuation du quartier du port après la tempête.\u201d "
        "Le Courrier du Littoral, March 26, 2018. Accessed March 27, 2018. "
        "https://newsarchive.example/2018/03/26/evacuation/.")


def test_bibtex_for_a_known_article():
    assert cite.bibtex(KNOWN) == (
        "@article{legoff2018evacuation,\n"
        "  author = {Le Goff, Claire},\n"
        "  title = {{Évacuation du quartier du port après la tempête}},\n"
        "  journaltitle = {Le Courrier du Littoral},\n"
        "  date = {2018-03-26},\n"
        "  url = {https://newsarchive.example/2018/03/26/evacuation/},\n"
        "  urldate = {2018-03-27},\n"
        "  langid = {french}\n"
        "}")


def test_citations_in_the_site_language_and_without_author_or_url():
    work = cite.Work((), "Feria del cerezo: récord de visitantes?", "El Diario del Valle", date(2018, 4, 14),
                     None, date(2018, 4, 14), "es")
    assert cite.apa(work, "es") == ("Feria del cerezo: récord de visitantes? (2018, 14 de abril). "
                                    "El Diario del Valle.")
    assert cite.mla(work, "fr") == ("\u201cFeria del cerezo: récord de visitantes?\u201d "
                                    "El Diario del Valle, 14 avr. 2018. Consulté le 14 avr. 2018.")
    assert cite.chicago(work) == ("\u201cFeria del cerezo: récord de visitantes?\u201d El Diario del Valle, "
                                  "April 14, 2018. Accessed April 14, 2018.")
    assert "url" not in cite.bibtex(work) and "author" not in cite.bibtex(work)


def test_several_authors():
    work = cite.Work(("Ana Ruiz", "Jean-Paul de la Fontaine", "Li Wei"), "A title", "The Wire",
                     date(2019, 1, 2), None, date(2019, 1, 2))
    assert cite.apa(work).startswith("Ruiz, A., de la Fontaine, J.-P., & Wei, L. (2019, January 2). A title.")
    assert cite.mla(work).startswith("Ruiz, Ana, et al. \u201cA title.\u201d")
    assert cite.chicago(work).startswith(
        "Ruiz, Ana, Jean-Paul de la Fontaine, and Li Wei. \u201cA title.\u201d")
    assert "author = {Ruiz, Ana and de la Fontaine, Jean-Paul and Wei, Li}" in cite.bibtex(work)


def test_names():
    assert cite.split_name("Claire Le Goff") == ("Le Goff", "Claire")
    assert cite.split_name("Goff, Claire Le") == ("Goff", "Claire Le")
    assert cite.split_name("Ludwig van Beethoven") == ("van Beethoven", "Ludwig")
    assert cite.split_name("Reuters") == ("Reuters", "")
    assert cite.split_name("سلمى الحربي") == ("الحربي", "سلمى")
    assert cite._initials("سلمى") == "سلمى"  # no initials in Arabic script


def test_bibtex_escapes_tex_specials():
    work = cite.Work(("A_B",), "50% of {braces} & $money #1 ~ ^ \\end", "R&D", date(2018, 1, 1),
                     "https://x.example/a_b?q={1}", date(2018, 1, 1))
    text = cite.bibtex(work)
    assert (r"title = {{50\% of \{braces\} \& \$money \#1 "
            r"\textasciitilde{} \textasciicircum{} \textbackslash{}end}}") in text
    assert r"journaltitle = {R\&D}" in text and r"author = {A\_B}" in text
    assert "url = {https://x.example/a_b?q=%7B1%7D}" in text


def _balanced(text: str) -> bool:
    depth = 0
    for match in re.finditer(r"\\.|[{}]", text, re.DOTALL):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


@given(title=st.text(), author=st.text(), source=st.text(min_size=1), url=st.text())
def test_bibtex_braces_always_balance(title, author, source, url):
    work = cite.Work((author,) if author.strip() else (), title or "untitled", source, date(2018, 3, 26),
                     url or None, date(2018, 3, 26))
    text = cite.bibtex(work)
    assert _balanced(text)
    assert text.startswith("@article{") and text.endswith("\n}")
    assert re.fullmatch(r"[a-z0-9]+", text[len("@article{"):text.index(",")])


def test_the_access_date_is_the_day_the_copy_was_taken_or_none():
    assert cite.access_date(date(2018, 4, 1)) == date(2018, 4, 1)
    assert cite.access_date("2018-04-02") == date(2018, 4, 2)
    assert cite.access_date("not a date") is None  # never a day nobody read the article on
    assert cite.access_date(None) is None


def test_a_citation_never_says_what_the_archive_does_not_know():
    """No access date the archive never had (the BBC texts of 2005 were not read on their publication
    day), and no "Unattributed" publisher for an article that names no source."""
    known = cite.Work(("Jane Doe",), "Floods close the coast road", "The Wire", date(2005, 4, 30),
                      "https://archive.example/2005/04/30/floods/", None)
    assert cite.apa(known) == ("Doe, J. (2005, April 30). Floods close the coast road. The Wire. "
                               "https://archive.example/2005/04/30/floods/")
    assert "Accessed" not in cite.mla(known) + cite.chicago(known)
    assert "urldate" not in cite.bibtex(known) and "\r\nY2  - " not in cite.ris(known)
    assert "accessed" not in cite.csl_json(known)[0]
    anonymous = cite.Work((), "Floods close the coast road", "", date(2005, 4, 30), None, None)
    for _style, text in cite.styles(anonymous):
        assert "Unattributed" not in text and ", ," not in text and ". ." not in text, text
    assert cite.mla(anonymous) == "\u201cFloods close the coast road.\u201d 30 Apr. 2005."
    assert cite.chicago(anonymous) == "\u201cFloods close the coast road.\u201d April 30, 2005."
    assert "journaltitle" not in cite.bibtex(anonymous) and "T2  - " not in cite.ris(anonymous)
    assert "container-title" not in cite.csl_json(anonymous)[0]
    assert ("citation_publisher", "") not in cite.highwire(anonymous)


def test_wayback_link():
    assert cite.wayback("https://a.example/x?y=1") == "https://web.archive.org/web/https://a.example/x?y=1"


# ---- records for reference managers: RIS and CSL-JSON ----

CSL_SCHEMA = json.loads((Path(__file__).parent / "fixtures/csl/csl-data.json").read_text(encoding="utf-8"))

WORKS = [
    KNOWN,
    cite.Work(authors=("Claire Le Goff, envoyée spéciale à Brest", "Jean Dupont, AFP"),
              title="Le port rouvre, \u00abenfin\u00bb", container="Le Courrier du Littoral",
              published=date(2018, 3, 27), url="https://newsarchive.example/2018/03/27/port/",
              accessed=date(2018, 3, 28), language="fr", original="https://courrier.example/port?id=7",
              summary="Les ferries\nreprennent.", keywords=("port", "tempête")),
    cite.Work(authors=("أحمد علي، مراسل الجزيرة", "فاطمة سالم الظاهري"),
              title="افتتاح سوق السمك الجديد في ميناء رأس الريم", container="الواحة",
              published=date(2018, 3, 25), url=None, accessed=date(2018, 3, 25), language="ar",
              keywords=("الخليج",)),
    cite.Work(authors=("Reuters",), title="港の再開 🚢", container="Wire", published=date(2019, 1, 2),
              url="https://newsarchive.example/2019/01/02/x/", accessed=date(2019, 1, 2), language="ja"),
]


def test_ris_for_a_known_article():
    assert cite.ris(KNOWN) == (
        "TY  - NEWS\r\nAU  - Le Goff, Claire\r\nTI  - Évacuation du quartier du port après la tempête\r\n"
        "T2  - Le Courrier du Littoral\r\nPY  - 2018\r\nDA  - 2018/03/26\r\nY2  - 2018/03/27\r\n"
        "UR  - https://newsarchive.example/2018/03/26/evacuation/\r\nLA  - fr\r\n"
        "ID  - legoff2018evacuation\r\nER  - \r\n")


def test_ris_is_read_back_by_a_ris_parser_in_several_scripts():
    """rispy, the RIS reader Python tools use: every record is one NEWS entry, TY first and ER last, CRLF
    line ends, one AU line per author with the role left out (as the citations do)."""
    import rispy

    for work in WORKS:
        text = cite.ris(work)
        lines = text.split("\r\n")
        assert lines[0] == "TY  - NEWS" and lines[-2] == "ER  - " and lines[-1] == ""
        assert "\n" not in text.replace("\r\n", "")  # no bare line end: a summary's is a space
        [entry] = rispy.loads(text)
        assert entry["type_of_reference"] == "NEWS"
        assert entry["title"] == work.title and entry["secondary_title"] == work.container
        assert entry["date"] == work.published.strftime("%Y/%m/%d")
        assert entry["authors"] == [f"{f}, {g}" if g else f for f, g in map(cite.split_name, work.authors)]
        assert entry.get("keywords", []) == list(work.keywords)
    second = rispy.loads(cite.ris(WORKS[1]))[0]
    assert second["authors"] == ["Le Goff, Claire", "Dupont, Jean"]  # roles and agencies left out
    assert second["abstract"] == "Les ferries reprennent."
    assert second["notes"] == ["Original: https://courrier.example/port?id=7"]
    assert rispy.loads(cite.ris(WORKS[2]))[0]["authors"] == ["علي, أحمد", "الظاهري, فاطمة سالم"]


def test_csl_json_is_valid_against_the_official_schema():
    import jsonschema

    validator = jsonschema.Draft7Validator(CSL_SCHEMA)
    for work in WORKS:
        items = cite.csl_json(work)
        validator.validate(items)
        assert json.loads(json.dumps(items, ensure_ascii=False)) == items
        [item] = items
        assert item["type"] == "article-newspaper" and item["title"] == work.title
        assert item["issued"] == {"date-parts": [[work.published.year, work.published.month,
                                                  work.published.day]]}
    assert cite.csl_json(WORKS[1])[0]["author"] == [{"family": "Le Goff", "given": "Claire"},
                                                   {"family": "Dupont", "given": "Jean"}]
    assert cite.csl_json(WORKS[3])[0]["author"] == [{"literal": "Reuters"}]  # an agency: not a family name
    bad = [{**cite.csl_json(KNOWN)[0], "issued": {"date-parts": "2018"}}]
    assert not validator.is_valid(bad)  # the schema does check


@given(st.text(min_size=1), st.text(), st.text(min_size=1))
def test_ris_fields_stay_on_their_line(title, author, source):
    work = cite.Work((author,) if author.strip() else (), title, source, date(2018, 3, 26), None,
                     date(2018, 3, 26))
    text = cite.ris(work)
    lines = text.split("\r\n")
    assert lines[0] == "TY  - NEWS" and lines[-2:] == ["ER  - ", ""]
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - [^\r\n]*", line) for line in lines[:-1])
    assert text.splitlines() == lines[:-1]  # no other line break either (NEL, U+2028)
    import rispy

    [entry] = rispy.loads(text)
    assert entry.get("title", "") == " ".join(re.sub(r"[\x00-\x1f\x7f\x85\u2028\u2029]", " ", title).split())


# ---- what an article page gives reference managers: Highwire Press tags, data: links ----

def test_highwire_tags_name_the_people_the_source_and_the_day():
    assert cite.highwire(WORKS[1]) == [
        ("citation_title", "Le port rouvre, «enfin»"),
        ("citation_author", "Le Goff, Claire"), ("citation_author", "Dupont, Jean"),  # roles left out
        ("citation_publication_date", "2018/03/27"),
        ("citation_publisher", "Le Courrier du Littoral"),
        ("prism.publicationName", "Le Courrier du Littoral"),
        ("DC.type", "NewsItem"), ("citation_language", "fr"),
        ("citation_public_url", "https://newsarchive.example/2018/03/27/port/")]
    arabic = dict(cite.highwire(WORKS[2]))
    assert [v for k, v in cite.highwire(WORKS[2]) if k == "citation_author"] == ["علي, أحمد",
                                                                              "الظاهري, فاطمة سالم"]
    assert "citation_public_url" not in arabic  # nothing to cite it at
    assert dict(cite.highwire(WORKS[3]))["citation_author"] == "Reuters"  # an agency, as written
    old = cite.Work((), "Old", "Gazette", date(812, 1, 2), None, date(812, 1, 2))
    assert dict(cite.highwire(old))["citation_publication_date"] == "0812/01/02"


@given(st.text(), st.text(), st.text())
def test_highwire_values_are_one_line_and_never_empty(title, author, source):
    work = cite.Work((author,) if author.strip() else (), title, source, date(2018, 3, 26), None,
                     date(2018, 3, 26))
    for name, value in cite.highwire(work):
        assert value and value == value.strip() and len(value.splitlines()) == 1, (name, value)
        assert not re.search(r"[\x00-\x1f\x7f]", value)


@given(st.binary())
def test_a_data_url_gives_back_its_bytes_and_nothing_in_it_ends_an_attribute(data):
    from urllib.parse import unquote_to_bytes

    from newsarchive import routes

    url = routes.data_url("application/x-research-info-systems", data)
    head, _, payload = url.partition(",")
    assert head == "data:application/x-research-info-systems;charset=utf-8"
    assert re.fullmatch(r"(?:[A-Za-z0-9._~-]|%[0-9A-F]{2})*", payload)
    assert unquote_to_bytes(payload) == data


def test_the_downloads_hold_the_records_cite_gives():
    from urllib.parse import unquote

    from newsarchive.data import citation_downloads

    ris, csl = citation_downloads.downloads(WORKS[1])
    assert (ris.label, ris.name, ris.media_type) == ("RIS", "legoff2018port.ris",
                                                     "application/x-research-info-systems")
    assert (csl.label, csl.name) == ("CSL-JSON", "legoff2018port.csl.json")
    assert unquote(ris.href.partition(",")[2]) == cite.ris(WORKS[1])
    assert json.loads(unquote(csl.href.partition(",")[2])) == cite.csl_json(WORKS[1])


def test_a_citation_shows_an_arabic_address_as_a_reader_reads_it_and_bibtex_keeps_it_encoded():
    encoded = ("https://archive.example/2018/03/25/%D8%A7%D9%81%D8%AA%D8%AA%D8%A7%D8%AD-"
               "%D8%B3%D9%88%D9%82-%D8%A7%D9%84%D8%B3%D9%85%D9%83/")
    work = cite.Work(("Mina Al-Oraibi",), "افتتاح سوق السمك", "الواحة", date(2018, 3, 25), encoded, None,
                     "ar")
    shown = dict(cite.styles(work))
    for style in ("APA", "MLA", "Chicago"):
        assert "https://archive.example/2018/03/25/افتتاح-سوق-السمك/" in shown[style], style
        assert "%D8" not in shown[style]
    assert encoded in shown["BibTeX"]  # biblatex reads the address as it is


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), max_size=40))
def test_a_readable_address_decodes_only_what_spells_non_ascii_characters(path: str):
    from urllib.parse import quote

    from newsarchive.webaddress import readable

    url = "https://x.example/" + quote(path, safe="/")
    shown = readable(url)
    bidi = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u00a0")
    expected = "https://x.example/" + "".join(
        quote(c, safe="/") if ord(c) < 128 or c in bidi else c for c in path)
    assert shown == expected


def test_an_arabic_article_s_citations_read_in_the_site_s_order(tmp_path):
    """An English archive citing an Arabic article: each citation keeps the site's direction, and every
    Arabic part (name, title, source, address) is isolated, so the date between them reads in order and
    the punctuation stays where the style puts it; the text a reader copies is the style's, unchanged."""
    import html as html_module

    from conftest import article, write_site

    from newsarchive.build import BuildOptions, build

    site = write_site(tmp_path / "site", {
        "ar/souq.md": article("افتتاح سوق السمك", "2018-11-20", "الواحة", language="ar",
                              author="مينا العريبي", slug="souq", url="https://alwaha.example/souq",
                              body="افتتح سوق السمك الجديد في الميناء صباح اليوم."),
        "en/storm.md": article("Storm closes the port", "2018-11-20", "The Wire", slug="storm",
                               author="Claire Le Goff")},
        "base_url: https://archive.example/\n")
    build(site, BuildOptions(search=False, jobs=1))
    page = (site / "build/2018/11/20/souq/index.html").read_text(encoding="utf-8")
    cites = re.findall(r'<p class="citation" dir="(\w+)">(.*?)</p>', page, re.DOTALL)
    assert [d for d, _ in cites] == ["ltr", "ltr", "ltr"]
    apa = cites[0][1]
    assert "<bdi>العريبي</bdi>, <bdi>مينا</bdi> (2018, November 20). <bdi>افتتاح سوق السمك.</bdi>" in apa
    assert "<bdi>الواحة.</bdi>" in apa and "<bdi>https://archive.example/2018/11/20/souq/</bdi>" in apa
    assert "(2018, November 20)" not in "".join(re.findall(r"<bdi>(.*?)</bdi>", apa))  # the date: the site's
    work = cite.Work(("مينا العريبي",), "افتتاح سوق السمك", "الواحة", date(2018, 11, 20),
                     "https://archive.example/2018/11/20/souq/", None, "ar")
    assert html_module.unescape(re.sub(r"</?bdi>", "", apa)) == cite.apa(work)
    english = (site / "build/2018/11/20/storm/index.html").read_text(encoding="utf-8")
    assert "<bdi>" not in re.search(r'<section class="cite".*?</section>', english, re.DOTALL).group()
    assert '<p class="citation" dir="ltr">Le Goff, C. (2018, November 20). Storm closes the port.' in english


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30), st.text(max_size=12), st.lists(st.text(max_size=15), max_size=3))
def test_an_isolated_citation_is_the_style_s_text_escaped(title: str, container: str, authors: list[str]):
    """Whatever the names and title (markup, quotes, right-to-left text, regex characters), the page's
    citation is the style's text, escaped, with only <bdi> added."""
    import html as html_module

    work = cite.Work(tuple(a for a in authors if a.strip()), "سوق " + title, container, date(2018, 3, 25),
                     "https://x.example/s", None, "ar")
    for name, text in cite.styles(work):
        if name == "BibTeX":
            continue
        shown = cite.isolated(text, work)
        assert "<" not in re.sub(r"</?bdi>", "", shown)
        assert html_module.unescape(re.sub(r"</?bdi>", "", shown)) == text


_SOME = st.sampled_from(["سوق", "السمك", "Le", "Goff", "_", "a", "ab", "x.y", " ", ".", "-", "²", "é", "1"])


@settings(max_examples=500, deadline=None)
@given(st.lists(_SOME, max_size=12), st.lists(st.lists(_SOME, min_size=1, max_size=3), max_size=5))
def test_the_parts_a_citation_isolates_are_those_the_word_bounded_alternation_finds(pieces, parts):
    """The isolated parts are found with ``str.find`` (a pattern per page was compiled for each page):
    they are exactly those of the alternation ``(?<!\\w)(longest|...|shortest)(?!\\w)`` scanned from left to
    right, overlapping and repeated parts, underscores, digits and accents included."""
    text = "".join(pieces)
    values = sorted({"".join(p) for p in parts if "".join(p).strip(" .")}, key=len, reverse=True)
    expected = []
    if values:
        pattern = re.compile("(?<!\\w)(" + "|".join(map(re.escape, values)) + ")(?!\\w)")
        expected = [match.span() for match in pattern.finditer(text)]
    assert cite._spans(text, values) == expected


_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(),
                     lambda inner: st.lists(inner, max_size=4)
                     | st.dictionaries(st.text(), inner, max_size=4), max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(_JSON)
def test_the_csl_json_download_is_written_as_json_writes_it(value):
    """The CSL-JSON download is indented by hand (``json`` is pure Python when it indents): the same text
    as ``json.dumps(indent=1, ensure_ascii=False)`` for any strings (quotes, controls, line separators,
    any script), numbers, lists and dicts, empty ones included."""
    from newsarchive.data.citation_downloads import _indented

    assert _indented(value, "\n") == json.dumps(value, ensure_ascii=False, indent=1)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_a_feed_id_is_the_name_based_uuid_it_always_was(text):
    """Feed and entry ids are formatted without ``uuid``'s objects: the same version-5 UUIDs as before,
    for any address or name (a feed reader takes a changed id for a new entry)."""
    import uuid

    from newsarchive.pages.render import _atom_id

    expected = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'newsarchive:' + text)}"
    assert _atom_id(text) == expected

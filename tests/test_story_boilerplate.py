"""Boilerplate is not a story: cookie banners, newsletter footers and paywall notices that many outlets
paste under every article (in English, French and Arabic here) join no article to another, while the
stories those outlets really share are still found; and however many outlets tell one story, what a page
shows of it is bounded (one link per outlet, ten at most, then "and N more"; the story's page is paged)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta
from html import unescape
from pathlib import Path

import numpy as np
import pytest
from conftest import article, crawl, resolve, snapshot, write_site
from hypothesis import given, settings
from hypothesis import strategies as st

from newsarchive.build import BuildOptions, build
from newsarchive.stories import boilerplate
from newsarchive.stories import pages as story_pages

# what the outlets paste, as scraped: markup, non-breaking spaces, a stray emoji, the vendor's wording
COOKIES_EN = ("🍪 We value your privacy. We and our 842 partners use cookies and similar technologies to "
              "store and access information on your device, for personalised ads and content, ad and "
              "content measurement, audience research and services development. Click&nbsp;**Accept all** "
              "to consent, or [Manage preferences](https://consent.example/prefs) to choose; you can "
              "withdraw your consent at any time via the Privacy link at the bottom of this page.")
NEWSLETTER_EN = ("<div class=\"nl-box\">Get the Morning Briefing — the stories that matter, in your inbox "
                 "every weekday at 6am. Sign up now, it's free! By signing up you agree to our Terms of "
                 "Use and acknowledge our Privacy Policy.</div>")
PAYWALL_EN = ("This story is available to subscribers only. Already a subscriber? Log in. Subscribe now "
              "for just $1 a week for the first three months; cancel anytime.")
COOKIES_FR = ("Avec votre accord, nos partenaires et nous utilisons des cookies ou technologies similaires "
              "pour stocker et accéder à des informations personnelles comme votre visite sur ce site. "
              "Vous pouvez retirer votre consentement ou vous opposer aux traitements basés sur l'intérêt "
              "légitime à tout moment en cliquant sur «\u00a0En savoir plus\u00a0» ou dans notre politique "
              "de confidentialité sur ce site.")
NEWSLETTER_FR = ("Recevez chaque matin l'essentiel de l'actualité régionale : inscrivez-vous gratuitement à "
                 "notre lettre d'information. Vos données sont traitées conformément à notre politique de "
                 "confidentialité ; vous pouvez vous désinscrire à tout moment.")
COOKIES_AR = ("نحن نستخدم ملفات تعريف الارتباط (الكوكيز) لتحسين تجربتك على موقعنا وتخصيص المحتوى "
              "والإعلانات وتحليل حركة الزيارات. بمتابعة التصفح فإنك توافق على سياسة الخصوصية وشروط "
              "الاستخدام الخاصة بنا، ويمكنك تعديل تفضيلاتك في أي وقت من صفحة الإعدادات.")
NEWSLETTER_AR = ("اشترك في النشرة البريدية اليومية لتصلك أهم الأخبار والتحليلات كل صباح مجاناً. "
                 "تابعونا على فيسبوك وتويتر وإنستغرام ويوتيوب.")

# each outlet's own short texts (a teaser: a paywalled article shows no more), none shared with another
TEASERS = {
    "en": [
        "The county council voted 7-4 on Monday night to close the Millbrook swimming pool for repairs.",
        "Police are appealing for witnesses after a lorry shed its load of gravel on the A38.",
        "Shares in the regional water company fell by a fifth after regulators opened an inquiry into leaks.",
        "A 14-year-old from Penryn has won the national young poets prize with a sonnet about her gran.",
        "Rail passengers face a week of disruption as engineers replace signalling between Exeter and Truro.",
        "Fishermen say mackerel catches are the lowest in thirty years and blame warmer seas.",
        "The old cinema on Fore Street will reopen as a community theatre after a crowdfunding campaign.",
        "Hospital managers have apologised after 3,000 appointment letters were sent to the wrong addresses.",
        "A rare white-tailed eagle was spotted over the estuary, the first sighting there since 1890.",
        "Teachers at St Austell academy will strike on Thursday in a dispute over workloads and pay.",
        "The airport's new runway lights failed on their first night, diverting two flights to Newquay.",
        "Farmers warn that the wet spring has left potato fields flooded and planting weeks behind.",
        "A developer has withdrawn plans for 400 homes on the edge of Bodmin moor after 2,000 objections.",
        "The lifeboat crew rescued two kayakers clinging to rocks off Gull Point on Saturday evening.",
    ],
    "fr": [
        "Le conseil municipal de Morlaix a adopté mardi un budget en hausse de 4 % malgré l'opposition.",
        "Un incendie a détruit un hangar agricole à Plouescat dans la nuit, sans faire de victime.",
        "La ligne de bus 12 sera déviée pendant trois semaines à cause de travaux sur le pont de Kerhuon.",
        "Les ostréiculteurs de la rade s'inquiètent d'une mortalité anormale des huîtres ce printemps.",
        "Le festival de musique celtique de Landerneau annonce une affluence record pour sa 30e édition.",
        "Une collégienne de Carhaix remporte le concours national de robotique avec un drone de sauvetage.",
        "La préfecture a levé l'arrêté de restriction d'eau après les fortes pluies de la semaine dernière.",
        "Le club de football de Guingamp recrute un nouvel entraîneur venu du championnat belge.",
        "La maternité de Quimperlé fermera ses portes la nuit à partir du mois de juin, faute de médecins.",
        "Des archéologues ont mis au jour une villa gallo-romaine sous un futur lotissement à Plabennec.",
        "Le prix du gazole dépasse de nouveau deux euros le litre dans plusieurs stations du Finistère.",
        "Une tempête de grêle a endommagé les serres de tomates de trois exploitations près de Saint-Pol.",
    ],
    "ar": [
        "افتتح وزير التربية مدرسة جديدة في حي الرمل تتسع لألف ومئتي تلميذ.",
        "أعلنت بلدية صيدا إغلاق السوق القديم يومين لإصلاح شبكة الصرف الصحي.",
        "ارتفع سعر ربطة الخبز للمرة الثالثة هذا العام وسط احتجاجات في عدة مدن.",
        "فاز فريق النجمة ببطولة كرة السلة بعد مباراة نهائية مثيرة في بيروت.",
        "حذرت الأرصاد الجوية من عاصفة رملية تضرب المناطق الشرقية مساء الخميس.",
        "أطلقت جمعية أهلية حملة لزراعة عشرة آلاف شجرة زيتون في الجنوب.",
        "توقفت حركة القطارات بين حلب واللاذقية بسبب أعطال فنية في خط السكة.",
        "اكتشف علماء آثار فسيفساء رومانية نادرة خلال أعمال حفر في جبيل.",
        "قررت نقابة الأطباء الإضراب أسبوعاً احتجاجاً على تأخر الرواتب.",
        "سجلت أسعار الذهب ارتفاعاً قياسياً في أسواق دمشق وعمّان هذا الأسبوع.",
        "افتتح معرض الكتاب السنوي أبوابه بمشاركة مئتي دار نشر من عشرين بلداً.",
        "أنقذ الدفاع المدني عائلة علقت في سيارتها بعد فيضان وادٍ قرب طرابلس.",
    ],
}
OUTLETS = {
    "en": ["Coastline Wire", "The Morning Ledger", "Valley Courier", "Northern Post", "Harbour Radio",
           "Kernow Daily", "Tamar Times", "Moorland Echo", "Estuary Herald", "Westward Mail",
           "Lizard Gazette", "Penwith Press"],
    "fr": ["Le Télégramme du Léon", "Ouest Littoral", "Radio Penn-ar-Bed"],
    "ar": ["صدى الساحل", "الشروق اليوم", "نداء الجنوب"],
}
PASTED = {"en": [COOKIES_EN, NEWSLETTER_EN, PAYWALL_EN], "fr": [COOKIES_FR, NEWSLETTER_FR],
          "ar": [COOKIES_AR, NEWSLETTER_AR]}

# stories several outlets really told (each copy under its outlet's boilerplate too)
FERRY = ("A fire broke out in the engine room of the Scilly ferry Gwennol shortly after it left Penzance on "
         "Tuesday morning, forcing the captain to turn back with 212 passengers on board. Crew members put "
         "out the blaze within twenty minutes and nobody was hurt, the operator said. The vessel has been "
         "withdrawn from service while marine accident investigators examine the damaged generator, and "
         "Wednesday's sailings will be replaced by a chartered catamaran.")
GREVE = ("Les contrôleurs aériens de l'aéroport de Brest ont cessé le travail jeudi matin à l'appel de deux "
         "syndicats, entraînant l'annulation de quarante-deux vols vers Paris, Lyon et Nice. La direction "
         "de l'aviation civile a demandé aux compagnies de réduire leur programme de moitié vendredi. Les "
         "grévistes réclament des recrutements supplémentaires pour la saison d'été.")
TAHLIYA = ("افتتحت وزارة الطاقة والمياه محطة لتحلية مياه البحر في مدينة صور بطاقة تبلغ عشرين ألف متر "
           "مكعب يومياً، بتمويل من الاتحاد الأوروبي. وقال الوزير إن المحطة ستؤمن مياه الشرب لنحو مئة "
           "ألف نسمة في المدينة والقرى المجاورة، وإن العمل جارٍ على محطة ثانية في الناقورة.")
WIRE = ("Coastguards suspended the search for a missing yachtsman off the Lizard on Friday after three days "
        "of combing an area of 400 square miles with helicopters, lifeboats and a spotter plane. The "
        "58-year-old sailor from Falmouth had set out alone on Monday for the Isles of Scilly in his "
        "nine-metre sloop Morwenna and last made radio contact on Tuesday afternoon, reporting a broken "
        "rudder. Wreckage believed to be from the boat was found on Thursday eight miles south of Mullion. "
        "His family thanked the volunteers who joined the search and asked for privacy.")


def _article(title: str, when: date, hour: int, source: str, language: str, text: str, pasted: list[str],
             n: int) -> str:
    # the pasted blocks come in an order of their own on each page, as sites do
    blocks = [text, *(pasted[(n + k) % len(pasted)] for k in range(len(pasted)))]
    return article(f'"{title}"', f"{when.isoformat()}T{hour:02d}:{(7 * n) % 60:02d}:00Z", f'"{source}"',
                   body="\n\n".join(blocks), language=language)


APPEAL = ("Our journalism is funded by readers like you. If you value independent local reporting from "
          "Cornwall and the Isles of Scilly, please consider a one-off or monthly contribution: every pound "
          "pays for reporters in the courts, the council chamber and on the quayside.")


def boilerplate_site(root: Path, wire_outlets: int = 12, appeal: int = 0) -> Path:
    """About 40 articles over a month, each one outlet's own short text under its boilerplate; and four
    stories several outlets told: a ferry fire (three outlets), a French strike (two), an Arabic plant's
    opening (two), and a wire story reprinted by ``wire_outlets`` outlets (one of them twice). The first
    ``appeal`` English articles end with a readers' appeal too."""
    files: dict[str, str] = {}
    start = date(2025, 5, 1)
    for language, teasers in TEASERS.items():
        outlets = OUTLETS[language]
        for n, teaser in enumerate(teasers):
            when = start + timedelta(days=(n * 29) // len(teasers))
            title = teaser.split(" ", 7)[:7]
            pasted = PASTED[language] + ([APPEAL] if language == "en" and n < appeal else [])
            files[f"{language}/{when:%Y-%m-%d}-{language}{n:02d}.md"] = _article(
                " ".join(title), when, 6 + n % 12, outlets[n % len(outlets)], language, teaser, pasted, n)
    rewrites = [  # (language, outlet, day, text)
        ("en", "Coastline Wire", 6, FERRY),
        ("en", "Harbour Radio", 6, FERRY.replace("shortly after it left", "soon after leaving")),
        ("en", "Kernow Daily", 7, "Passengers described smoke pouring from the vents. " + FERRY),
        ("fr", "Ouest Littoral", 15, GREVE),
        ("fr", "Radio Penn-ar-Bed", 15, GREVE.replace("jeudi matin", "dès jeudi matin")),
        ("ar", "صدى الساحل", 20, TAHLIYA),
        ("ar", "نداء الجنوب", 21, TAHLIYA + " وأعرب الأهالي عن ارتياحهم."),
    ]
    rewrites += [("en", outlet, 23 + k % 2, WIRE) for k, outlet in enumerate(OUTLETS["en"][:wire_outlets])]
    rewrites.append(("en", OUTLETS["en"][0], 24, WIRE + " A memorial service will be held in Falmouth."))
    for n, (language, outlet, day, text) in enumerate(rewrites):
        when = date(2025, 5, day)
        files[f"{language}/{when:%Y-%m-%d}-story{n:02d}.md"] = _article(
            f"{text.split('.')[0][:60]} ({n})", when, 9 + n % 10, outlet, language, text, PASTED[language],
            n)
    return write_site(root, files, "title: Boilerplate\nsearch: false\n")


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def also_reported(page: Path) -> list[tuple[str, str]]:
    """The (link target, text) of each link of a page's "Also reported by", or []."""
    found = re.search(r'<p class="also-reported".*?</p>', page.read_text(encoding="utf-8"), re.DOTALL)
    if not found:
        return []
    return [(href, _text(inner)) for href, inner in re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>',
                                                               found.group(0), re.DOTALL)]


def article_pages(out: Path) -> dict[str, Path]:
    """Each article page by its title."""
    pages = {}
    for page in out.glob("2025/05/*/*/index.html"):
        title = re.search(r"<h1[^>]*>(.*?)</h1>", page.read_text(encoding="utf-8"), re.DOTALL)
        pages[_text(title.group(1))] = page
    return pages


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    site = boilerplate_site(tmp_path_factory.mktemp("boilerplate") / "site")
    build(site, BuildOptions(jobs=1))
    return site / "build"


def test_articles_sharing_only_boilerplate_join_no_story(built: Path):
    pages = article_pages(built)
    teasers = [p for title, p in pages.items() if not re.search(r"\(\d+\)$", title)]
    assert len(teasers) == 38
    for page in teasers:
        assert also_reported(page) == [], page
    days = sorted(p.parent.relative_to(built / "stories").as_posix()
                  for p in (built / "stories").glob("*/*/*/index.html"))
    assert days == ["2025/05/06", "2025/05/15", "2025/05/20", "2025/05/23"]


def test_the_stories_outlets_really_share_are_still_found(built: Path):
    pages = article_pages(built)
    said = {n: {text for _href, text in also_reported(page)}
            for n in (0, 3, 5) for title, page in pages.items() if title.endswith(f"({n})")}
    more = "All outlets' articles of this story"
    assert said == {0: {"Harbour Radio", "Kernow Daily", more},  # the ferry fire, in English
                    3: {"Radio Penn-ar-Bed", more},  # the strike, in French
                    5: {"نداء الجنوب", more}}  # the desalination plant, in Arabic


def test_a_story_of_many_outlets_links_ten_then_says_how_many_more(built: Path):
    page = next(p for title, p in article_pages(built).items() if title.endswith("(9)"))  # the wire's
    links = also_reported(page)
    names = [text for _href, text in links[:-2]]
    assert len(names) == story_pages.MOST_OUTLETS == len(set(names))  # one link per outlet
    assert "Coastline Wire" in names and "Valley Courier" not in names  # itself: Valley Courier
    assert links[-2][1] == "and 1 more"
    story = resolve(built, page, links[-2][0])
    assert story is not None and story == resolve(built, page, links[-1][0])
    html = story.read_text(encoding="utf-8")
    assert "13 articles" in _text(html) and len(re.findall(r'<li class="entry"', html)) == 13
    day = (built / "stories/2025/05/23/index.html").read_text(encoding="utf-8")  # the day's stories page
    assert len(re.findall(r'<li class="entry"', day)) == story_pages.MOST_SHOWN
    more = re.search(r'<p class="story-all"><a href="([^"]+)">(.*?)</a>', day)
    assert _text(more.group(2)) == "and 3 more"
    assert resolve(built, built / "stories/2025/05/23/index.html", more.group(1)) == story


def test_a_storys_page_is_paged_and_each_article_is_on_one_page(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(story_pages, "STORY_PAGE", 5)
    site = boilerplate_site(tmp_path / "site")
    build(site, BuildOptions(jobs=1))
    out = site / "build"
    first = next(out.glob("stories/2025/05/23/*/index.html"))
    seen, page, pages = [], first, 0
    while page is not None:
        html = page.read_text(encoding="utf-8")
        seen += re.findall(r'<li class="entry">\s*<a class="entry-title" href="([^"]+)"', html)
        pages += 1
        newer = re.search(r'<a rel="next" href="([^"]+)"', html)
        page = resolve(out, page, newer.group(1)) if newer else None
    assert pages == 3 and len(seen) == 13 == len(set(seen))
    assert (first.parent / "page/3/index.html").is_file() and not (first.parent / "page/4").exists()
    reached, broken = crawl(out)
    assert broken == []
    assert set(out.glob("stories/**/index.html")) <= reached  # every story page is linked


def test_one_added_article_gives_a_clean_builds_bytes(tmp_path: Path):
    site = boilerplate_site(tmp_path / "site", wire_outlets=9, appeal=10)
    build(site, BuildOptions(jobs=1))
    out = site / "build"
    council = next(p for t, p in article_pages(out).items() if t.startswith("The county council voted"))
    assert also_reported(council)  # ten articles ending with the appeal: not more than ten, so a story
    # a tenth outlet reprints the wire story, under the appeal too: the appeal is now in eleven articles
    (site / "content/en/2025-05-24-late.md").write_text(_article(
        "Search for yachtsman called off", date(2025, 5, 24), 18, "Lizard Gazette", "en", WIRE,
        [*PASTED["en"], APPEAL], 3), encoding="utf-8")
    build(site, BuildOptions(jobs=1))
    assert also_reported(council) == []  # boilerplate now: the articles it joined are apart again
    wire = next(p for t, p in article_pages(out).items() if t == "Search for yachtsman called off")
    assert len(also_reported(wire)) == 9 + 1  # the nine outlets of the wire story, and its page
    clean = tmp_path / "clean"
    build(site, BuildOptions(jobs=1, clean=True, output=clean))
    assert _bytes(out) == _bytes(clean)


def _bytes(out: Path) -> dict[str, bytes]:
    return {rel: data for rel, (data, _mtime) in snapshot(out).items()}


def test_boilerplate_is_counted_by_articles_outlets_and_days():
    def shingles(*values: int) -> np.ndarray:
        return np.array(sorted(values), dtype=np.uint32)

    days = [date(2025, 5, 1) + timedelta(days=d) for d in range(40)]
    banner = [(shingles(1, 100 + n), f"outlet {n % 3}", days[n]) for n in range(11)]  # 11 articles, 11 days
    assert boilerplate.find(banner, 3).tolist() == [1]
    assert boilerplate.find(banner[:10], 3).tolist() == []  # ten articles are not more than ten
    one_outlet = [(a, "outlet 0", d) for a, _s, d in banner]
    assert boilerplate.find(one_outlet, 3).tolist() == []  # one outlet's own footer
    wire = [(a, s, days[n % 2]) for n, (a, s, _d) in enumerate(banner)]  # two days: a story
    assert boilerplate.find(wire, 3).tolist() == []
    assert boilerplate.find(list(reversed(banner)), 3).tolist() == [1]


def test_an_edit_that_makes_a_footer_no_longer_boilerplate_is_not_a_text_only_rebuild(tmp_path: Path):
    # eleven old articles of two outlets end with the same appeal (boilerplate: more than ten, over eleven
    # days); 55 newer articles of each outlet keep the old ones out of every feed, so that their edits
    # may take the text-only rebuild
    files = {}
    for n in range(11):
        source = ("Kernow Daily", "Tamar Times")[n % 2]
        files[f"en/old{n:02d}.md"] = article(f'"Parish notes {n}"', f"2025-04-{1 + n:02d}T08:00:00Z",
                                             f'"{source}"', body=f"Parish notes, week {n}.\n\n{APPEAL}")
    for n in range(110):
        source = ("Kernow Daily", "Tamar Times")[n % 2]
        when = f"2025-05-{1 + n // 4:02d}T{n % 4 + 8:02d}:00:00Z"
        files[f"en/new{n:03d}.md"] = article(f'"Item {n}"', when, f'"{source}"',
                                             body=TEASERS["en"][n % 14] + f" ({n})")
    site = write_site(tmp_path / "site", files, "title: Appeal\nsearch: false\n")
    build(site, BuildOptions(jobs=1))
    out = site / "build"
    assert not (out / "stories").exists()
    edited = site / "content/en/old00.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace(APPEAL, "No appeal this week."),
                      encoding="utf-8")
    assert build(site, BuildOptions(jobs=1)).mode != "text"  # ten left: the appeal joins them now
    assert (out / "stories").is_dir()
    clean = tmp_path / "clean"
    build(site, BuildOptions(jobs=1, clean=True, output=clean))
    assert _bytes(out) == _bytes(clean)


@settings(max_examples=150, deadline=None)
@given(st.randoms(use_true_random=False), st.sampled_from([5, 1 << 20]), st.sampled_from([2, 1024]))
def test_counts_updated_build_by_build_equal_counts_made_anew(rng, batch: int, part_size: int):
    # the shingles are drawn from 25 values spread over the 32 bits (several share a part), as a catalog
    # keeps them: counts grown by the parts their added shingles fall in equal counts made anew
    # (parts of about 2 shingles: the archive quadruples between builds, and is counted anew in more parts)
    kept, boilerplate.BATCH = boilerplate.BATCH, batch
    kept_size, boilerplate.PART_SIZE = boilerplate.PART_SIZE, part_size
    try:
        pool = sorted({rng.getrandbits(32) for _ in range(20)} | {rng.getrandbits(32) & 0xFFFF00FF
                                                                  for _ in range(5)})
        shingles = {f"h{n}": np.unique(np.array([rng.choice(pool) for _ in range(rng.randint(0, 12))],
                                                dtype=np.uint32)) for n in range(40)}
        articles = [(f"h{rng.randint(0, 39)}", f"outlet {rng.randint(0, 3)}", 739000 + rng.randint(0, 20))
                    for _ in range(rng.randint(0, 80))]
        previous, counted, parts = None, [], {}
        for end in sorted(rng.sample(range(len(articles) + 1), min(len(articles) + 1, 4))):
            now = articles[1:end] if rng.random() < 0.3 else articles[:end]  # now and then one removed
            added = list((Counter(now) - Counter(counted)).elements())
            removed = list((Counter(counted) - Counter(now)).elements())

            def part(n: int, parts=parts) -> np.ndarray:
                return parts.get(n, boilerplate.EMPTY)

            changed = None if previous is None else boilerplate.change(
                previous, removed, added, shingles, part, lambda now=now: (now, shingles))
            if changed is None:
                previous, parts = boilerplate.count(now, shingles), {}
            else:
                previous = changed
            parts.update(previous.parts)
            counted = list(now)
            anew = boilerplate.count(now, shingles)
            assert previous.articles == anew.articles == len(now)
            for name in ("common", "common_counts"):
                assert np.array_equal(getattr(previous, name), getattr(anew, name)), name
            for name in ("by_source", "by_day"):  # the pairs, and how many articles carry each
                for mine, theirs in zip(getattr(previous, name), getattr(anew, name)):
                    assert np.array_equal(mine, theirs), name
            # (a part emptied is deleted from the catalog: as none)
            assert sorted(np.concatenate([*parts.values(), boilerplate.EMPTY]).tolist()) \
                == np.concatenate([*anew.parts.values(), boilerplate.EMPTY]).tolist()
            if previous.bits == anew.bits:
                assert {n: v.tolist() for n, v in parts.items() if v.size} \
                    == {n: v.tolist() for n, v in anew.parts.items()}
            assert np.array_equal(boilerplate.decide(previous, 1), boilerplate.decide(anew, 1))
    finally:
        boilerplate.BATCH, boilerplate.PART_SIZE = kept, kept_size


@given(st.randoms(use_true_random=False), st.sampled_from([1, 3, 7, 40]))
def test_counts_made_a_small_batch_at_a_time_equal_counts_made_at_once(rng, batch: int):
    # the batches' pairs are merged into a running total as they come (the memory of a clean build at
    # 100,000 articles): the counts are those of one batch holding every article
    pool = [rng.getrandbits(32) for _ in range(12)]
    shingles = {f"h{n}": np.unique(np.array([rng.choice(pool) for _ in range(rng.randint(0, 10))],
                                            dtype=np.uint32)) for n in range(30)}
    articles = [(f"h{rng.randint(0, 29)}", f"outlet {rng.randint(0, 3)}", 739000 + rng.randint(0, 90))
                for _ in range(rng.randint(0, 300))]
    whole = boilerplate.count(articles, shingles)
    kept, boilerplate.BATCH = boilerplate.BATCH, batch
    try:
        small = boilerplate.count(articles, shingles)
    finally:
        boilerplate.BATCH = kept
    for name in ("by_source", "by_day"):
        for mine, theirs in zip(getattr(small, name), getattr(whole, name)):
            assert np.array_equal(mine, theirs), name
    assert np.array_equal(small.common, whole.common)


@given(st.randoms(use_true_random=False))
def test_an_edit_counted_as_the_shingles_it_changes_equals_counts_made_anew(rng):
    # a corrected headline: the article's old text counted out and its new one in, as what they do not
    # share (stories.detect._edited), gives the counts of the archive with the new text
    from newsarchive.stories.detect import _edited

    kept = boilerplate.PART_SIZE
    boilerplate.PART_SIZE = 4
    try:
        pool = [(i * 2654435761 + rng.getrandbits(8)) & 0xFFFFFFFF for i in range(1, 17)]  # spread, distinct
        texts = {f"h{n}": np.unique(np.array(rng.sample(pool, rng.randint(3, 10)), dtype=np.uint32))
                 for n in range(25)}
        articles = [(f"h{n}", f"outlet {n % 3}", 739000 + rng.randint(0, 70)) for n in range(25)]
        previous = boilerplate.count(articles, texts)
        parts = dict(previous.parts)
        n = rng.randrange(len(articles))
        old = articles[n]
        edited = np.unique(np.concatenate([rng.sample(list(texts[old[0]]), max(1, len(texts[old[0]]) - 2)),
                                           rng.sample(pool, 2)]).astype(np.uint32))
        texts["new"] = edited
        new = ("new", old[1], old[2])
        shingles = dict(texts)
        out, come = _edited([old], [new], shingles)
        now = articles[:n] + articles[n + 1:] + [new]
        changed = boilerplate.change(previous, out, come, shingles, lambda k: parts.get(k, boilerplate.EMPTY),
                                     lambda: (now, texts))
        anew = boilerplate.count(now, texts)
        if changed is None:
            return  # (counted anew by the build: a full plan)
        assert changed.articles == anew.articles
        assert np.array_equal(changed.common, anew.common)
        assert np.array_equal(changed.common_counts, anew.common_counts)
        for name in ("by_source", "by_day"):
            for mine, theirs in zip(getattr(changed, name), getattr(anew, name)):
                assert np.array_equal(mine, theirs), name
        assert np.array_equal(boilerplate.decide(changed, 1), boilerplate.decide(anew, 1))
    finally:
        boilerplate.PART_SIZE = kept


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, (1 << 64) - 1), unique=True, max_size=60), st.integers(0, 3))
def test_the_days_pairs_kept_by_part_are_the_pairs_cut_by_their_shingles_top_bits(values, spread):
    """The counts' (shingle, day) pairs are kept in parts (``story_day_pairs``), so that an added article
    writes the few parts its common shingles fall in: the parts, in order, are the pairs again, and each
    holds the pairs of its shingles' top bits only."""
    pairs = np.array(sorted(v >> (spread * 8) for v in values), dtype=np.uint64)
    pairs = np.unique(pairs)
    counts = np.arange(1, len(pairs) + 1, dtype=np.int64)
    none = (np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64))
    made = boilerplate.Counts(1, boilerplate.EMPTY, none[1], none, (pairs, counts), {})
    parts = made.day_parts()
    assert list(parts) == sorted(parts)
    assert b"".join(p for p, _c in parts.values()) == pairs.tobytes()
    assert b"".join(c for _p, c in parts.values()) == counts.tobytes()
    for part, (held, _counts) in parts.items():
        assert {int(v) >> (64 - boilerplate.DAY_BITS) for v in np.frombuffer(held, dtype=np.uint64)} == {part}


def test_counts_kept_build_by_build_are_a_clean_build_s_and_an_addition_writes_few_of_their_parts(
        tmp_path: Path):
    """The boilerplate counts a rebuild that adds articles keeps (its header and its days' parts) are those
    a clean build of the same archive keeps, and the addition rewrites only the parts of the days' pairs
    its shingles changed, not all of them (they were one 11 MB header row at 9,000 articles)."""
    import sqlite3

    from newsarchive.catalog.store import unpack

    # two footers, each boilerplate: the added articles carry the first only
    notice = ("Ferry times are published every Monday by the harbour office and posted at both quays; "
              "sailings may change at short notice when the weather turns or the tide runs low.")
    files = {}
    for n in range(24):
        source = ("Kernow Daily", "Tamar Times", "Bude Post")[n % 3]
        footer = APPEAL if n % 2 else notice
        files[f"en/{n:02d}.md"] = article(f'"Parish notes {n}"', f"2025-04-{1 + n:02d}T08:00:00Z",
                                          f'"{source}"', body=f"{TEASERS['en'][n % 14]} ({n})\n\n{footer}")
    site = write_site(tmp_path / "site", files, "title: Appeal\nsearch: false\n")
    build(site, BuildOptions(jobs=1))

    def kept(cache: Path) -> tuple:
        with sqlite3.connect(cache / "catalog.sqlite") as db:
            header = unpack(db.execute("SELECT value FROM meta WHERE name = 'stories'").fetchone()[0])
            days = db.execute("SELECT part, pairs, counts FROM story_day_pairs ORDER BY part").fetchall()
            return header[1:], days

    before = kept(site / ".build.cache")[1]
    assert len(before) > 4
    for n in range(25, 31, 2):
        (site / f"content/en/{n:02d}.md").write_text(article(
            f'"Parish notes {n}"', f"2025-04-{n - 1:02d}T09:00:00Z", '"Kernow Daily"',
            body=f"{TEASERS['en'][n % 14]} ({n})\n\n{APPEAL}"), encoding="utf-8")
        assert build(site, BuildOptions(jobs=1)).mode == "added"
    grown = kept(site / ".build.cache")
    build(site, BuildOptions(jobs=1, clean=True, output=tmp_path / "clean"))
    assert grown == kept(tmp_path / ".clean.cache")
    assert 0 < sum(row not in before for row in grown[1]) < len(grown[1])

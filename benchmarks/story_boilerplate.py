"""Boilerplate shared by many outlets must not make a story: a corpus of N articles from 50 outlets in four
languages, each article's own text unlike any other's, built twice, once as it is and once with the
cookie banners, newsletter footers and paywall notices outlets paste under every article. Prints each
build's time, peak memory and output size, and exits 1 when the boilerplate build is past its budget
(``--budget``, against the build without boilerplate from the same run) or when it finds any story.

    python benchmarks/story_boilerplate.py 5000
    python benchmarks/story_boilerplate.py 1000 --keep /tmp/boiler   # keep the corpora and outputs

Peak memory is the largest resident set of the build's processes (``resource.getrusage`` of the
children: the build is run as a child, one at a time); the build runs with ``--no-search``.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

SOURCES = 50
LANGS = ("en", "fr", "es", "ar")
WORDS = {  # each language's words, split by sentence()
    "en": ("council city minister government report week talks agreement police market election border"
           " river school hospital workers strike prices water energy court judge village farmers rain"
           " storm bridge army peace deal officials spokesman statement budget tax train port ministry"
           " protest harbour mayor ferry museum library factory union teachers nurses drivers airport "
           "fishermen festival"),
    "fr": ("conseil ville ministre gouvernement rapport semaine accord police marché élection "
           "frontière rivière école hôpital ouvriers grève prix eau énergie tribunal juge village "
           "agriculteurs pluie tempête pont armée paix négociations évacuation déclaration budget "
           "impôt port maire musée usine syndicat"),
    "es": ("consejo ciudad ministro gobierno informe semana acuerdo policía mercado elección frontera "
           "río escuela hospital trabajadores huelga precios agua energía tribunal juez pueblo "
           "agricultores lluvia tormenta puente ejército paz negociación declaración presupuesto "
           "puerto alcalde museo fábrica"),
    "ar": ("المدينة الحكومة الوزير المجلس التقرير الأسبوع الاتفاق الشرطة السوق الانتخابات الحدود النهر"
           " المدرسة المستشفى العمال الإضراب الأسعار المياه الطاقة المحكمة القاضي القرية المزارعون "
           "المطر العاصفة الجسر الجيش السلام المفاوضات البيان الميزانية الضرائب القطار الميناء الوزارة"),
}
# what outlets paste under every article, as they write it (several outlets use one vendor's wording)
BOILERPLATE = {
    "en": [
        ("We use cookies and similar technologies to personalise content and ads, to provide social "
         "media features and to analyse our traffic. By clicking Accept all you consent to our use "
         "of cookies; you can change your choice at any time under Privacy settings at the bottom of"
         " every page."),
        ("Sign up to our morning newsletter: the day's most important stories, hand-picked by our "
         "editors and delivered to your inbox before 7am. You can unsubscribe at any time with one "
         "click."),
        ("This article is for subscribers only. Subscribe today for unlimited access to award-"
         "winning journalism, the daily e-paper and our archive of more than a million articles."),
    ],
    "fr": [
        ("Nous utilisons des cookies et des technologies similaires pour personnaliser les contenus "
         "et les publicités, proposer des fonctionnalités de réseaux sociaux et analyser notre "
         "trafic. En cliquant sur « Tout accepter », vous consentez à l'utilisation des cookies ; "
         "vous pouvez modifier votre choix à tout moment dans les paramètres de confidentialité."),
        ("Inscrivez-vous à notre lettre d'information : l'essentiel de l'actualité, chaque matin "
         "dans votre boîte de réception. Désinscription possible à tout moment en un clic."),
        ("Cet article est réservé aux abonnés. Abonnez-vous pour un accès illimité à tous nos "
         "contenus, au journal numérique et à nos archives."),
    ],
    "es": [
        ("Utilizamos cookies propias y de terceros para personalizar el contenido y los anuncios, "
         "ofrecer funciones de redes sociales y analizar nuestro tráfico. Al pulsar «Aceptar todo» "
         "consiente el uso de cookies; puede cambiar su elección en cualquier momento en la "
         "configuración de privacidad."),
        ("Suscríbase a nuestro boletín: las noticias más importantes del día, seleccionadas por "
         "nuestra redacción, cada mañana en su correo. Puede darse de baja cuando quiera."),
        ("Este contenido es exclusivo para suscriptores. Suscríbase hoy y disfrute de acceso "
         "ilimitado a todas nuestras noticias, la edición impresa digital y la hemeroteca."),
    ],
    "ar": [
        ("نستخدم ملفات تعريف الارتباط والتقنيات المشابهة لتخصيص المحتوى والإعلانات وتوفير ميزات "
         "وسائل التواصل الاجتماعي وتحليل حركة الزيارات. بالنقر على «قبول الكل» فإنك توافق على "
         "استخدامنا لملفات تعريف الارتباط، ويمكنك تغيير اختيارك في أي وقت من إعدادات الخصوصية."),
        ("اشترك في نشرتنا الإخبارية الصباحية: أهم أخبار اليوم يختارها محررونا وتصل إلى بريدك كل "
         "صباح. يمكنك إلغاء الاشتراك في أي وقت بنقرة واحدة."),
        ("هذا المقال متاح للمشتركين فقط. اشترك الآن للوصول غير المحدود إلى جميع مقالاتنا والنسخة "
         "الرقمية من الصحيفة والأرشيف."),
    ],
}


def sentence(rng: random.Random, lang: str) -> str:
    said = " ".join(rng.choice(WORDS[lang].split()) for _ in range(rng.randint(8, 20)))
    return said[0].upper() + said[1:] + "."


def write_corpus(site: Path, count: int, boilerplate: bool, seed: int = 20) -> None:
    """``count`` articles by 50 outlets over about ``count / 50`` days, each a short text of its own; with
    ``boilerplate``, each outlet's cookie banner, newsletter footer and (one in two outlets) paywall
    notice under every article."""
    rng = random.Random(seed)
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    days = max(1, count // 50)
    site.mkdir(parents=True)
    (site / "newsarchive.yaml").write_text("title: Boilerplate benchmark\nsearch: false\n", encoding="utf-8")
    for i in range(count):
        outlet = i % SOURCES
        lang = LANGS[outlet % len(LANGS)]
        when = start + timedelta(seconds=rng.randrange(days * 86400))
        title = sentence(rng, lang)[:-1]
        # a teaser's worth of text (a paywalled article shows no more), then what the outlet pastes
        body = "\n\n".join(" ".join(sentence(rng, lang) for _ in range(rng.randint(2, 3)))
                           for _ in range(rng.randint(1, 2)))
        if boilerplate:
            cookie, newsletter, paywall = BOILERPLATE[lang]
            body += "\n\n" + newsletter + "\n\n" + cookie + ("\n\n" + paywall if outlet % 2 else "")
        folder = site / "content" / f"{when:%Y}" / f"{when:%m}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{when:%Y-%m-%d}-a{i:06d}.md").write_text(
            f'---\ntitle: "{title}"\ndate: {when.isoformat()}\nsource: "Outlet {outlet:02d}"\n'
            f"language: {lang}\n---\n\n{body}\n", encoding="utf-8")


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def build(site: Path, jobs: int) -> tuple[float, int, int]:
    """One clean build in a child process: its seconds, its peak resident set (KiB) and its output bytes."""
    started = time.perf_counter()
    env = dict(os.environ)
    src = str(Path(__file__).resolve().parent.parent / "src")
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "") if env.get("PYTHONPATH") else src
    done = subprocess.run([sys.executable, "-m", "newsarchive", "build", str(site), "--no-search",
                           "--jobs", str(jobs)], check=False, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode:
        sys.exit(f"the build of {site} failed:\n{done.stdout}{done.stderr}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the largest child so far
    return seconds, peak, size_of(site / "build")


def stories_found(site: Path) -> tuple[int, int]:
    """How many article pages say "Also reported by", and how many stories pages there are."""
    also = sum(1 for page in (site / "build").rglob("index.html")
               if 'class="also-reported"' in page.read_text(encoding="utf-8"))
    story_pages = len(list((site / "build" / "stories").rglob("index.html"))) \
        if (site / "build" / "stories").is_dir() else 0
    return also, story_pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, nargs="?", default=5000, help="articles (default 5000)")
    parser.add_argument("--budget", type=float, default=2.0,
                        help="the most the boilerplate build may take, in time, memory and output, as a "
                             "multiple of the build without boilerplate (default 2)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="write the corpora and outputs here and keep them")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="story-boilerplate-"))
    results = {}
    try:
        # the plain corpus first: getrusage's peak only grows, so the second build's is max(both)
        for name, boilerplate in (("plain", False), ("boilerplate", True)):
            site = work / name
            if site.exists():
                shutil.rmtree(site)
            write_corpus(site, args.count, boilerplate)
            seconds, peak, output = build(site, args.jobs)
            also, story_pages = stories_found(site)
            results[name] = (seconds, peak, output)
            print(f"{name:12} {args.count} articles: {seconds:7.1f} s, peak RSS {peak / 1024:7.1f} MiB, "
                  f"output {output / 2**20:7.1f} MiB, {also} pages with 'Also reported by', "
                  f"{story_pages} stories pages")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    plain, boiler = results["plain"], results["boilerplate"]
    ratios = [b / p if p else 1.0 for b, p in zip(boiler, plain)]
    print("boilerplate / plain: " + ", ".join(f"{what} {r:.2f}x" for what, r in
                                              zip(("time", "peak memory", "output"), ratios)))
    failed = [what for what, r in zip(("time", "peak memory", "output"), ratios) if r > args.budget]
    if failed or also or story_pages:
        print(f"over budget ({args.budget}x): {', '.join(failed) or 'stories made of boilerplate'}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

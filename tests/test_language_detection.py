"""``detect_language: true``: articles without a language get the one of their text; check names each."""

from __future__ import annotations

from conftest import article, html_attrs, run_cli

from newsarchive.content.language_guess import guess
from newsarchive.content.loader import LoadOptions, load_article

TEXTS = {
    "en": ("Harbour closes after storm damages the north quay",
           "Residents of the north quay were evacuated during the night as waves broke over the wall."),
    "fr": ("Évacuation du quartier du port après la tempête",
           ("Les habitants du quai Nord ont été évacués dans la nuit "
            "alors que les vagues passaient la digue.")),
    "ar": ("إغلاق الميناء بعد أن ألحقت العاصفة أضرارا بالرصيف الشمالي",
           "تم إجلاء سكان الرصيف الشمالي خلال الليل بعد أن تجاوزت الأمواج السور."),
    "es": ("Cierra el puerto tras los daños del temporal en el muelle norte",
           ("Los vecinos del muelle norte fueron evacuados durante la noche "
            "cuando las olas superaron el muro.")),
}


def _files() -> dict[str, str]:
    files = {f"2018/03/{lang}.md": article(title=f'"{title}"', body=body, slug=lang)
             for lang, (title, body) in TEXTS.items()}
    # says its language: never guessed, even when the text is in another one
    files["2018/03/said.md"] = article(title="Le maire démissionne", language="es", slug="said",
                                       body=("Le maire a démissionné hier soir "
                                             "après la polémique sur le port."))
    return files


def test_detected_languages_reach_the_pages_and_check_lists_them(site):
    root = site(_files(), config="detect_language: true\n")
    built = run_cli("build", cwd=root)
    assert built.returncode == 0, built.stderr
    for lang in TEXTS:
        page = (root / f"build/2018/03/26/{lang}/index.html").read_text()
        assert html_attrs(page)["lang"] == lang
    assert html_attrs((root / "build/2018/03/26/said/index.html").read_text())["lang"] == "es"
    assert html_attrs((root / "build/2018/03/26/ar/index.html").read_text())["dir"] == "rtl"

    checked = run_cli("check", cwd=root)
    assert checked.returncode == 0, checked.stderr
    lines = [line for line in checked.stderr.splitlines() if "detected" in line]
    assert sorted(lines) == sorted([
        ("content/2018/03/ar.md: info: no 'language': detected ar (Arabic) from the text; "
        "add 'language: ar' to keep it, or the right code"),
        ("content/2018/03/en.md: info: no 'language': detected en (English) from the text; "
        "add 'language: en' to keep it, or the right code"),
        ("content/2018/03/es.md: info: no 'language': detected es (Spanish) from the text; "
        "add 'language: es' to keep it, or the right code"),
        ("content/2018/03/fr.md: info: no 'language': detected fr (French) from the text; add 'language: fr' "
        "to keep it, or the right code"),
    ])
    assert "4 language(s) detected" in checked.stdout


def test_without_the_option_the_site_language_is_used(site):
    root = site(_files(), config="language: en\n")
    assert run_cli("build", cwd=root).returncode == 0
    assert html_attrs((root / "build/2018/03/26/fr/index.html").read_text())["lang"] == "en"
    checked = run_cli("check", cwd=root)
    assert "detected" not in checked.stderr + checked.stdout


def test_turning_the_option_on_rebuilds_with_the_guesses(site):
    root = site(_files(), config="language: en\n")
    assert run_cli("build", cwd=root).returncode == 0
    (root / "newsarchive.yaml").write_text("language: en\ndetect_language: true\n")
    assert run_cli("build", cwd=root).returncode == 0
    assert html_attrs((root / "build/2018/03/26/fr/index.html").read_text())["lang"] == "fr"


def test_guess_is_deterministic_and_needs_some_text():
    for lang, (title, body) in TEXTS.items():
        assert {guess(title, body) for _ in range(3)} == {lang}
    assert guess("", "  12 ") is None
    raw = article(title=None,
                  body="# Tempête sur le port\n\nLe ferry pour Brest est annulé ce matin.").encode()
    found, _ = load_article(raw, "a.md", {}, LoadOptions(detect_language=True))
    assert (found.language, found.language_detected) == ("fr", True)
    found, _ = load_article(raw, "a.md", {}, LoadOptions(site_language="ar"))
    assert (found.language, found.language_detected) == ("ar", False)


def test_a_bad_option_value_is_reported(site):
    root = site({"a.md": article()}, config="detect_language: sometimes\n")
    done = run_cli("build", cwd=root)
    assert done.returncode == 1
    assert "newsarchive.yaml:1: 'detect_language' must be true or false" in done.stderr

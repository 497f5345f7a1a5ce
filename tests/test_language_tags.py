"""Language tags as an editor writes them (``language: pt_br``) and what a page gets from them: the tag in
canonical case, the text's direction, the language's name and the locale its dates are written in."""

from __future__ import annotations

import pytest

from newsarchive import i18n


@pytest.mark.parametrize("written,canonical", [
    ("pt_br", "pt-BR"), ("zh-hant-tw", "zh-Hant-TW"), ("sr-latn-rs", "sr-Latn-RS"), ("es-419", "es-419"),
    ("de-1996", "de-1996"), ("en-x-ABC-def", "en-x-abc-def"), (" FR ", "fr"),
])
def test_a_tag_is_written_in_canonical_case(written: str, canonical: str):
    assert i18n.normalize_language(written) == canonical


@pytest.mark.parametrize("written,said", [
    ("", "language is empty"), ("   ", "language is empty"),
    ("english", "'english' is not a valid BCP 47 language tag"),
    ("x", "'x' is not a valid BCP 47 language tag"),
])
def test_a_tag_that_is_not_one_is_said_so(written: str, said: str):
    with pytest.raises(i18n.LanguageError) as error:
        i18n.normalize_language(written)
    assert str(error.value) == said


@pytest.mark.parametrize("tag,direction", [
    ("ar", "rtl"), ("ur", "rtl"), ("he", "rtl"), ("en", "ltr"), ("fr-CA", "ltr"),
    ("az-Arab", "rtl"), ("pa-Arab", "rtl"),  # a right-to-left script for a language that has others
    ("ar-Latn", "ltr"), ("ku-Latn", "ltr"),  # a left-to-right script for a right-to-left language
])
def test_the_direction_follows_the_script(tag: str, direction: str):
    assert i18n.direction(tag) == direction


@pytest.mark.parametrize("tag,locale,own,english", [
    ("fr-CA", "fr_CA", "Français (Canada)", "French (Canada)"),
    ("ar", "ar", "العربية", "Arabic"),
    ("tlh", "en", "tlh", "tlh"),  # no locale data: dates in English, the tag as its name
])
def test_names_and_date_locales(tag: str, locale: str, own: str, english: str):
    assert i18n.babel_locale(tag) == locale
    assert i18n.language_name(tag) == own
    assert i18n.language_name(tag, "en") == english

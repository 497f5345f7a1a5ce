"""Language facts in one place: BCP 47 tags, text direction, language names, the theme's own words."""

from __future__ import annotations

from functools import lru_cache

import langcodes
from babel import Locale, UnknownLocaleError

# Babel knows each language's direction (``Locale.text_direction``); these are for what it does not know:
# a script subtag (Babel has no direction per script: ``und-Nkoo`` reads as English) and languages Babel
# lacks.
RTL_SCRIPTS = frozenset({"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg", "Mand", "Samr"})
RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ckb", "syr", "arc", "iw"})


class LanguageError(ValueError):
    pass


@lru_cache(maxsize=1024)
def normalize_language(tag: str) -> str:
    """A valid BCP 47 tag in canonical case (``pt-br`` -> ``pt-BR``); raises LanguageError otherwise."""
    text = str(tag).strip().replace("_", "-")
    if not text:
        raise LanguageError("language is empty")
    if not langcodes.tag_is_valid(text):
        raise LanguageError(f"{tag!r} is not a valid BCP 47 language tag")
    parts = text.split("-")
    out = [parts[0].lower()]
    for index, part in enumerate(parts[1:], 1):
        if any(len(p) == 1 for p in parts[:index]):  # after an extension or private-use singleton
            out.append(part.lower())
        elif len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif len(part) == 2 and part.isalpha() or (len(part) == 3 and part.isdigit()):
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out)


def primary(tag: str) -> str:
    return tag.split("-", 1)[0].lower()


@lru_cache(maxsize=1024)
def direction(tag: str) -> str:
    """'rtl' for right-to-left scripts (Arabic, Hebrew, Persian, Urdu...), else 'ltr'. A script subtag
    decides (``az-Arab``, ``sd-Deva``); else the language's direction as Babel knows it."""
    parts = tag.split("-")
    for part in parts[1:]:
        if len(part) == 1:  # an extension or private use: ``ar-u-nu-latn`` is still Arabic script
            break
        if len(part) == 4 and part.isalpha():
            return "rtl" if part.title() in RTL_SCRIPTS else "ltr"
    try:
        known = Locale.parse(parts[0].lower()).text_direction
    except (UnknownLocaleError, ValueError):
        known = None
    if known is None:
        return "rtl" if parts[0].lower() in RTL_LANGUAGES else "ltr"
    return "rtl" if known == "rtl" else "ltr"


@lru_cache(maxsize=1024)
def babel_locale(tag: str) -> str:
    """The Babel locale used to format dates for ``tag``; falls back to the language alone, then 'en'."""
    for candidate in (tag.replace("-", "_"), primary(tag)):
        try:
            return str(Locale.parse(candidate))
        except (UnknownLocaleError, ValueError):
            continue
    return "en"


@lru_cache(maxsize=1024)
def language_name(tag: str, in_language: str | None = None) -> str:
    """The language's name in ``in_language`` (default: in itself), e.g. ``français``, ``French``."""
    name = None
    for candidate in (tag.replace("-", "_"), primary(tag)):
        try:
            name = Locale.parse(candidate).get_display_name(babel_locale(in_language or tag))
            break
        except (UnknownLocaleError, ValueError):
            continue
    if not name:
        return tag
    return name[:1].upper() + name[1:]


# ---- the theme's own words ----
# Keys are the English text; add a language by adding a column. Missing words fall back to English.
_WORDS: dict[str, dict[str, str]] = {
    "Home": {"fr": "Accueil", "ar": "الرئيسية", "es": "Inicio"},
    "Latest articles": {"fr": "Derniers articles", "ar": "أحدث المقالات", "es": "Últimos artículos"},
    "Sources": {"fr": "Sources", "ar": "المصادر", "es": "Fuentes"},
    "Source": {"fr": "Source", "ar": "المصدر", "es": "Fuente"},
    "Every source": {"fr": "Toutes les sources", "ar": "كل المصادر", "es": "Todas las fuentes"},
    "Languages": {"fr": "Langues", "ar": "اللغات", "es": "Idiomas"},
    "Language": {"fr": "Langue", "ar": "اللغة", "es": "Idioma"},
    "Tags": {"fr": "Mots-clés", "ar": "الوسوم", "es": "Etiquetas"},
    "Tag": {"fr": "Mot-clé", "ar": "وسم", "es": "Etiqueta"},
    "Authors": {"fr": "Auteurs", "ar": "الكتّاب", "es": "Autores"},
    "Author": {"fr": "Auteur", "ar": "الكاتب", "es": "Autor"},
    "Archive": {"fr": "Archives", "ar": "الأرشيف", "es": "Archivo"},
    "Dates": {"fr": "Dates", "ar": "التواريخ", "es": "Fechas"},
    "Years": {"fr": "Années", "ar": "السنوات", "es": "Años"},
    "Read the original": {"fr": "Lire l'original", "ar": "اقرأ المقال الأصلي", "es": "Leer el original"},
    "By": {"fr": "Par", "ar": "بقلم", "es": "Por"},
    "Published": {"fr": "Publié", "ar": "نُشر", "es": "Publicado"},
    "Updated": {"fr": "Mis à jour", "ar": "حُدّث", "es": "Actualizado"},
    "articles": {"fr": "articles", "ar": "مقالات", "es": "artículos"},
    "article": {"fr": "article", "ar": "مقال", "es": "artículo"},
    "Page": {"fr": "Page", "ar": "صفحة", "es": "Página"},
    "of": {"fr": "sur", "ar": "من", "es": "de"},
    "Newer": {"fr": "Plus récents", "ar": "الأحدث", "es": "Más recientes"},
    "Older": {"fr": "Plus anciens", "ar": "الأقدم", "es": "Más antiguos"},
    "Pages": {"fr": "Pages", "ar": "الصفحات", "es": "Páginas"},
    "Months": {"fr": "Mois", "ar": "الأشهر", "es": "Meses"},
    "Days": {"fr": "Jours", "ar": "الأيام", "es": "Días"},
    "From": {"fr": "Du", "ar": "من", "es": "Desde"},
    "to": {"fr": "au", "ar": "إلى", "es": "hasta"},
    "Website": {"fr": "Site web", "ar": "الموقع", "es": "Sitio web"},
    "Country": {"fr": "Pays", "ar": "البلد", "es": "País"},
    "Unattributed": {"fr": "Sans source", "ar": "بلا مصدر", "es": "Sin fuente"},
    "Skip to content": {"fr": "Aller au contenu", "ar": "انتقل إلى المحتوى", "es": "Ir al contenido"},
    "Main navigation": {"fr": "Navigation principale", "ar": "التنقل الرئيسي", "es": "Navegación principal"},
    "Pagination": {"fr": "Pagination", "ar": "ترقيم الصفحات", "es": "Paginación"},
    "Breadcrumb": {"fr": "Fil d'Ariane", "ar": "مسار التنقل", "es": "Ruta de navegación"},
    "Articles of the day": {"fr": "Articles du jour", "ar": "مقالات اليوم", "es": "Artículos del día"},
    "Number of articles": {"fr": "Nombre d'articles", "ar": "عدد المقالات", "es": "Número de artículos"},
    "First article": {"fr": "Premier article", "ar": "أول مقال", "es": "Primer artículo"},
    "Last article": {"fr": "Dernier article", "ar": "آخر مقال", "es": "Último artículo"},
    "Made with newsarchive": {
        "fr": "Réalisé avec newsarchive", "ar": "أُنشئ باستخدام newsarchive", "es": "Hecho con newsarchive",
    },
    "Page not found": {"fr": "Page introuvable", "ar": "الصفحة غير موجودة", "es": "Página no encontrada"},
    "Also in": {"fr": "Aussi en", "ar": "متوفر أيضاً بـ", "es": "También en"},
    ": ": {"fr": "\u202f: "},  # French sets a (narrow, no-break) space before a colon
    ", ": {"ar": "\u060c "},  # a list's separator: Arabic's comma (،)
    # the same story across outlets (story_pages)
    "Also reported by": {"fr": "Également rapporté par", "ar": "نقلته أيضاً", "es": "También informaron"},
    "same day": {"fr": "le même jour", "ar": "في اليوم نفسه", "es": "el mismo día"},
    "next day": {"fr": "le lendemain", "ar": "في اليوم التالي", "es": "al día siguiente"},
    "the day before": {"fr": "la veille", "ar": "في اليوم السابق", "es": "el día anterior"},
    "{} later": {"fr": "{} plus tard", "ar": "بعد {}", "es": "{} después"},
    "{} earlier": {"fr": "{} plus tôt", "ar": "قبل {}", "es": "{} antes"},
    "Stories told by several outlets": {"fr": "Sujets traités par plusieurs médias",
                                        "ar": "أخبار نقلتها عدة وسائل إعلام",
                                        "es": "Noticias contadas por varios medios"},
    "and {} more": {"fr": "et {} autres", "ar": "و{} غيرها", "es": "y {} más"},
    "All outlets' articles of this story": {"fr": "Tous les articles de ce sujet",
                                            "ar": "كل مقالات هذا الخبر",
                                            "es": "Todos los artículos de esta noticia"},
    "Search": {"fr": "Rechercher", "ar": "بحث", "es": "Buscar"},
    "Search the archive": {"fr": "Rechercher dans les archives", "ar": "ابحث في الأرشيف",
                           "es": "Buscar en el archivo"},
    "Search words": {"fr": "Mots recherchés", "ar": "كلمات البحث", "es": "Palabras buscadas"},
    "All sources": {"fr": "Toutes les sources", "ar": "كل المصادر", "es": "Todas las fuentes"},
    "All languages": {"fr": "Toutes les langues", "ar": "كل اللغات", "es": "Todos los idiomas"},
    "All years": {"fr": "Toutes les années", "ar": "كل السنوات", "es": "Todos los años"},
    "Year": {"fr": "Année", "ar": "السنة", "es": "Año"},
    "Sort": {"fr": "Trier", "ar": "الترتيب", "es": "Ordenar"},
    "Best match": {"fr": "Pertinence", "ar": "الأكثر صلة", "es": "Relevancia"},
    "Newest first": {"fr": "Plus récents d'abord", "ar": "الأحدث أولاً", "es": "Más recientes primero"},
    "Oldest first": {"fr": "Plus anciens d'abord", "ar": "الأقدم أولاً", "es": "Más antiguos primero"},
    "No article matches.": {"fr": "Aucun article ne correspond.", "ar": "لا توجد مقالات مطابقة.",
                            "es": "Ningún artículo coincide."},
    "results": {"fr": "résultats", "ar": "نتائج", "es": "resultados"},
    "result": {"fr": "résultat", "ar": "نتيجة", "es": "resultado"},
    "Show more": {"fr": "Afficher plus", "ar": "عرض المزيد", "es": "Mostrar más"},
    "Search needs JavaScript. Browse the archive by date, source, language or tag instead.": {
        "fr": "La recherche demande JavaScript. Parcourez les archives par date, source, langue ou mot-clé.",
        "ar": "يتطلب البحث JavaScript. تصفح الأرشيف حسب التاريخ أو المصدر أو اللغة أو الوسم.",
        "es": "La búsqueda necesita JavaScript. Recorra el archivo por fecha, fuente, idioma o etiqueta.",
    },
    "Search works when the archive is served over http(s), not opened from a disk.": {
        "fr": ("La recherche fonctionne quand les archives sont servies en http(s), "
               "pas ouvertes depuis un disque."),
        "ar": "يعمل البحث عندما يُقدَّم الأرشيف عبر http(s)، لا عند فتحه من القرص.",
        "es": "La búsqueda funciona cuando el archivo se sirve por http(s), no abierto desde un disco.",
    },
    "The search index could not be loaded.": {
        "fr": "L'index de recherche n'a pas pu être chargé.", "ar": "تعذّر تحميل فهرس البحث.",
        "es": "No se pudo cargar el índice de búsqueda.",
    },
    "Calendar": {"fr": "Calendrier", "ar": "التقويم", "es": "Calendario"},
    "Fewer": {"fr": "Moins", "ar": "أقل", "es": "Menos"},
    "More": {"fr": "Plus", "ar": "أكثر", "es": "Más"},
    "Other days": {"fr": "Autres jours", "ar": "أيام أخرى", "es": "Otros días"},
    "Previous day": {"fr": "Jour précédent", "ar": "اليوم السابق", "es": "Día anterior"},
    "Next day": {"fr": "Jour suivant", "ar": "اليوم التالي", "es": "Día siguiente"},
    "Other months": {"fr": "Autres mois", "ar": "أشهر أخرى", "es": "Otros meses"},
    "Previous month": {"fr": "Mois précédent", "ar": "الشهر السابق", "es": "Mes anterior"},
    "Next month": {"fr": "Mois suivant", "ar": "الشهر التالي", "es": "Mes siguiente"},
    "Other years": {"fr": "Autres années", "ar": "سنوات أخرى", "es": "Otros años"},
    "Previous year": {"fr": "Année précédente", "ar": "السنة السابقة", "es": "Año anterior"},
    "Next year": {"fr": "Année suivante", "ar": "السنة التالية", "es": "Año siguiente"},
    "Previous article": {"fr": "Article précédent", "ar": "المقال السابق", "es": "Artículo anterior"},
    "Next article": {"fr": "Article suivant", "ar": "المقال التالي", "es": "Artículo siguiente"},
    "From the same source": {"fr": "De la même source", "ar": "من المصدر نفسه", "es": "De la misma fuente"},
    "Earlier the same day": {"fr": "Plus tôt le même jour", "ar": "في وقت سابق من اليوم نفسه",
                             "es": "Antes, el mismo día"},
    "All articles of the day": {"fr": "Tous les articles du jour", "ar": "كل مقالات اليوم",
                                "es": "Todos los artículos del día"},
    "Cite this article": {"fr": "Citer cet article", "ar": "استشهد بهذا المقال", "es": "Citar este artículo"},
    "For a reference manager": {"fr": "Pour un gestionnaire de références", "ar": "لبرنامج إدارة المراجع",
                                "es": "Para un gestor de referencias"},
    "The archive as data": {"fr": "L'archive en données", "ar": "الأرشيف كبيانات",
                            "es": "El archivo como datos"},
    "Internet Archive copy": {"fr": "Copie sur Internet Archive", "ar": "نسخة أرشيف الإنترنت",
                              "es": "Copia en Internet Archive"},
    "Archived capture": {"fr": "Capture archivée", "ar": "النسخة الملتقطة في الأرشيف",
                         "es": "Captura archivada"},
    "Accessed": {"fr": "Consulté le", "ar": "تاريخ الاطلاع", "es": "Consultado el"},
    "Retrieved": {"fr": "Consulté le", "ar": "استُرجع في", "es": "Recuperado el"},
    "from": {"fr": "à l'adresse", "ar": "من", "es": "de"},
    "Articles per month": {"fr": "Articles par mois", "ar": "المقالات شهرياً", "es": "Artículos por mes"},
    "Top tags": {"fr": "Mots-clés principaux", "ar": "أبرز الوسوم", "es": "Etiquetas principales"},
    "Month": {"fr": "Mois", "ar": "الشهر", "es": "Mes"},
    "First page": {"fr": "Première page", "ar": "الصفحة الأولى", "es": "Primera página"},
    "Last page": {"fr": "Dernière page", "ar": "الصفحة الأخيرة", "es": "Última página"},
    "Oldest articles": {"fr": "Articles les plus anciens", "ar": "أقدم المقالات",
                        "es": "Artículos más antiguos"},
    "This page is not full yet: newer articles will be added to it.": {
        "fr": "Cette page n'est pas encore complète : les articles plus récents s'y ajouteront.",
        "ar": "هذه الصفحة لم تكتمل بعد: ستُضاف إليها المقالات الأحدث.",
        "es": "Esta página aún no está completa: se le añadirán los artículos más recientes.",
    },
    "No newer articles yet.": {"fr": "Pas encore d'articles plus récents.", "ar": "لا توجد مقالات أحدث بعد.",
                               "es": "Todavía no hay artículos más recientes."},
    "Profile": {"fr": "Profil", "ar": "نبذة", "es": "Perfil"},
    "table": {"fr": "tableau", "ar": "جدول", "es": "tabla"},
    "Most articles": {"fr": "Le plus d'articles", "ar": "أكثر المقالات", "es": "Más artículos"},
    # versions and corrections (version_pages.py)
    "Updated once": {"fr": "Mis à jour une fois", "ar": "حُدّث مرة واحدة", "es": "Actualizado una vez"},
    "Updated {n} times": {"fr": "Mis à jour {n} fois", "ar": "حُدّث {n} مرات", "es": "Actualizado {n} veces"},
    "corrected on": {"fr": "corrigé le", "ar": "صُحّح في", "es": "corregido el"},
    "See what changed": {"fr": "Voir ce qui a changé", "ar": "اطّلع على التغييرات", "es": "Ver qué cambió"},
    "Version": {"fr": "Version", "ar": "النسخة", "es": "Versión"},
    "Current version": {"fr": "Version actuelle", "ar": "النسخة الحالية", "es": "Versión actual"},
    "current": {"fr": "actuelle", "ar": "الحالية", "es": "actual"},
    "archived on": {"fr": "archivée le", "ar": "أُرشفت في", "es": "archivada el"},
    "Read the current version": {"fr": "Lire la version actuelle", "ar": "اقرأ النسخة الحالية",
                                 "es": "Leer la versión actual"},
    "Changes from version {n}": {"fr": "Changements depuis la version {n}", "ar": "التغييرات منذ النسخة {n}",
                                 "es": "Cambios desde la versión {n}"},
    "inserted": {"fr": "ajouté", "ar": "أُضيف", "es": "añadido"},
    "deleted": {"fr": "supprimé", "ar": "حُذف", "es": "eliminado"},
    "words inserted": {"fr": "mots ajoutés", "ar": "كلمات مضافة", "es": "palabras añadidas"},
    "words deleted": {"fr": "mots supprimés", "ar": "كلمات محذوفة", "es": "palabras eliminadas"},
    "Title": {"fr": "Titre", "ar": "العنوان", "es": "Título"},
    "Text of this version": {"fr": "Texte de cette version", "ar": "نص هذه النسخة",
                             "es": "Texto de esta versión"},
    "All versions": {"fr": "Toutes les versions", "ar": "كل النسخ", "es": "Todas las versiones"},
    "Previous version": {"fr": "Version précédente", "ar": "النسخة السابقة", "es": "Versión anterior"},
    "Next version": {"fr": "Version suivante", "ar": "النسخة التالية", "es": "Versión siguiente"},
}


# Words said with a count, in each of the language's plural forms (CLDR's, as Babel gives them: French says
# "0 article", Arabic has six forms). A language without a row here says "1 article", "2 articles" in English.
_PLURALS: dict[str, dict[str, dict[str, str]]] = {
    "article": {
        "en": {"one": "article", "other": "articles"},
        "fr": {"one": "article", "many": "d'articles", "other": "articles"},
        "es": {"one": "artículo", "many": "de artículos", "other": "artículos"},
        "ar": {"zero": "مقال", "one": "مقال", "two": "مقالان", "few": "مقالات", "many": "مقالًا",
               "other": "مقال"},
    },
    "day": {
        "en": {"one": "day", "other": "days"},
        "fr": {"one": "jour", "many": "de jours", "other": "jours"},
        "es": {"one": "día", "many": "de días", "other": "días"},
        "ar": {"zero": "يوم", "one": "يوم", "two": "يومين", "few": "أيام", "many": "يومًا", "other": "يوم"},
    },
    "result": {
        "en": {"one": "result", "other": "results"},
        "fr": {"one": "résultat", "many": "de résultats", "other": "résultats"},
        "es": {"one": "resultado", "many": "de resultados", "other": "resultados"},
        "ar": {"zero": "نتيجة", "one": "نتيجة", "two": "نتيجتان", "few": "نتائج", "many": "نتيجةً",
               "other": "نتيجة"},
    },
}


@lru_cache(maxsize=64)
def _locale(tag: str) -> Locale:
    return Locale.parse(babel_locale(tag))


@lru_cache(maxsize=4096)  # (every list item and page says a count: Babel's rule costs 1% of a build)
def plural_form(count: int, language: str) -> str:
    """The CLDR plural category of ``count`` in ``language``: zero, one, two, few, many or other."""
    return _locale(language).plural_form(count)


def counted(count: int, language: str, one: str = "article", many: str = "articles") -> str:
    """``count`` with its word in ``language`` ("3 articles", "0 article", "11 مقالًا"). ``one`` and
    ``many`` are the English words; a word without plural forms is translated by the English rule."""
    forms = _PLURALS.get(one, {}).get(primary(language))
    if forms is not None:
        form = plural_form(count, language)
        if form == "two" and "two" in forms:  # Arabic's dual says the number itself: "مقالان", not "2 مقالان"
            return forms["two"]
        return f"{count} {forms.get(form, forms['other'])}"
    return f"{count} {translate(one if count == 1 else many, language)}"


def plural_words(language: str, one: str = "article", many: str = "articles") -> dict[str, str]:
    """A counted word's forms in ``language`` by CLDR plural category (what ``counted`` chooses among), for a
    page's script to count with (``Intl.PluralRules`` gives the same categories): ``{"one": "résultat",
    "many": "de résultats", "other": "résultats"}``; English's rule where the language has no row."""
    forms = _PLURALS.get(one, {}).get(primary(language))
    return dict(forms) if forms is not None else {"one": translate(one, language),
                                                   "other": translate(many, language)}


def relative_day(offset: int, language: str) -> str:
    """One day as seen from another, ``offset`` days later (negative: earlier): "same day", "next day",
    "2 days later", "the day before", in ``language``."""
    if offset == 0:
        return translate("same day", language)
    if offset == 1:
        return translate("next day", language)
    if offset == -1:
        return translate("the day before", language)
    pattern = translate("{} later" if offset > 0 else "{} earlier", language)
    return pattern.replace("{}", counted(abs(offset), language, "day", "days"))


def translate(word: str, language: str) -> str:
    row = _WORDS.get(word)
    if row is None:
        return word
    return row.get(primary(language), word)


class Words(dict):
    """The theme's words in one language: ``w["Sources"]`` or ``w.get("Sources")`` in templates."""

    def __init__(self, language: str):
        super().__init__()
        self.language = language

    def __missing__(self, word: str) -> str:
        value = self[word] = translate(word, self.language)
        return value

    def get(self, word: str, default: str | None = None) -> str:  # type: ignore[override]
        return self[word]

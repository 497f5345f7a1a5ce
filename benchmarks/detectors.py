"""Compare language detectors on short news texts (headlines and first sentences) in en, fr, ar, es.

    pip install py3langid langdetect lingua-language-detector
    python benchmarks/detectors.py

Prints, for each detector that is installed: accuracy on the samples below (headlines alone, and
headline + first sentence), the time of one call (median over the samples, after a warm-up), the time of
the first call (loading the model) and the size of the installed package. The samples are our own
fictional news, written for this benchmark.
"""

from __future__ import annotations

import importlib.util
import os
import statistics
import time

SAMPLES: dict[str, list[str]] = {
    "en": [
        "Storm closes port",
        "Ferry fares rise",
        "Mayor quits",
        "Flood warning for Valdelosa",
        "Brest ferry cancelled",
        "Harbour closes after storm damages the north quay",
        "Council approves new ferry timetable for the winter",
        "Fishermen protest against quota cuts in Kestrel Bay",
        "School reopens two weeks after the flood",
        "Police search for missing hiker on the moor",
        "Bridge repairs to last until March, engineers say",
        "Local bakery wins regional prize for its rye bread",
        "Power cut leaves three villages in the dark overnight",
        "Mayor resigns amid row over harbour contract",
        "Record crowds at the autumn fair despite the rain",
        "Residents of the north quay were evacuated during the night as waves broke over the wall.",
        "The council said the new timetable would add two crossings on weekdays.",
    ],
    "fr": [
        "Tempête sur le port",
        "Le maire démissionne",
        "Alerte inondation",
        "Grève des dockers",
        "Le ferry pour Brest annulé",
        "Évacuation du quartier du port après la tempête",
        "Le conseil municipal vote le nouveau plan de circulation",
        "Les pêcheurs manifestent contre la baisse des quotas",
        "Réouverture de l'école deux semaines après l'inondation",
        "Un randonneur porté disparu dans les monts d'Arrée",
        "Les travaux du pont dureront jusqu'en mars",
        "La boulangerie du village primée pour son pain de seigle",
        "Coupure de courant dans trois communes pendant la nuit",
        "Le maire démissionne après la polémique sur le port",
        "Affluence record à la foire d'automne malgré la pluie",
        "Les habitants du quai Nord ont été évacués dans la nuit alors que les vagues passaient la digue.",
        "La mairie a indiqué que le nouvel horaire ajoutera deux traversées en semaine.",
    ],
    "ar": [
        "عاصفة في الميناء",
        "استقالة العمدة",
        "تحذير من الفيضانات",
        "إضراب عمال الميناء",
        "إلغاء رحلة العبارة",
        "إغلاق الميناء بعد أن ألحقت العاصفة أضرارا بالرصيف الشمالي",
        "المجلس البلدي يوافق على جدول جديد للعبارات",
        "الصيادون يحتجون على خفض الحصص",
        "إعادة فتح المدرسة بعد أسبوعين من الفيضان",
        "الشرطة تبحث عن متنزه مفقود في الجبال",
        "أعمال إصلاح الجسر تستمر حتى مارس",
        "مخبز محلي يفوز بجائزة إقليمية",
        "انقطاع الكهرباء عن ثلاث قرى طوال الليل",
        "استقالة رئيس البلدية بعد خلاف حول عقد الميناء",
        "حشود قياسية في معرض الخريف رغم المطر",
        "تم إجلاء سكان الرصيف الشمالي خلال الليل بعد أن تجاوزت الأمواج السور.",
        "وقال المجلس إن الجدول الجديد سيضيف رحلتين في أيام الأسبوع.",
    ],
    "es": [
        "Temporal en el puerto",
        "Dimite el alcalde",
        "Alerta por inundaciones",
        "Huelga de estibadores",
        "Cancelado el ferry a Brest",
        "Cierra el puerto tras los daños del temporal en el muelle norte",
        "El ayuntamiento aprueba el nuevo horario del transbordador",
        "Los pescadores protestan contra el recorte de las cuotas",
        "La escuela reabre dos semanas después de la inundación",
        "La policía busca a un excursionista desaparecido en la sierra",
        "Las obras del puente durarán hasta marzo",
        "Una panadería del pueblo gana un premio regional",
        "Un apagón deja sin luz a tres pueblos durante la noche",
        "Dimite el alcalde tras la polémica por el contrato del puerto",
        "Afluencia récord en la feria de otoño pese a la lluvia",
        "Los vecinos del muelle norte fueron evacuados durante la noche cuando las olas superaron el muro.",
        "El ayuntamiento dijo que el nuevo horario añadirá dos travesías entre semana.",
    ],
}


def _py3langid():
    import py3langid

    return lambda text: py3langid.classify(text)[0]


def _py3langid_restricted():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    identifier.set_languages(["en", "fr", "ar", "es", "de", "it", "pt", "nl"])
    return lambda text: identifier.classify(text)[0]


def _langdetect():
    from langdetect import DetectorFactory, detect

    DetectorFactory.seed = 0  # deterministic
    return detect


def _lingua():
    from lingua import LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_all_languages().build()

    def detect(text):
        found = detector.detect_language_of(text)
        return found.iso_code_639_1.name.lower() if found else "?"

    return detect


def _lingua_low():
    from lingua import LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()

    def detect(text):
        found = detector.detect_language_of(text)
        return found.iso_code_639_1.name.lower() if found else "?"

    return detect


DETECTORS = {
    "py3langid (97 languages)": ("py3langid", _py3langid),
    "py3langid (8 languages)": ("py3langid", _py3langid_restricted),
    "langdetect (seed 0)": ("langdetect", _langdetect),
    "lingua (high accuracy)": ("lingua", _lingua),
    "lingua (low accuracy)": ("lingua", _lingua_low),
}


def _size(module: str) -> float:
    folder = os.path.dirname(importlib.util.find_spec(module).origin)
    return sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(folder) for f in fs) / 1e6


def main() -> None:
    texts = [(lang, text) for lang, items in SAMPLES.items() for text in items]
    print(f"{len(texts)} samples, {len(SAMPLES)} languages")
    print(f"{'detector':28} {'correct':>9} {'headlines':>10} {'1st call':>9} {'per call':>10} {'size':>8}")
    for name, (module, make) in DETECTORS.items():
        if importlib.util.find_spec(module) is None:
            print(f"{name:28} not installed")
            continue
        started = time.perf_counter()
        detect = make()
        detect(texts[0][1])
        first = time.perf_counter() - started
        times, correct, wrong = [], 0, []
        headlines = [0, 0]
        for lang, text in texts:
            t0 = time.perf_counter()
            found = detect(text)
            times.append(time.perf_counter() - t0)
            ok = found == lang
            correct += ok
            if len(text) < 80:
                headlines[0] += ok
                headlines[1] += 1
            if not ok:
                wrong.append(f"{lang}->{found}: {text[:40]}")
        print(f"{name:28} {correct:>4}/{len(texts):<4} {headlines[0]:>4}/{headlines[1]:<5} {first:>8.2f}s"
              f" {statistics.median(times) * 1000:>8.2f}ms {_size(module):>6.1f}MB")
        for line in wrong:
            print("    wrong:", line)


if __name__ == "__main__":
    main()

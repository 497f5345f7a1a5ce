#!/usr/bin/env python3
"""Generate a deterministic, realistic news corpus for benchmarking newsarchive against Hugo.

    python benchmarks/gen_corpus.py N DEST [--seed 1]

Writes, for a given N and seed, always the same bytes:

- ``DEST/content/YYYY/MM/YYYY-MM-DD-<slug>.md``: N Markdown articles with YAML front matter (title, date with
  a UTC offset, source, language, tags, url, author, and ``sources: [<source>]`` for Hugo's taxonomy), 400 to
  700 words of body with links, emphasis, bulleted lists, block quotes and sub-headings now and then; 50
  fictional outlets in 4 languages (en, fr, es, ar), 200 tags, dates over 2015-2024.
- ``DEST/newsarchive.yaml``: ``title: Benchmark archive`` and ``per_page: 20``.
- ``DEST/hugo/``: a Hugo site (config, layouts, a style sheet) with its own copy of the content in
  ``DEST/hugo/content/``, plus the section ``_index.md`` files Hugo needs for per-year and per-month list
  pages. Hugo gets a copy, not the same folder nor hard links, for two reasons: newsarchive would read the
  ``_index.md`` files as articles, and Hugo refuses an absolute ``url:`` in front matter (it is Hugo's key for
  the page's own path), so in Hugo's copy that one key is renamed ``original_url:``; every other byte is the
  same.
- ``DEST/corpus.json`` last, as the marker of a complete corpus (N, seed, generator version, counts).

Only the standard library; one loop over the articles, word pools built once from random.Random(seed).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import time
import unicodedata
from datetime import date
from pathlib import Path
from random import Random

GENERATOR_VERSION = 4  # bump when the output for a given (N, seed) changes: run.py then regenerates

FIRST_DAY = date(2015, 1, 1).toordinal()
DAYS = date(2024, 12, 31).toordinal() - FIRST_DAY + 1

# ---------------------------------------------------------------------------------------------------------
# Outlets: (name, domain, language, UTC offset in minutes, daylight-saving rule, relative weight)
# DST rule: "n" northern summer (+60 min from April to October), None: fixed offset.

SOURCES = [
    ("The Harbour Gazette", "harbour-gazette", "en", 0, "n", 9),
    ("Northfield Evening Post", "northfield-post", "en", 0, "n", 5),
    ("The Millbrook Courier", "millbrook-courier", "en", -300, "n", 7),
    ("Riverside Daily Herald", "riverside-herald", "en", -300, "n", 8),
    ("Cascade Valley Tribune", "cascade-tribune", "en", -480, "n", 4),
    ("The Prairie Ledger", "prairie-ledger", "en", -360, "n", 3),
    ("Bayside Chronicle", "bayside-chronicle", "en", -300, "n", 6),
    ("The Southern Cross Observer", "southern-cross-observer", "en", 600, None, 5),
    ("Coral Coast Times", "coral-coast-times", "en", 600, None, 2),
    ("The Highland Register", "highland-register", "en", 0, "n", 3),
    ("Metro Morning Star", "metro-morning-star", "en", -300, "n", 10),
    ("The Lakeshore Sentinel", "lakeshore-sentinel", "en", -360, "n", 4),
    ("Eastbridge Monitor", "eastbridge-monitor", "en", 0, "n", 2),
    ("The Deccan Dispatch", "deccan-dispatch", "en", 330, None, 8),
    ("Pacific Rim Review", "pacific-rim-review", "en", -480, "n", 3),
    ("The Windward Examiner", "windward-examiner", "en", -240, None, 1),
    ("Granite City Journal", "granite-city-journal", "en", 0, "n", 2),
    ("The Capital Bulletin", "capital-bulletin", "en", -300, "n", 7),
    ("Savanna Weekly Record", "savanna-record", "en", 180, None, 2),
    ("The Tasman Observer", "tasman-observer", "en", 720, None, 2),
    ("Le Courrier du Littoral", "courrier-littoral", "fr", 60, "n", 6),
    ("La Voix de l'Estuaire", "voix-estuaire", "fr", 60, "n", 4),
    ("L'Écho des Vallées", "echo-des-vallees", "fr", 60, "n", 3),
    ("Le Journal de la Côte d'Opale", "journal-cote-opale", "fr", 60, "n", 2),
    ("La Gazette du Saint-Laurent", "gazette-saint-laurent", "fr", -300, "n", 5),
    ("Le Réveil de Dakar", "reveil-dakar", "fr", 0, None, 4),
    ("Le Progrès Alpin", "progres-alpin", "fr", 60, "n", 3),
    ("La Dépêche des Marais", "depeche-marais", "fr", 60, "n", 1),
    ("Le Phare de l'Atlantique", "phare-atlantique", "fr", 60, "n", 3),
    ("L'Indépendant du Sahel", "independant-sahel", "fr", 0, None, 2),
    ("La Tribune du Léman", "tribune-leman", "fr", 60, "n", 3),
    ("El Diario del Puerto", "diario-del-puerto", "es", 60, "n", 5),
    ("La Voz de la Sierra", "voz-de-la-sierra", "es", 60, "n", 3),
    ("El Heraldo del Valle", "heraldo-del-valle", "es", -360, None, 5),
    ("Crónica del Sur", "cronica-del-sur", "es", -180, None, 4),
    ("El Faro Andino", "faro-andino", "es", -300, None, 3),
    ("La Gaceta de Levante", "gaceta-levante", "es", 60, "n", 2),
    ("Noticias del Altiplano", "noticias-altiplano", "es", -240, None, 2),
    ("El Mensajero Austral", "mensajero-austral", "es", -240, None, 1),
    ("La Opinión Caribeña", "opinion-caribena", "es", -300, None, 2),
    ("El Correo de Castilla", "correo-castilla", "es", 60, "n", 3),
    ("Diario La Ribera", "diario-la-ribera", "es", -180, None, 2),
    ("صحيفة الواحة", "al-waha", "ar", 180, None, 5),
    ("أخبار النيل", "akhbar-alnil", "ar", 120, None, 6),
    ("صوت الخليج", "sawt-alkhalij", "ar", 240, None, 4),
    ("جريدة المغرب الجديد", "almaghrib-aljadid", "ar", 60, None, 3),
    ("الشروق الساحلي", "alshorouk-alsahili", "ar", 60, None, 2),
    ("نداء الرافدين", "nidaa-alrafidayn", "ar", 180, None, 2),
    ("الأفق العربي", "alofuq-alarabi", "ar", 180, None, 3),
    ("منبر الشام", "minbar-alsham", "ar", 120, "n", 2),
]

# ---------------------------------------------------------------------------------------------------------
# Tags: 200 in all, 60 English, 50 French, 50 Spanish, 40 Arabic; an article takes 1-4 of its language's.

TAGS = {
    "en": """politics, economy, elections, climate, health, education, transport, housing, crime, courts,
        energy, farming, fisheries, tourism, arts, music, film, books, football, cricket, tennis, athletics,
        weather, storms, flooding, wildfires, science, technology, internet, business, trade, jobs,
        unemployment, inflation, banking, taxes, local government, parliament, immigration, human rights,
        environment, wildlife, oceans, public transport, aviation, railways, roads, water supply,
        air quality, space, medicine, hospitals, schools, universities, religion, festivals, obituaries,
        diplomacy, defence, drought""",
    "fr": """économie, élections municipales, santé, enseignement, transports en commun, logement, justice,
        faits divers, énergie, monde agricole, pêche, tourisme, patrimoine, musique classique, cinéma,
        littérature, rugby, cyclisme, voile, météo, tempêtes, inondations, incendies, recherche,
        numérique, entreprises, commerce, emploi, chômage, pouvoir d'achat, banques, impôts, budget municipal,
        conseil régional, assemblée nationale, migrations, droits de l'homme, biodiversité, littoral,
        montagne, aéroports, ferroviaire, routes départementales, eau potable, pollution, hôpital public,
        lycées, université, fêtes locales, nécrologie""",
    "es": """economía, elecciones, sanidad, educación, vivienda, sucesos, tribunales, energía, agricultura,
        pesca, turismo, cultura, música, cine, literatura, fútbol, baloncesto, ciclismo, meteorología,
        tormentas, inundaciones, incendios forestales, ciencia, tecnología, empresas, comercio exterior,
        empleo, paro, inflación, banca, impuestos, presupuestos, ayuntamiento, congreso, inmigración,
        derechos humanos, medio ambiente, fauna, mares, transporte público, aviación, ferrocarril,
        carreteras, sequía, contaminación, hospitales, colegios, universidades, fiestas populares,
        necrológicas""",
    "ar": """سياسة، اقتصاد، انتخابات، صحة، تعليم، نقل، إسكان، قضاء، طاقة، زراعة، صيد بحري، سياحة، ثقافة،
        موسيقى، سينما، أدب، كرة القدم، رياضة، طقس، فيضانات، حرائق، علوم، تكنولوجيا، أعمال، تجارة، وظائف،
        تضخم، بنوك، ضرائب، ميزانية، برلمان، هجرة، حقوق الإنسان، بيئة، مياه، تلوث، مستشفيات، جامعات،
        مهرجانات، دبلوماسية""",
}
TAG_COUNTS = {"en": 60, "fr": 50, "es": 50, "ar": 40}

# ---------------------------------------------------------------------------------------------------------
# Vocabulary. Nouns carry a gender/number code (m, f, mp, fp) in the Romance languages and Arabic;
# adjectives carry the matching forms, so that generated sentences mostly agree.

EN = {
    "subjects": """council, government, minister, mayor, planning committee, company, union, hospital trust,
        school board, police, court, harbour authority, city hall, central bank, ministry, opposition,
        regional assembly, port operator, airport, railway operator, water utility, energy company,
        university, museum, festival organisers, farmers' cooperative, residents, fishermen, teachers,
        nurses, investors, shareholders, voters, lawmakers, engineers, scientists, researchers, inspectors,
        firefighters, volunteers, shopkeepers, tourists, commuters, students, families, coastguard,
        health board, transport agency, environment agency, chamber of commerce""",
    "objects": """budget, plan, project, contract, report, proposal, investigation, agreement, reform, strike,
        programme, bridge, road, housing scheme, tax, subsidy, market, ferry service, bus route,
        hospital wing, school, library, stadium, wind farm, pipeline, water plant, sea wall, exhibition,
        concert, tournament, election, referendum, law, policy, deal, loan, inquiry, ban, fee, tariff,
        grant, study, survey, timetable, harbour dredging, flood defences, cycle lane, night market""",
    "adjectives": """new, local, regional, national, controversial, long-awaited, ambitious, emergency,
        annual, public, private, historic, costly, temporary, major, modest, coastal, rural, urban,
        international, independent, revised, delayed, first, final, disputed, popular, joint""",
    "verbs": """announced, approved, rejected, criticised, welcomed, postponed, launched, opened, closed,
        funded, reviewed, investigated, confirmed, denied, proposed, questioned, defended, delayed, expanded,
        reduced, increased, cut, signed, unveiled, suspended, restored, praised, blocked, backed,
        challenged""",
    "title_verbs": """approves, rejects, announces, opens, closes, warns over, delays, launches, cuts, backs,
        blocks, probes, unveils, suspends, restores, expands, reviews, signs, defends, doubles""",
    "cities": """Kestrel Bay, Millford, Ashbourne, Northfield, Riverton, Eastbridge, Harlow Point, Glenmoor,
        Port Ellis, Westhaven, Brackenridge, Stonebury, Larkspur, Cedar Falls, Maple Creek, Oakridge,
        Silverton, Fairhaven, Kingsbridge, Wexley""",
    "loc": ["in {C}", "near {C}", "across {C}", "outside {C}", "in the centre of {C}", "north of {C}"],
    "preps": "for, after, before, despite, amid, alongside, with, against",
    "times": """on Monday, on Tuesday, on Wednesday, on Thursday, on Friday, on Saturday, on Sunday,
        this week, last month, earlier this year, late on Friday, on Sunday morning, after months of talks,
        for the second time this year, at the weekend, overnight""",
    "connectors": "while, although, after, because, as, but, and",
    "first": """James, Mary, Robert, Patricia, Moira, Desmond, Annie, Priya, Daniel, Grace, Thomas, Aisha,
        Owen, Hannah, Samuel, Chloe, Liam, Fiona, Raj, Ellen""",
    "last": """Penhallow, Tregarth, Polglaze, Smith, Okafor, Patel, Murphy, Campbell, Hughes, Nguyen, Fraser,
        Bennett, Walsh, Kowalski, Reid, Morgan, Ellis, Hart, Doyle, Byrne""",
    "roles": """a spokesperson for the council, the local mayor, a union representative, a resident,
        the harbourmaster, a senior engineer, an opposition councillor, the chief executive""",
    "quote_verbs": """We will not accept, We are ready to support, We have waited years for, We need,
        We expect to review, Nobody asked for, We cannot afford, Everyone here wants""",
    "numbers": ["nearly {n} homes", "more than {m} million pounds", "{n} residents", "about {p} per cent",
                "up to {n} jobs", "{m} million dollars", "{n} passengers a day", "some {n} hectares"],
    "list_intro": ["The plan includes:", "According to the report:", "The main measures are:",
                   "Damage reported by mid-morning included:", "The council listed its priorities:"],
    "sections": "news, local, politics, economy, culture, sport, opinion, world",
}

FR = {
    "subjects": """le gouvernement/m, la mairie/f, le conseil municipal/m, la préfecture/f, le ministre/m,
        la ministre/f, l'entreprise/f, le syndicat/m, l'hôpital/m, la police/f, le tribunal/m, la région/f,
        le port/m, l'aéroport/m, la société de transport/f, l'université/f, le musée/m, les habitants/mp,
        les pêcheurs/mp, les enseignants/mp, les agriculteurs/mp, les élus/mp, les commerçants/mp,
        la communauté de communes/f, le département/m, l'opposition/f, la banque centrale/f,
        les pompiers/mp, l'association/f, les infirmières/fp""",
    "objects": """le projet/m, le budget/m, le rapport/m, la réforme/f, la grève/f, le chantier/m, la digue/f,
        le pont/m, la route/f, le marché/m, la bibliothèque/f, le stade/m, le parc éolien/m,
        la station d'épuration/f, l'exposition/f, le festival/m, le scrutin/m, la loi/f, l'accord/m,
        l'enquête/f, la subvention/f, la taxe/f, le plan de relance/m, la concertation/f, le référendum/m,
        l'étude/f, les travaux/mp, les écoles/fp, la piste cyclable/f, le contrat/m""",
    "adjectives": """nouveau/nouvelle/nouveaux/nouvelles, local/locale/locaux/locales,
        régional/régionale/régionaux/régionales, national/nationale/nationaux/nationales,
        controversé/controversée/controversés/controversées, attendu/attendue/attendus/attendues,
        ambitieux/ambitieuse/ambitieux/ambitieuses, public/publique/publics/publiques,
        annuel/annuelle/annuels/annuelles, historique/historique/historiques/historiques,
        coûteux/coûteuse/coûteux/coûteuses, provisoire/provisoire/provisoires/provisoires,
        important/importante/importants/importantes, côtier/côtière/côtiers/côtières,
        rural/rurale/ruraux/rurales, international/internationale/internationaux/internationales,
        municipal/municipale/municipaux/municipales, européen/européenne/européens/européennes,
        révisé/révisée/révisés/révisées, économique/économique/économiques/économiques,
        énergétique/énergétique/énergétiques/énergétiques, contesté/contestée/contestés/contestées""",
    "verbs": """annoncé, approuvé, rejeté, critiqué, salué, reporté, lancé, inauguré, fermé, financé, examiné,
        confirmé, démenti, proposé, contesté, défendu, retardé, élargi, réduit, augmenté, signé, dévoilé,
        suspendu, rétabli, bloqué, soutenu, présenté, voté, dénoncé, prolongé""",
    "title_verbs": """approuve/approuvent, rejette/rejettent, annonce/annoncent, ouvre/ouvrent, ferme/ferment,
        alerte sur/alertent sur, reporte/reportent, lance/lancent, réduit/réduisent, soutient/soutiennent,
        bloque/bloquent, enquête sur/enquêtent sur, dévoile/dévoilent, suspend/suspendent,
        rétablit/rétablissent, signe/signent, défend/défendent, double/doublent, conteste/contestent,
        inaugure/inaugurent""",
    "cities": """Brest, Lorient, Saint-Malo, Annecy, Grenoble, Besançon, Arcachon, La Rochelle, Québec,
        Trois-Rivières, Dakar, Thiès, Genève, Lausanne, Quimper, Sète, Montréal, Boulogne-sur-Mer,
        Chamonix, Périgueux""",
    "loc": ["à {C}", "près de {C}", "dans la région de {C}", "au nord de {C}", "au sud de {C}",
            "dans le centre de {C}"],
    "preps": "pour, après, avant, malgré, face à, avec, contre, autour de",
    "times": """lundi, mardi, mercredi, jeudi, vendredi, samedi, dimanche, cette semaine, le mois dernier,
        en début d'année, vendredi soir, dimanche matin, après des mois de négociations,
        pour la deuxième fois cette année, à la mi-journée, dans la nuit""",
    "connectors": "alors que, tandis que, mais, car, et, puisque",
    "first": """Claire, Jean, Élodie, François, Hélène, Amélie, Benoît, Léa, Gaëlle, Mathieu, Aminata, Noël,
        Cécile, Raphaël, Zoé, Loïc, Inès, Théo, Océane, Jérôme""",
    "last": """Le Goff, Dubois, Lefèvre, Moreau, Girard, Fournier, Mercier, Bézier, Lemaître, Diallo, Ndiaye,
        Caron, Rousseau, Gauthier, Perrin, Chevalier, Bonnet, Leroux, Faure, Côté""",
    "roles": """porte-parole de la mairie, maire de la commune, représentante syndicale, habitant du quartier,
        directeur du port, ingénieure, conseiller d'opposition, présidente de l'association""",
    "quote_verbs": """Nous ne pouvons pas accepter, Nous sommes prêts à soutenir,
        Nous attendons depuis des années, Nous demandons, Nous allons examiner, Nous ne voulons plus,
        Personne n'a demandé, Tout le monde ici attend""",
    "numbers": ["près de {n} logements", "plus de {m} millions d'euros", "{n} habitants", "environ {p} %",
                "jusqu'à {n} emplois", "{m} millions de francs CFA", "{n} passagers par jour",
                "quelque {n} hectares"],
    "list_intro": ["Le plan prévoit :", "Selon le rapport :", "Les principales mesures sont :",
                   "Les dégâts recensés en fin de matinée :", "La mairie a fixé ses priorités :"],
    "sections": "actualites, region, politique, economie, culture, sport, opinions, monde",
}

ES = {
    "subjects": """el gobierno/m, el ayuntamiento/m, la alcaldía/f, el ministro/m, la ministra/f,
        la empresa/f, el sindicato/m, el hospital/m, la policía/f, el tribunal/m, la región/f, el puerto/m,
        el aeropuerto/m, la universidad/f, el museo/m, los vecinos/mp, los pescadores/mp, los profesores/mp,
        los agricultores/mp, los concejales/mp, los comerciantes/mp, la diputación/f, la oposición/f,
        el banco central/m, los bomberos/mp, la asociación/f, las enfermeras/fp, la junta vecinal/f,
        el consorcio/m, la fiscalía/f""",
    "objects": """el proyecto/m, el presupuesto/m, el informe/m, la reforma/f, la huelga/f, la obra/f,
        el dique/m, el puente/m, la carretera/f, el mercado/m, la biblioteca/f, el estadio/m,
        el parque eólico/m, la depuradora/f, la exposición/f, el festival/m, la votación/f, la ley/f,
        el acuerdo/m, la investigación/f, la subvención/f, el impuesto/m, el plan de empleo/m,
        el referéndum/m, el estudio/m, las obras/fp, las escuelas/fp, el carril bici/m, el contrato/m,
        la ordenanza/f""",
    "adjectives": """nuevo/nueva/nuevos/nuevas, local/local/locales/locales,
        regional/regional/regionales/regionales, nacional/nacional/nacionales/nacionales,
        polémico/polémica/polémicos/polémicas, esperado/esperada/esperados/esperadas,
        ambicioso/ambiciosa/ambiciosos/ambiciosas, público/pública/públicos/públicas,
        anual/anual/anuales/anuales, histórico/histórica/históricos/históricas,
        costoso/costosa/costosos/costosas, provisional/provisional/provisionales/provisionales,
        importante/importante/importantes/importantes, costero/costera/costeros/costeras,
        rural/rural/rurales/rurales, internacional/internacional/internacionales/internacionales,
        municipal/municipal/municipales/municipales, europeo/europea/europeos/europeas,
        revisado/revisada/revisados/revisadas, económico/económica/económicos/económicas,
        energético/energética/energéticos/energéticas, único/única/únicos/únicas""",
    "verbs": """anunció/anunciaron, aprobó/aprobaron, rechazó/rechazaron, criticó/criticaron,
        celebró/celebraron, aplazó/aplazaron, lanzó/lanzaron, inauguró/inauguraron, cerró/cerraron,
        financió/financiaron, revisó/revisaron, confirmó/confirmaron, desmintió/desmintieron,
        propuso/propusieron, cuestionó/cuestionaron, defendió/defendieron, retrasó/retrasaron,
        amplió/ampliaron, redujo/redujeron, aumentó/aumentaron, firmó/firmaron, presentó/presentaron,
        suspendió/suspendieron, restableció/restablecieron, bloqueó/bloquearon, respaldó/respaldaron,
        votó/votaron, denunció/denunciaron, prorrogó/prorrogaron, exigió/exigieron""",
    "title_verbs": """aprueba/aprueban, rechaza/rechazan, anuncia/anuncian, abre/abren, cierra/cierran,
        alerta sobre/alertan sobre, aplaza/aplazan, lanza/lanzan, recorta/recortan, respalda/respaldan,
        bloquea/bloquean, investiga/investigan, presenta/presentan, suspende/suspenden,
        restablece/restablecen, firma/firman, defiende/defienden, duplica/duplican, cuestiona/cuestionan,
        inaugura/inauguran""",
    "cities": """Cádiz, Málaga, Vigo, Valencia, Alicante, Córdoba, León, Logroño, Cuenca, Puebla, Mérida,
        Rosario, Mendoza, Cusco, Arequipa, Medellín, Cartagena, Valparaíso, Sucre, Cochabamba""",
    "loc": ["en {C}", "cerca de {C}", "en la provincia de {C}", "al norte de {C}", "al sur de {C}",
            "en el centro de {C}"],
    "preps": "para, tras, pese a, frente a, con, sobre, contra, junto a",
    "times": """el lunes, el martes, el miércoles, el jueves, el viernes, el sábado, el domingo, esta semana,
        el mes pasado, a principios de año, el viernes por la noche, el domingo por la mañana,
        tras meses de negociaciones, por segunda vez este año, a mediodía, durante la madrugada""",
    "connectors": "mientras, aunque, pero, porque, y, ya que",
    "first": """María, José, Lucía, Javier, Carmen, Andrés, Sofía, Íñigo, Begoña, Raúl, Ángela, Martín, Inés,
        Óscar, Nuria, Joaquín, Valentina, Ramón, Pilar, Tomás""",
    "last": """García, Fernández, López, Martínez, Sánchez, Pérez, Gómez, Núñez, Ibáñez, Muñoz, Ortega,
        Castaño, Peña, Rodríguez, Herrera, Domínguez, Vázquez, Morales, Ruiz, Álvarez""",
    "roles": """portavoz del ayuntamiento, alcaldesa de la localidad, representante sindical,
        vecino del barrio, director del puerto, ingeniera municipal, concejal de la oposición,
        presidenta de la asociación""",
    "quote_verbs": """No vamos a aceptar, Estamos dispuestos a apoyar, Llevamos años esperando, Exigimos,
        Vamos a revisar, No queremos, Nadie pidió, Todo el mundo aquí espera""",
    "numbers": ["casi {n} viviendas", "más de {m} millones de euros", "{n} vecinos", "alrededor del {p} %",
                "hasta {n} empleos", "{m} millones de pesos", "{n} pasajeros al día", "unas {n} hectáreas"],
    "list_intro": ["El plan incluye:", "Según el informe:", "Las principales medidas son:",
                   "Los daños registrados a media mañana:", "El ayuntamiento fijó sus prioridades:"],
    "sections": "noticias, local, politica, economia, cultura, deportes, opinion, mundo",
}

AR = {
    "subjects": """الحكومة/f، الوزير/m، الرئيس/m، البرلمان/m، البلدية/f، الشركة/f، النقابة/f، المستشفى/m،
        الشرطة/f، المحكمة/f، المحافظ/m، الميناء/m، المطار/m، الجامعة/f، المتحف/m، المجلس البلدي/m، اللجنة/f،
        الوزارة/f، البنك المركزي/m، المعارضة/f، الجمعية/f، السكان/mp، الصيادون/mp، المعلمون/mp، المزارعون/mp،
        التجار/mp، الهيئة/f، الديوان/m، المجلس الإقليمي/m، الإدارة/f""",
    "objects": """المشروع/m، الميزانية/f، التقرير/m، الإصلاح/m، الإضراب/m، الجسر/m، الطريق/m، السوق/f،
        المكتبة/f، الملعب/m، المهرجان/m، المعرض/m، الاتفاق/m، القانون/m، القرار/m، التحقيق/m، الدعم/m،
        الضريبة/f، الخطة/f، الدراسة/f، محطة الكهرباء/f، شبكة المياه/f، مصنع الإسمنت/m، الانتخابات/f،
        المفاوضات/f، البرنامج/m، العقد/m، الحديقة/f، المستوصف/m، السد/m""",
    "adjectives": """الجديد/الجديدة، الكبير/الكبيرة، المحلي/المحلية، الوطني/الوطنية، الدولي/الدولية،
        الإقليمي/الإقليمية، الاقتصادي/الاقتصادية، الرسمي/الرسمية، العام/العامة، الخاص/الخاصة،
        المقترح/المقترحة، المثير للجدل/المثيرة للجدل، الطموح/الطموحة، المؤقت/المؤقتة، الساحلي/الساحلية،
        الريفي/الريفية، السنوي/السنوية، الأول/الأولى، الحالي/الحالية، المركزي/المركزية""",
    "verbs": """أعلن، أكد، أقر، رفض، انتقد، أجل، أطلق، افتتح، أغلق، موّل، راجع، نفى، اقترح، دافع عن، أخّر، وسّع،
        خفّض، رفع، وقّع، كشف عن، علّق، أعاد، عرقل، دعم، قدّم، ناقش، أدان، مدّد، درس، تبنى""",
    "title_verbs": """يعلن، يقر، يرفض، يفتتح، يغلق، يؤجل، يطلق، يخفض، يدعم، يعرقل، يحقق في، يكشف عن، يعلق،
        يعيد، يوقع، يدافع عن، يضاعف، ينتقد، يدشن، يحذر من""",
    "cities": """القاهرة، الإسكندرية، الرياض، جدة، دبي، أبوظبي، عمّان، بيروت، الدار البيضاء، الرباط، تونس،
        صفاقس، الجزائر، وهران، بغداد، البصرة، الدوحة، مسقط، الكويت، المنامة""",
    "loc": ["في {C}", "قرب {C}", "في محافظة {C}", "شمال {C}", "جنوب {C}", "وسط {C}"],
    "preps": "في، من، إلى، على، حول، بعد، قبل، خلال، رغم، مع",
    "times": """يوم الاثنين، يوم الثلاثاء، يوم الأربعاء، يوم الخميس، يوم الجمعة، يوم السبت، يوم الأحد،
        هذا الأسبوع، الشهر الماضي، مطلع العام، مساء الجمعة، صباح الأحد، بعد أشهر من المفاوضات،
        للمرة الثانية هذا العام، ظهر اليوم، خلال الليل""",
    "connectors": "بينما، في حين، لكن، كما، إذ، حيث",
    "first": """محمد، أحمد، فاطمة، مريم، علي، خالد، ليلى، سارة، يوسف، عمر، نور، هدى، كريم، سلمى، حسن، رانيا،
        طارق، منى، سامي، ياسمين""",
    "last": """العلي، الحسن، منصور، حداد، الخطيب، النجار، العمري، الشامي، بن علي، السيد، عبد الله، الزين،
        القاسم، يوسف، المصري، التونسي، الفاسي، الراشد، العبيدي، الحلبي""",
    "roles": """المتحدث باسم البلدية، رئيس المجلس البلدي، ممثل النقابة، أحد سكان الحي، مدير الميناء،
        مهندس في الوزارة، نائب عن المعارضة، رئيسة الجمعية""",
    "quote_verbs": """لن نقبل، نحن مستعدون لدعم، ننتظر منذ سنوات، نطالب بـ، سنراجع، لا نريد، لم يطلب أحد،
        الجميع هنا ينتظر""",
    "numbers": ["نحو {n} مسكن", "أكثر من {m} مليون دينار", "{n} ساكن", "نحو {p} في المئة", "حتى {n} وظيفة",
                "{m} مليون درهم", "{n} مسافر يوميا", "قرابة {n} هكتار"],
    "list_intro": ["وتتضمن الخطة:", "وبحسب التقرير:", "وأبرز الإجراءات هي:", "وشملت الأضرار المسجلة صباحا:",
                   "وحدد المجلس أولوياته:"],
    "sections": "akhbar, mahalli, siyasa, iqtisad, thaqafa, riyada, ray, alam",
}

VOCAB = {"en": EN, "fr": FR, "es": ES, "ar": AR}
GENDER_INDEX = {"m": 0, "f": 1, "mp": 2, "fp": 3}

ARABIC_LATIN = str.maketrans({
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh",
    "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
    "ع": "", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "w",
    "ي": "y", "ى": "a", "ة": "a", "ء": "", "ؤ": "u", "ئ": "i", "ّ": "", "ـ": "", "،": " ", "«": "",
    "»": "",
})
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def split_list(text: str) -> list[str]:
    return [w.strip() for w in re.split(r"[,،]\s*", text.strip()) if w.strip()]


def ascii_slug(text: str, limit: int = 60) -> str:
    """A file-name slug: Arabic transliterated by a small table, accents stripped, lowercase, dashes."""
    text = text.translate(ARABIC_LATIN)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = _NON_SLUG.sub("-", text).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug or "article"


def yaml_str(text: str) -> str:
    """A double-quoted YAML scalar (JSON string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


# ---------------------------------------------------------------------------------------------------------
# One language's phrase and sentence pools, built once.

class Language:
    def __init__(self, code: str, vocab: dict, rng: Random, sources: list[tuple]):
        self.code = code
        self.rng = rng
        self.v = vocab
        gendered = code != "en"
        self.subjects = [self._noun(s, gendered) for s in split_list(vocab["subjects"])]
        self.objects = [self._noun(s, gendered) for s in split_list(vocab["objects"])]
        if code == "en":
            self.adjectives = [(a, a, a, a) for a in split_list(vocab["adjectives"])]
        elif code == "ar":
            self.adjectives = [tuple(a.split("/")) * 2 for a in split_list(vocab["adjectives"])]
        else:
            self.adjectives = [tuple(a.split("/")) for a in split_list(vocab["adjectives"])]
        assert all(len(a) == 4 for a in self.adjectives), code
        self.verbs = split_list(vocab["verbs"])
        self.title_verbs = split_list(vocab["title_verbs"])
        self.cities = split_list(vocab["cities"])
        self.preps = split_list(vocab["preps"])
        self.times = split_list(vocab["times"])
        self.connectors = split_list(vocab["connectors"])
        self.first = split_list(vocab["first"])
        self.last = split_list(vocab["last"])
        self.roles = split_list(vocab["roles"])
        self.quote_verbs = split_list(vocab["quote_verbs"])
        self.sections = split_list(vocab["sections"])
        self.domains = [s[1] for s in sources]
        self.sentences = self._pool(self.sentence, 3000)
        self.link_sentences = self._pool(lambda: self.sentence(link=True), 600)
        self.emph_sentences = self._pool(lambda: self.sentence(emph=True), 600)
        self.quotes = self._pool(self.quote, 600)
        self.list_items = self._pool(self.list_item, 400)
        self.headings = [self.title(short=True) for _ in range(300)]

    @staticmethod
    def _noun(spec: str, gendered: bool) -> tuple[str, str]:
        if not gendered:
            plural = (spec.endswith("s") and not spec.endswith("ss")) or spec.endswith(("men", "police"))
            return (spec, "mp" if plural else "m")
        text, _, gender = spec.rpartition("/")
        return (text, gender)

    def _pool(self, make, count: int) -> list[tuple[str, int]]:
        out = []
        for _ in range(count):
            text = make()
            out.append((text, len(text.split())))
        return out

    # ---- phrases ----
    def np(self, nouns, bare: bool = False) -> tuple[str, str]:
        r = self.rng
        noun, gender = r.choice(nouns)
        code = self.code
        if r.random() < 0.45 and not (code == "ar" and gender == "mp"):
            adj = r.choice(self.adjectives)[GENDER_INDEX[gender]]
            if code == "en":
                noun = f"{adj} {noun}"
            else:
                noun = f"{noun} {adj}"
        if code == "en" and not bare:
            noun = "the " + noun
        return noun, gender

    def loc(self) -> str:
        return self.rng.choice(self.v["loc"]).replace("{C}", self.rng.choice(self.cities))

    def number(self) -> str:
        r = self.rng
        return (r.choice(self.v["numbers"]).replace("{n}", str(r.randrange(12, 4800)))
                .replace("{m}", str(r.randrange(2, 350))).replace("{p}", str(r.randrange(2, 80))))

    def person(self) -> str:
        return f"{self.rng.choice(self.first)} {self.rng.choice(self.last)}"

    def verb(self, gender: str) -> str:
        r, code = self.rng, self.code
        if code == "en":
            return r.choice(self.verbs)
        if code == "fr":
            aux = "ont" if gender in ("mp", "fp") else "a"
            return f"{aux} {r.choice(self.verbs)}"
        if code == "es":
            sing, plur = r.choice(self.verbs).split("/")
            return plur if gender in ("mp", "fp") else sing
        verb = r.choice(self.verbs)  # Arabic, verb-first: agrees in gender only
        if gender != "f":
            return verb
        head, _, tail = verb.partition(" ")
        head = head[:-1] + "ت" if head[-1] in "اى" else head + "ت"
        return f"{head} {tail}".strip()

    def title_verb(self, gender: str) -> str:
        verb = self.rng.choice(self.title_verbs)
        if self.code in ("fr", "es"):
            sing, plur = verb.split("/")
            return plur if gender in ("mp", "fp") else sing
        if self.code == "ar" and gender == "f":
            return "ت" + verb[1:]
        if self.code == "en" and gender == "mp":  # "residents approve", "engineers launch"
            head, _, tail = verb.partition(" ")
            head = head[:-2] if head.endswith(("ches", "shes")) else head[:-1]
            return f"{head} {tail}".strip()
        return verb

    def obj(self, link: bool = False, emph: bool = False) -> str:
        text = self.np(self.objects)[0]
        if link:
            r = self.rng
            url = (f"https://{r.choice(self.domains)}.example/{r.choice(self.sections)}/"
                   f"{ascii_slug(text, 40)}-{r.randrange(1000, 99999)}")
            return f"[{text}]({url})"
        if emph:
            return f"**{text}**" if self.rng.random() < 0.3 else f"*{text}*"
        return text

    # ---- sentences ----
    def sentence(self, link: bool = False, emph: bool = False) -> str:
        r, code = self.rng, self.code
        subj, g = self.np(self.subjects)
        subj2, g2 = self.np(self.subjects)
        o1 = self.obj(link, emph)
        o2 = self.obj()
        pick = r.randrange(5)
        if code == "ar":
            v, v2 = self.verb(g), self.verb(g2)
            forms = [
                f"{v} {subj} {o1} {self.loc()} {r.choice(self.times)}.",
                f"{r.choice(self.times)}، {v} {subj} {o1} {r.choice(self.preps)} {o2}.",
                f"وبحسب {o1}، {v} {subj} {self.number()} {self.loc()}.",
                f"{v} {subj} {o1}، {r.choice(self.connectors)} {v2} {subj2} {o2} {self.loc()}.",
                f"{v} {subj} {o1} {r.choice(self.preps)} {o2} {r.choice(self.times)}، {self.loc()}.",
            ]
            return forms[pick]
        v, v2 = self.verb(g), self.verb(g2)
        if code == "en":
            forms = [
                f"{subj} {v} {o1} {self.loc()} {r.choice(self.times)}.",
                f"{r.choice(self.times)}, {subj} {v} {o1} {r.choice(self.preps)} {o2}.",
                f"According to {o1}, {subj} {v} {self.number()} {self.loc()}.",
                f"{subj} {v} {o1}, {r.choice(self.connectors)} {subj2} {v2} {o2} {self.loc()}.",
                f"{subj} {v} {o1} {r.choice(self.preps)} {o2} {r.choice(self.times)}.",
            ]
        elif code == "fr":
            forms = [
                f"{subj} {v} {o1} {self.loc()} {r.choice(self.times)}.",
                f"{r.choice(self.times)}, {subj} {v} {o1} {r.choice(self.preps)} {o2}.",
                f"Selon {o1}, {subj} {v} {self.number()} {self.loc()}.",
                f"{subj} {v} {o1}, {r.choice(self.connectors)} {subj2} {v2} {o2} {self.loc()}.",
                f"{subj} {v} {o1} {r.choice(self.preps)} {o2} {r.choice(self.times)}.",
            ]
        else:
            forms = [
                f"{subj} {v} {o1} {self.loc()} {r.choice(self.times)}.",
                f"{r.choice(self.times)}, {subj} {v} {o1} {r.choice(self.preps)} {o2}.",
                f"Según {o1}, {subj} {v} {self.number()} {self.loc()}.",
                f"{subj} {v} {o1}, {r.choice(self.connectors)} {subj2} {v2} {o2} {self.loc()}.",
                f"{subj} {v} {o1} {r.choice(self.preps)} {o2} {r.choice(self.times)}.",
            ]
        return self._finish(forms[pick])

    def _finish(self, text: str) -> str:
        if self.code == "fr":
            text = (text.replace(" à le ", " au ").replace(" à les ", " aux ").replace(" de le ", " du ")
                    .replace(" de les ", " des "))
        elif self.code == "es":
            text = text.replace(" a el ", " al ").replace(" de el ", " del ")
        return text[0].upper() + text[1:]

    def quote(self) -> str:
        r, code = self.rng, self.code
        qv, obj = r.choice(self.quote_verbs), self.obj()
        said = f"{self.person()}, {r.choice(self.roles)}"
        if code == "en":
            return f"\u201c{qv} {obj} {self.loc()},\u201d said {said}."
        if code == "fr":
            return f"« {qv} {obj} {self.loc()} », a déclaré {said}."
        if code == "es":
            return f"«{qv} {obj} {self.loc()}», afirmó {said}."
        join = "" if qv.endswith("بـ") else " "
        return f"«{qv}{join}{obj} {self.loc()}»، قال {self.person()}، {r.choice(self.roles)}."

    def list_item(self) -> str:
        r = self.rng
        text = self.number() if r.random() < 0.4 else self.obj()
        text = f"{text} {self.loc()}"
        if self.code != "ar":
            text = text[0].upper() + text[1:]
        return text + (";" if self.code == "en" else "")

    def title(self, short: bool = False) -> str:
        r, code = self.rng, self.code
        subj, g = self.np(self.subjects, bare=True)
        verb = self.title_verb(g)
        obj = self.obj()
        if code == "ar":
            text = f"{verb} {subj} {obj}" if short else f"{verb} {subj} {obj} {self.loc()}"
            if not short and r.random() < 0.3:
                text = f"{r.choice(self.cities)}: {verb} {subj} {obj}"
            return text
        if code == "en":
            obj = obj.removeprefix("the ")
        text = f"{subj} {verb} {obj}" if short else f"{subj} {verb} {obj} {self.loc()}"
        if not short and r.random() < 0.3:
            text = f"{r.choice(self.cities)}: {subj} {verb} {obj}"
        return self._finish(text)


# ---------------------------------------------------------------------------------------------------------
# Hugo site

HUGO_CONFIG = """\
# Hugo site for the newsarchive benchmark: comparable output, one page per article, taxonomies tags and
# sources (terms paginated 20 per page), per-year and per-month section pages, a home paginated 20 per page
# and ONE RSS feed (the home's). Generated by benchmarks/gen_corpus.py.
baseURL = "https://bench.example/"
title = "Benchmark archive"
locale = "en"
defaultContentLanguage = "en"
contentDir = "content"
disableKinds = ["sitemap", "robotsTXT", "404"]
disableAliases = true
enableRobotsTXT = false
enableGitInfo = false
disableHugoGeneratorInject = true

[pagination]
  pagerSize = 20
  disableAliases = true

[taxonomies]
  tag = "tags"
  source = "sources"

[outputs]
  home = ["html", "rss"]
  section = ["html"]
  taxonomy = ["html"]
  term = ["html"]
  page = ["html"]

[services.rss]
  limit = 20

[markup.goldmark.renderer]
  unsafe = false
"""

HUGO_LAYOUTS = {
    "baseof.html": """\
<!DOCTYPE html>
{{- $lang := .Params.language | default "en" }}
<html lang="{{ $lang }}" dir="{{ if eq $lang "ar" }}rtl{{ else }}ltr{{ end }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ block "title" . }}{{ .Title }} · {{ site.Title }}{{ end }}</title>
<link rel="stylesheet" href="/style.css">
{{- if .IsHome }}{{ with .OutputFormats.Get "rss" }}
<link rel="alternate" type="application/rss+xml" href="{{ .RelPermalink }}" title="{{ site.Title }}">{{ end }}{{ end }}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site-header" lang="en" dir="ltr">
  <p class="site-title"><a href="/">{{ site.Title }}</a></p>
  <nav aria-label="Main navigation"><ul>
    <li><a href="/">Home</a></li>
    <li><a href="/sources/">Sources</a></li>
    <li><a href="/tags/">Tags</a></li>
  </ul></nav>
</header>
<main id="main">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer" lang="en" dir="ltr">
  {{ partialCached "years.html" . "years" }}
  <p class="made-with">Made with Hugo</p>
</footer>
</body>
</html>
""",  # noqa: E501 (a Hugo layout, written as it is)
    "single.html": """\
{{ define "title" }}{{ .Title }} · {{ .Params.source }} · {{ site.Title }}{{ end }}
{{ define "main" }}
{{- $month := .Parent }}{{ $year := $month.Parent }}
<nav class="breadcrumbs" aria-label="Breadcrumb" lang="en" dir="ltr"><ol>
  <li><a href="/">Home</a></li>
  <li><a href="{{ $year.RelPermalink }}">{{ $year.Title }}</a></li>
  <li><a href="{{ $month.RelPermalink }}">{{ $month.Title }}</a></li>
</ol></nav>
<article class="article">
  <header>
    <h1>{{ .Title }}</h1>
    <p class="meta">
      <time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ .Date.Format "2 January 2006" }}</time>
      {{- range .GetTerms "sources" }} · <a class="source" href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}
      {{- with .Params.author }} · <span class="authors">By {{ . }}</span>{{ end }}
    </p>
  </header>
  <div class="body">
{{ .Content }}
  </div>
  <footer class="article-footer" lang="en" dir="ltr">
    <dl>
      <dt>Source</dt><dd>{{ range .GetTerms "sources" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</dd>
      <dt>Language</dt><dd>{{ .Params.language }}</dd>
      {{- with .GetTerms "tags" }}
      <dt>Tags</dt><dd><ul class="tags">{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></dd>
      {{- end }}
    </dl>
    {{- with .Params.original_url }}
    <p class="original"><a href="{{ . }}" rel="noopener">Read the original</a></p>
    {{- end }}
  </footer>
</article>
{{ end }}
""",  # noqa: E501 (a Hugo layout, written as it is)
    # Sections: a year lists its months with counts; a month lists all its articles (newsarchive splits
    # a month into day pages; the same entries, one list).
    "list.html": """\
{{ define "main" }}
<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="/">Home</a></li>
{{- with .Parent }}{{ if not .IsHome }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}{{ end }}
<li>{{ .Title }}</li></ol></nav>
<h1>{{ .Title }}</h1>
{{- with .Sections }}
<p class="count">{{ len $.RegularPagesRecursive }} articles</p>
<h2>Months</h2>
<ul class="months">
{{- range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <span class="count">({{ len .Pages }} articles)</span></li>
{{ end }}</ul>
{{- else }}
<p class="count">{{ len .Pages }} articles</p>
{{ partial "entries.html" .Pages }}
{{- end }}
{{ end }}
""",  # noqa: E501 (a Hugo layout, written as it is)
    "taxonomy.html": """\
{{ define "main" }}
<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="/">Home</a></li><li>{{ .Title }}</li></ol></nav>
<h1>{{ .Title }}</h1>
<ul class="terms">
{{- range .Data.Terms.Alphabetical }}
{{- $pages := .Pages }}
  <li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> <span class="count">({{ .Count }} articles,
  {{ (index $pages (sub (len $pages) 1)).Date.Format "2 January 2006" }} – {{ (index $pages 0).Date.Format "2 January 2006" }})</span></li>
{{- end }}
</ul>
{{ end }}
""",  # noqa: E501 (a Hugo layout, written as it is)
    "term.html": """\
{{ define "title" }}{{ .Title }}{{ if gt .Paginator.PageNumber 1 }} · Page {{ .Paginator.PageNumber }}{{ end }} · {{ site.Title }}{{ end }}
{{ define "main" }}
{{- $pag := .Paginator }}
<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="/">Home</a></li><li><a href="{{ .Parent.RelPermalink }}">{{ .Parent.Title }}</a></li><li>{{ .Title }}</li></ol></nav>
<h1>{{ .Title }}</h1>
<p class="count">{{ len .Pages }} articles</p>
{{ partial "entries.html" $pag.Pages }}
{{ partial "pager.html" $pag }}
{{ end }}
""",  # noqa: E501 (a Hugo layout, written as it is)
    "home.html": """\
{{ define "title" }}{{ site.Title }}{{ if gt .Paginator.PageNumber 1 }} · Page {{ .Paginator.PageNumber }}{{ end }}{{ end }}
{{ define "main" }}
{{- $pag := .Paginate site.RegularPages }}
<h1>{{ site.Title }}</h1>
<h2>Latest articles <span class="count">({{ len site.RegularPages }} articles)</span></h2>
{{ partial "entries.html" $pag.Pages }}
{{ partial "pager.html" $pag }}
{{ end }}
""",  # noqa: E501 (a Hugo layout, written as it is)
    "_partials/entries.html": """\
<ol class="entries">
{{- range . }}
<li class="entry">
  <a class="entry-title" href="{{ .RelPermalink }}" lang="{{ .Params.language }}" dir="{{ if eq .Params.language "ar" }}rtl{{ else }}ltr{{ end }}">{{ .Title }}</a>
  <span class="entry-meta">
    <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
    {{- range .GetTerms "sources" }} · <a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}
    · <span class="lang-code">{{ .Params.language }}</span>
  </span>
</li>
{{- end }}
</ol>
""",  # noqa: E501 (a Hugo layout, written as it is)
    # The same on every page: rendered once (site.Sections costs ~2 ms a call in Hugo 0.168; calling it
    # on every page made Hugo 5x slower at 10,000 articles).
    "_partials/years.html": """\
<nav aria-label="Archive"><h2>Archive</h2><ul class="years">
  {{- range site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
  </ul></nav>
""",
    # First/last, previous/next and a window of page numbers (never a loop over every pager).
    "_partials/pager.html": """\
{{- if gt .TotalPages 1 }}
{{- $pagers := .Pagers }}{{ $n := .PageNumber }}
<nav class="pagination" aria-label="Pagination"><ul>
{{- if .HasPrev }}<li><a rel="prev" href="{{ .Prev.URL }}">← Newer</a></li>{{ end }}
{{- if gt $n 3 }}<li><a href="{{ .First.URL }}">1</a></li><li class="gap">…</li>{{ end }}
{{- range seq (math.Max 1 (sub $n 2) | int) (math.Min .TotalPages (add $n 2) | int) }}
{{- if eq . $n }}<li><span aria-current="page">{{ . }}</span></li>{{ else }}<li><a href="{{ (index $pagers (sub . 1)).URL }}">{{ . }}</a></li>{{ end }}
{{- end }}
{{- if lt (add $n 2) .TotalPages }}<li class="gap">…</li><li><a href="{{ .Last.URL }}">{{ .TotalPages }}</a></li>{{ end }}
{{- if .HasNext }}<li><a rel="next" href="{{ .Next.URL }}">Older →</a></li>{{ end }}
</ul>
<p class="page-of">Page {{ $n }} of {{ .TotalPages }}</p>
</nav>
{{- end }}
""",  # noqa: E501 (a Hugo layout, written as it is)
}

HUGO_STYLE = """\
body { font-family: system-ui, sans-serif; max-width: 46rem; margin: 0 auto; padding: 1rem; line-height: 1.5; }
.skip { position: absolute; left: -999px; }
.site-header nav ul, .years, .pagination ul, .tags { list-style: none; padding: 0; display: flex; gap: .75rem; flex-wrap: wrap; }
.entries { padding-left: 1.25rem; }
.entry-meta, .count, .meta { color: #555; font-size: .9rem; }
blockquote { border-inline-start: 3px solid #ccc; margin-inline: 0; padding-inline: 1rem; }
[dir="rtl"] { font-family: "Noto Naskh Arabic", serif; }
"""  # noqa: E501 (the Hugo style sheet, written as it is)

MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December"]


def write_hugo_site(hugo: Path) -> None:
    """Config, layouts and style sheet (not the content). run.py calls it before every benchmark, so that
    a change here reaches cached corpora without regenerating their content."""
    if (hugo / "layouts").exists():
        shutil.rmtree(hugo / "layouts")
    (hugo / "layouts" / "_partials").mkdir(parents=True, exist_ok=True)
    (hugo / "static").mkdir(parents=True, exist_ok=True)
    (hugo / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (hugo / "layouts" / name).write_text(text, encoding="utf-8")
    (hugo / "static" / "style.css").write_text(HUGO_STYLE, encoding="utf-8")


# ---------------------------------------------------------------------------------------------------------

def generate(n: int, dest: Path, seed: int = 1, hugo_site: bool = True) -> dict:
    """The corpus in ``dest``; ``hugo_site`` False leaves out the Hugo copy (half the disk, for sizes Hugo
    is not run at)."""
    rng = Random(seed)
    content = dest / "content"
    hugo = dest / "hugo"
    hugo_content = hugo / "content"
    for folder in (content, hugo):
        if folder.exists():
            shutil.rmtree(folder)
    for name in ("corpus.json", "newsarchive.yaml"):
        (dest / name).unlink(missing_ok=True)
    content.mkdir(parents=True)
    roots = (content, hugo_content) if hugo_site else (content,)
    for root in roots:
        root.mkdir(parents=True, exist_ok=True)

    # --- one-time pools ---
    by_lang: dict[str, list[tuple]] = {}
    for src in SOURCES:
        by_lang.setdefault(src[2], []).append(src)
    langs = {code: Language(code, VOCAB[code], rng, by_lang[code]) for code in VOCAB}
    tags = {code: split_list(TAGS[code]) for code in TAGS}
    for code, count in TAG_COUNTS.items():
        assert len(tags[code]) == count, (code, len(tags[code]))
    all_tag_slugs = [ascii_slug(t) for code in tags for t in tags[code]]
    assert len(set(all_tag_slugs)) == 200, "two tags share a slug"
    # Zipf-like popularity of tags within a language
    tag_cum = {code: _cum([1.0 / (i + 1) ** 0.8 for i in range(len(tags[code]))]) for code in tags}
    source_cum = _cum([s[5] for s in SOURCES])
    staff = []  # per source: 4-10 authors
    for src in SOURCES:
        lang = langs[src[2]]
        staff.append([lang.person() for _ in range(rng.randrange(4, 11))])
    hour_cum = _cum([1, 1, 1, 1, 1, 2, 4, 6, 8, 9, 9, 9, 9, 9, 9, 9, 9, 8, 8, 7, 6, 4, 3, 2])
    # months: folder paths and DST flags, precomputed
    month_dirs = {}
    for y in range(2015, 2025):
        for m in range(1, 13):
            for root in roots:
                (root / f"{y:04d}" / f"{m:02d}").mkdir(parents=True, exist_ok=True)
            month_dirs[(y, m)] = f"{y:04d}/{m:02d}"
    sources_yaml = [yaml_str(s[0]) for s in SOURCES]

    taken: dict[str, int] = {}
    previous = None
    tag_count_weights = [1, 2, 3, 4]
    tag_count_cum = _cum([25, 35, 25, 15])
    words_total = 0
    random = rng.random
    randrange = rng.randrange
    choices = rng.choices
    choice = rng.choice
    for index in range(n):
        # --- who and when ---
        if previous is not None and random() < 0.003:
            # a follow-up: same outlet, same day, same headline, later in the day (a title collision)
            si, d, title = previous[0], previous[1], previous[2]
            hour, minute = min(23, previous[3] + 1 + randrange(3)), randrange(60)
        else:
            si = choices(range(len(SOURCES)), cum_weights=source_cum)[0]
            d = date.fromordinal(FIRST_DAY + randrange(DAYS))
            hour, minute = choices(range(24), cum_weights=hour_cum)[0], randrange(60)
            title = None
        name, domain, code, offset, dst, _w = SOURCES[si]
        lang = langs[code]
        if title is None:
            title = lang.title()
        if dst == "n" and 4 <= d.month <= 10:
            offset += 60
        sign = "-" if offset < 0 else "+"
        off = abs(offset)
        stamp = f"{d.isoformat()}T{hour:02d}:{minute:02d}:00{sign}{off // 60:02d}:{off % 60:02d}"
        previous = (si, d, title, hour)

        # --- where ---
        base = f"{d.isoformat()}-{ascii_slug(title)}"
        k = taken.get(base, 0) + 1
        taken[base] = k
        file_stem = base if k == 1 else f"{base}-{k}"
        rel = f"{month_dirs[(d.year, d.month)]}/{file_stem}.md"

        # --- tags, author ---
        tag_list = tags[code]
        want = choices(tag_count_weights, cum_weights=tag_count_cum)[0]
        picked: list[str] = []
        cum = tag_cum[code]
        while len(picked) < want:
            for t in choices(tag_list, cum_weights=cum, k=want):
                if t not in picked and len(picked) < want:
                    picked.append(t)
        author = choice(staff[si])

        # --- body ---
        target = 400 + randrange(301)
        words = 0
        paras: list[str] = []
        want_list = random() < 0.25
        want_quote = random() < 0.2
        want_heading = random() < 0.15
        n_links = choices((0, 1, 2, 3), cum_weights=(30, 75, 93, 100))[0]
        n_emph = choices((0, 1, 2), cum_weights=(40, 85, 100))[0]
        sentences = lang.sentences
        while words < target:
            count = 2 + randrange(4)
            picks = choices(sentences, k=count)
            if n_links and random() < 0.4:
                picks[randrange(count)] = choice(lang.link_sentences)
                n_links -= 1
            if n_emph and random() < 0.4:
                picks[randrange(count)] = choice(lang.emph_sentences)
                n_emph -= 1
            if random() < 0.3:
                picks.append(choice(lang.quotes))
            paras.append(" ".join(p[0] for p in picks))
            words += sum(p[1] for p in picks)
            if len(paras) == 2:
                if want_list:
                    items = choices(lang.list_items, k=3 + randrange(3))
                    paras.append(choice(lang.v["list_intro"]))
                    paras.append("\n".join("- " + it[0] for it in items))
                    words += sum(it[1] for it in items) + 4
                if want_quote:
                    q = choices(lang.quotes, k=1 + randrange(2))
                    paras.append("> " + " ".join(x[0] for x in q))
                    words += sum(x[1] for x in q)
            elif len(paras) == 4 and want_heading:
                heading = choice(lang.headings)
                paras.append("## " + heading)
                words += len(heading.split())
        words_total += words

        # --- write ---
        slug = file_stem[11:]
        front = (f"---\ntitle: {yaml_str(title)}\ndate: {stamp}\nsource: {sources_yaml[si]}\n"
                 f"language: {code}\ntags: [{', '.join(yaml_str(t) for t in picked)}]\n")
        url_line = f"url: https://{domain}.example/{d.year:04d}/{d.month:02d}/{d.day:02d}/{slug}\n"
        rest = (f"author: {yaml_str(author)}\nsources: [{sources_yaml[si]}]\n---\n\n"
                + "\n\n".join(paras) + "\n")
        with open(content / rel, "w", encoding="utf-8") as f:
            f.write(front + url_line + rest)
        if hugo_site:
            with open(hugo_content / rel, "w", encoding="utf-8") as f:
                f.write(front + "original_" + url_line + rest)

    # --- Hugo section pages, config, layouts; newsarchive config; marker ---
    for y in (range(2015, 2025) if hugo_site else ()):
        (hugo_content / f"{y:04d}" / "_index.md").write_text(f'---\ntitle: "{y}"\n---\n', encoding="utf-8")
        for m in range(1, 13):
            (hugo_content / f"{y:04d}" / f"{m:02d}" / "_index.md").write_text(
                f'---\ntitle: "{MONTH_NAMES[m - 1]} {y}"\n---\n', encoding="utf-8")
    if hugo_site:
        write_hugo_site(hugo)
    (dest / "newsarchive.yaml").write_text("title: Benchmark archive\nper_page: 20\n", encoding="utf-8")
    info = {"articles": n, "seed": seed, "generator_version": GENERATOR_VERSION, "words": words_total,
            "collisions": sum(v - 1 for v in taken.values()), "sources": len(SOURCES), "tags": 200,
            "languages": sorted(VOCAB)}
    (dest / "corpus.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return info


def _cum(weights: list[float]) -> list[float]:
    out, total = [], 0.0
    for w in weights:
        total += w
        out.append(total)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("dest", type=Path, help="folder to write (content/, newsarchive.yaml, hugo/)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-hugo", action="store_true", help="leave out the Hugo copy (hugo/)")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    started = time.perf_counter()
    args.dest.mkdir(parents=True, exist_ok=True)
    info = generate(args.n, args.dest, args.seed, hugo_site=not args.no_hugo)
    seconds = time.perf_counter() - started
    print(f"Generated {info['articles']} articles ({info['words']} words, {info['collisions']} same-day "
          f"title collisions) into {args.dest} in {seconds:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Language knowledge about names: the words around them, and which words are common.

The entity extractor (:mod:`plugins.entities`) and the linker
(:mod:`plugins.linking`) find and type names without a gazetteer: from the
words next to a name (a title, a speech verb, "the company", "model", a
preposition of place, a company suffix) and from how common a word is in a
language. This module holds those word lists, per language where it matters,
and the word-frequency look-ups (:func:`zipf`, :func:`is_common`) built on
the lists the ``wordfreq`` package ships. Nothing here knows a story: every
list is about a language, and the first names are the most common ones of
each language.

Lists are lower case; a word is looked up with ``word.casefold()``. Forms of
inflected languages are listed whole where they are few, and as stems
(:data:`ROLE_STEMS`) where they are many.
"""

from __future__ import annotations

import math
import re
import statistics
from functools import lru_cache

from plugins import lexicon as lx
from plugins.translit import script_of

# ---------------------------------------------------------------------------
# Word frequencies (wordfreq's "small" lists: every word of Zipf 3 or more)
# ---------------------------------------------------------------------------

# The languages whose frequencies tell an international name ("Airbus", "Paris",
# similar everywhere) from a word of one language ("Daten", frequent only in German).
REFERENCE_LANGS = ("en", "de", "fr", "it", "es", "pt", "nl", "pl")
_WORDFREQ_LANGS = frozenset(
    [
        "ar",
        "bg",
        "bn",
        "ca",
        "cs",
        "da",
        "de",
        "el",
        "en",
        "es",
        "fa",
        "fi",
        "fr",
        "he",
        "hi",
        "hu",
        "id",
        "is",
        "it",
        "ja",
        "ko",
        "lt",
        "lv",
        "mk",
        "ms",
        "nb",
        "nl",
        "pl",
        "pt",
        "ro",
        "ru",
        "sh",
        "sk",
        "sl",
        "sv",
        "ta",
        "tr",
        "uk",
        "ur",
        "vi",
        "zh",
    ]
)
_FREQ: dict[str, dict[str, float]] = {}


def _freq_dict(lang: str) -> dict[str, float]:
    """A language's word -> frequency table, loaded once per process (10-30 ms each)."""
    table = _FREQ.get(lang)
    if table is None:
        table = {}
        if lang in _WORDFREQ_LANGS:
            from wordfreq import get_frequency_dict  # heavy import: only when a text needs it

            table = get_frequency_dict(lang, wordlist="small")
        _FREQ[lang] = table
    return table


@lru_cache(maxsize=131072)
def zipf(word: str, lang: str | None) -> float:
    """The word's Zipf frequency in ``lang`` (6 is "the", 3 is rare), 0 when not listed."""
    if not lang:
        return 0.0
    freq = _freq_dict(lang).get(word.casefold())
    return math.log10(freq) + 9 if freq else 0.0


@lru_cache(maxsize=131072)
def is_common(word: str, lang: str | None, *, strict: bool = False) -> bool:
    """Whether ``word`` is an ordinary word of ``lang`` rather than a name.

    A word is ordinary when it is frequent in its language and clearly more
    frequent there than in the other reference languages: "Daten" (German
    only), "Questa" (Italian only) are; "Airbus", "Siemens", "Paris" (about
    as frequent everywhere) are not, and neither is a rare word. ``strict``
    asks for more (used for a capitalised word in the middle of a sentence,
    where capitals already say "name" in most languages).
    """
    own = zipf(word, lang)
    floor, margin = (4.3, 1.5) if strict else (3.0, 1.0)
    if script_of(word) != "latin":
        # Only Latin-script words are shared across the reference languages: frequency alone
        # decides, with a higher floor (names of the news are in the Cyrillic lists too).
        return own >= floor + 0.5
    if own < floor:
        return False
    others = [zipf(word, other) for other in REFERENCE_LANGS if other != lang]
    return own - statistics.median(others) >= margin


@lru_cache(maxsize=65536)
def international(word: str) -> bool:
    """A Latin-script word listed in most reference languages that is no borrowed common noun.

    Brands, cities and famous names are written alike and used everywhere
    ("Airbus", "Paris"); borrowed English nouns ("training", "interview") are
    too, but unlike names they are missing from the Latin-script words of
    Russian texts.
    """
    low = word.casefold()
    if script_of(low) != "latin" or sum(zipf(low, other) >= 3.0 for other in REFERENCE_LANGS) < 5:
        return False
    return not is_loanword(low)


def is_loanword(word: str) -> bool:
    """An English common noun used in other languages ("Training", "Interview", "Stress"):
    most frequent in English, and missing from the Latin-script words of Russian texts."""
    low = word.casefold()
    en = zipf(low, "en")
    if en < 4.0 or zipf(low, "ru") >= 3.0:
        return False
    return en + 0.3 >= max(zipf(low, other) for other in REFERENCE_LANGS)


def _inflections(stem: str) -> int:
    return sum(zipf(stem + ending, "de") >= 3.0 for ending in ("e", "en", "er", "es", "em"))


@lru_cache(maxsize=65536)
def is_german_adjective(word: str) -> bool:
    """A capitalised German adjective ("Deutsche", "Statistischen"): in mid-sentence, part of a name."""
    low = word.casefold()
    for ending in ("en", "er", "es", "em", "e"):
        if low.endswith(ending) and len(low) > len(ending) + 2:
            return _inflections(low[: -len(ending)]) >= 4
    return False


# ---------------------------------------------------------------------------
# Shapes
# ---------------------------------------------------------------------------

# Lower-case particles inside personal names: "Maria da Silva", "Ursula von der Leyen".
# German articles that look like particles ("das", "des") are no particles in German texts.
GERMAN_ARTICLES = frozenset(("das", "des", "die", "dem"))
# Romance particles double as "of", so they join only after a first name or a full name.
GERMANIC_PARTICLES = frozenset(("van", "von", "der", "den", "ter", "te", "zu", "vom", "zum", "ten"))
ROMANCE_PARTICLES = frozenset(
    ("de", "da", "do", "dos", "das", "di", "del", "della", "dei", "degli", "du", "des", "la", "le", "lo")
)
ARABIC_PARTICLES = frozenset(("bin", "ibn", "al", "el", "ben", "bint", "abu"))
NAME_PARTICLES = GERMANIC_PARTICLES | ROMANCE_PARTICLES | ARABIC_PARTICLES | (lx.NAME_PARTICLES - {"e", "y"})

# Elided articles and prepositions glued to a name by an apostrophe: "d'Airbus", "dell'ONU".
_FRENCH_ELISIONS = "l d j m n s t c qu jusqu lorsqu puisqu quoiqu presqu"
_ITALIAN_ELISIONS = "l d dell dall nell sull all coll un quell quest tutt"
ELISIONS = frozenset(f"{_FRENCH_ELISIONS} {_ITALIAN_ELISIONS}".split())
# Turkish case suffixes after an apostrophe that say "in", "from" or "to" a place: "Ankara'da".
TURKISH_PLACE_SUFFIX = re.compile(r"^(?:[dt][ae](?:n|ki)?|y?[ae])$")

# Acronyms that are ordinary words, not names (artificial intelligence, chief executive, GDP, ...).
COMMON_ACRONYMS = frozenset(
    """
    ai ia ki ии ші si yz ki tn agi genai llm llms nlp ml gpu cpu tpu ram ssd usb hd 4k 5g 4g lte gps
    ceo cfo cto coo cmo cio pdg dg ad vd md ok tv pc cd dvd sms pdf url api app apps ui ux os saas
    gdp pib bip pkb ввп ввп usd eur gbp jpy chf rub uah pln try cny brl inr aud cad
    dna rna adn ддк днк hiv aids it hr pr vip suv faq diy esg ipo roi kpi b2b b2c phd mba cv id
    iva tva mwst ust ндс пдв kdv utc gmt cet cest am pm ev vr ar xr iot nft ngo ong нко
    km kg mb gb tb kw kwh mw gw co2 ppm ph lgbt lgbtq ceo's rd r&d qa
    ii iii iv vi vii viii ix xi xii xiii xiv xv xvi xvii xviii xix xx xxi
    """.casefold().split()
)
# Currency words that make "US-Dollar", "R$" a sum of money, not a place.
CURRENCY_WORDS = frozenset(
    [
        "dollar",
        "dollars",
        "dollaro",
        "dollari",
        "dólar",
        "dólares",
        "dollar",
        "euro",
        "euros",
        "pound",
        "pounds",
        "sterling",
        "yen",
        "yuan",
        "rubel",
        "rubles",
        "franc",
        "francs",
        "krone",
        "kronen",
        "zloty",
        "złoty",
        "złotych",
        "hryvnia",
        "lira",
        "liras",
        "real",
        "reais",
        "доллар",
        "доллара",
        "долларов",
        "евро",
        "рубль",
        "рублей",
        "гривна",
        "гривен",
        "гривня",
        "гривень",
    ]
)

# ---------------------------------------------------------------------------
# Words before or after a name that say what it is
# ---------------------------------------------------------------------------

# Honorifics: always followed by a person.
HONORIFICS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "prof",
        "sir",
        "dame",
        "lord",
        "lady",
        "sig",
        "signor",
        "signora",
        "signorina",
        "dott",
        "dottor",
        "dottoressa",
        "avv",
        "m",
        "mme",
        "mlle",
        "herr",
        "frau",
        "dr",
        "prof",
        "sr",
        "sra",
        "srta",
        "don",
        "doña",
        "dña",
        "pan",
        "pani",
        "dhr",
        "mevr",
        "mw",
        "sayın",
        "г-н",
        "г-жа",
        "господин",
        "госпожа",
        "пан",
        "пані",
    ]
)

# Roles: before a name without a preposition they announce a person ("minister X");
# followed by a preposition, the name is the organisation ("CEO of X", "председатель X").
ROLE_WORDS = frozenset(
    """
    ceo cfo cto coo founder co-founder cofounder president chairman chairwoman chair chief head boss
    owner director minister secretary spokesperson spokesman spokeswoman senator governor mayor
    professor researcher scientist analyst economist executive leader premier chancellor king queen
    pope judge ambassador commissioner lawmaker congressman congresswoman representative
    presidente fondatore fondatrice cofondatore amministratore ad direttore direttrice ministro
    ministra portavoce sindaco professore professoressa ricercatore ricercatrice scienziato analista
    proprietario titolare capo segretario segretaria senatore senatrice deputato deputata premier
    cancelliere governatore ambasciatore commissario giudice re regina papa leader
    président présidente fondateur fondatrice cofondateur directeur directrice ministre porte-parole
    maire professeur professeure chercheur chercheuse scientifique analyste propriétaire patron
    patronne chef secrétaire député députée sénateur sénatrice chancelier gouverneur ambassadeur
    commissaire juge roi reine pape dirigeant dirigeante pdg
    vorsitzende vorsitzender vorsitzenden präsident präsidentin gründer gründerin mitgründer
    minister ministerin bundeskanzler bundeskanzlerin kanzler kanzlerin sprecher sprecherin
    direktor direktorin geschäftsführer geschäftsführerin chef chefin vorstandschef konzernchef
    professor professorin forscher forscherin analyst analystin eigentümer eigentümerin inhaber
    bürgermeister bürgermeisterin botschafter botschafterin kommissar kommissarin richter
    richterin könig königin papst abgeordnete abgeordneter senator senatorin
    presidente fundador fundadora cofundador diretor diretora ministro ministra porta-voz prefeito
    prefeita governador governadora professor professora pesquisador pesquisadora cientista
    cientista-chefe analista dono dona proprietário chefe secretário secretária deputado deputada
    senador senadora embaixador comissário juiz rei rainha papa
    presidenta fundador director directora portavoz alcalde alcaldesa gobernador gobernadora
    profesor profesora investigador investigadora científico analista dueño dueña propietario
    jefe jefa secretario secretaria diputado diputada senador senadora embajador comisario juez
    consejero
    voorzitter directeur oprichter topman topvrouw woordvoerder burgemeester hoogleraar onderzoeker
    analist eigenaar baas minister premier staatssecretaris koning koningin
    prezes prezydent premier minister ministra wiceminister wicepremier dyrektor dyrektorka rzecznik
    rzeczniczka burmistrz profesor profesorka założyciel założycielka szef szefowa właściciel
    właścicielka analityk analityczka badacz badaczka poseł posłanka senator senatorka
    bakan bakanı başkan başkanı cumhurbaşkanı başbakan sözcü sözcüsü kurucu kurucusu müdür müdürü
    yöneticisi profesör analist vali belediye
    υπουργός υπουργού πρόεδρος προέδρου πρωθυπουργός διευθυντής εκπρόσωπος δήμαρχος καθηγητής
    """.casefold().split()
)
# Words that qualify a role inside a title: "Prime Minister", "Deputy Chairman", "Vizekanzler".
ROLE_MODIFIERS = frozenset(
    [
        "prime",
        "deputy",
        "vice",
        "acting",
        "former",
        "foreign",
        "interior",
        "chief",
        "senior",
        "assistant",
        "executive",
        "managing",
        "general",
        "first",
        "state",
        "shadow",
        "vize",
        "stellvertretende",
        "stellvertretender",
        "vice-",
    ]
)
# Stems for the inflected role words of Russian, Ukrainian, Polish and German compounds.
ROLE_STEMS = (
    "председател", "президент", "основател", "сооснова", "министр", "міністр", "директор", "гендиректор",
    "руководител", "керівник", "владел", "власник", "засновник", "співзасновник", "губернатор",
    "премьер", "прем'єр", "премʼєр", "спикер", "пресс-секретар", "прес-секретар", "речник", "аналитик",
    "аналітик", "исследовател", "дослідник", "профессор", "професор", "депутат", "сенатор", "мэр",
    "глав", "голов", "посол", "канцлер", "учён", "учен", "вчен",
    "ministr", "prezes", "prezydent", "dyrektor", "rzeczni", "szef", "założyciel", "właściciel",
    "wiceminist", "wiceprezes",
)  # fmt: skip
# German compounds end in their role: "Konzernchef", "Verbandsvorsitzende".
ROLE_SUFFIXES = ("chef", "chefin", "vorsitzende", "vorsitzender", "vorsitzenden", "präsident",
                 "präsidentin", "minister", "ministerin", "sprecher", "sprecherin", "gründer",
                 "gründerin", "forscher", "forschers", "forscherin", "manager", "managerin")  # fmt: skip
# The Slavic stems "глав"/"голов" ("head") also start ordinary words: only these forms are roles.
_HEAD_FORMS = frozenset(
    ["глава", "главы", "главе", "главу", "главой", "голова", "голови", "голові", "головою"]
)

# Words that make a role's name an organisation: "CEO of X", "presidente della X".
OF_WORDS = frozenset(
    [
        "of",
        "at",
        "for",
        "di",
        "della",
        "del",
        "dello",
        "dei",
        "degli",
        "delle",
        "da",
        "dalla",
        "dal",
        "de",
        "du",
        "des",
        "d",
        "dell",
        "dall",
        "von",
        "vom",
        "der",
        "des",
        "bei",
        "do",
        "dos",
        "das",
        "na",
        "no",
        "em",
        "para",
        "van",
        "bij",
        "voor",
        "w",
        "z",
        "ze",
        "przy",
        "z",
        "au",
        "aux",
        "chez",
        "presso",
        "all",
        "alla",
        "al",
    ]
)

# Speech verbs (the forms a report uses) before or after a name: the name is a person.
SPEECH_VERBS = frozenset(
    """
    said says say told tells added adds stated states announced announces claimed claims believes
    thinks warned warns argued argues explained explains wrote writes noted notes insisted insists
    predicted predicts admitted admits according asked asks replied replies stressed stresses
    detto dice dicono affermato afferma dichiarato dichiara spiegato spiega sottolineato sottolinea
    aggiunto aggiunge annunciato annuncia ritiene sostiene pensa crede avverte avvertito previsto
    prevede scritto scrive osservato osserva ammesso ammette risposto risponde precisato precisa
    déclaré déclare affirmé affirme dit disent estime pense explique expliqué souligne souligné
    ajoute ajouté annonce annoncé prévient prévenu assure assuré écrit croit avertit rappelle
    sagte sagt sagten erklärte erklärt behauptet behauptete betonte betont meint meinte glaubt
    glaubte warnte warnt schrieb schreibt fügte ergänzte kündigte räumte sprach antwortete
    сказал сказала сказали заявил заявила заявили отметил отметила подчеркнул подчеркнула считает
    полагает сообщил сообщила пояснил пояснила добавил добавила уверен уверена подчеркивает
    подчёркивает отмечает заявляет говорит написал написала признал признала предупредил
    предупредила рассказал рассказала ответил ответила
    сказав сказала заявив заявила зазначив зазначила наголосив наголосила повідомив повідомила
    вважає додав додала пояснив пояснила каже написав написала
    disse dizem afirmou afirma declarou declara acredita explicou explica ressaltou ressalta
    destacou destaca alertou alerta previu prevê falou sugeriu sugere garantiu escreveu
    dijo dice afirmó afirma declaró declara aseguró asegura explicó explica señaló señala cree
    advirtió advierte añadió añade escribió sostuvo indicó
    zei zegt verklaarde verklaart stelt stelde meent benadrukte liet schreef waarschuwde
    powiedział powiedziała stwierdził stwierdziła oświadczył oświadczyła dodał dodała zaznaczył
    zaznaczyła uważa podkreślił podkreśliła napisał napisała ostrzegł
    dedi söyledi açıkladı belirtti vurguladı ifade
    δήλωσε είπε ανέφερε τόνισε υποστήριξε εξήγησε
    """.casefold().split()
)
# Verbs of announcing that organisations use as much as people: evidence of a name, not of a person.
REPORT_VERBS = frozenset(
    """
    announced announces reported reports confirmed confirms denied denies unveiled launched
    annunciato annuncia comunicato comunica confermato conferma presentato
    annoncé annonce confirmé confirme dévoilé présenté
    kündigte angekündigt bestätigte bestätigt meldete meldet teilte präsentierte
    объявила объявил сообщила сообщил сообщает подтвердила подтвердил представила представил
    оголосила оголосив повідомляє повідомила підтвердила представила
    anunciou anuncia confirmou confirma divulgou apresentou
    anunció anuncia confirmó confirma presentó
    kondigde meldde bevestigde presenteerde
    ogłosiła ogłosił poinformowała poinformował potwierdziła zapowiedziała zapowiedział
    açıkladı duyurdu
    """.casefold().split()
)
# Nouns for what a person does: before a name they make it a person ("the singer X").
PERSON_CUES = frozenset(
    """
    singer actor actress player striker midfielder goalkeeper coach manager writer author artist
    journalist lawyer doctor activist musician rapper colleague wife husband daughter
    cantante attore attrice giocatore attaccante allenatore scrittore scrittrice artista avvocato
    medico attivista collega moglie marito figlio figlia
    chanteur chanteuse acteur actrice joueur attaquant entraîneur écrivain écrivaine artiste avocat
    médecin militant militante collègue épouse mari fils fille
    sänger sängerin schauspieler schauspielerin spieler spielerin stürmer trainer trainerin autor
    autorin künstler künstlerin anwalt anwältin arzt ärztin aktivist aktivistin ehefrau ehemann
    sohn tochter
    певец певица актёр актер актриса игрок нападающий тренер писатель писательница художник
    адвокат врач активист журналистка жена муж сын дочь экономист политолог
    співак співачка актор акторка гравець нападник тренер письменник письменниця художник
    адвокат лікар активіст дружина чоловік син донька економіст
    cantor cantora ator atriz jogador atacante técnico treinador escritor escritora artista
    advogado advogada médico médica ativista economista esposa marido filho filha pesquisadora
    actriz jugador delantero entrenador escritora abogado abogada médico activista economista
    esposa marido hijo hija
    zanger zangeres acteur actrice speler spits trainer schrijver schrijfster kunstenaar advocaat
    activist econoom
    piosenkarz piosenkarka aktor aktorka piłkarz napastnik trener pisarz pisarka artysta adwokat
    lekarz aktywista ekonomista żona mąż syn córka
    şarkıcı oyuncu futbolcu forvet teknik yazar sanatçı avukat doktor aktivist ekonomist
    """.casefold().split()
)
# Roles whose "of" names a place, not an organisation: "the mayor of X".
PLACE_ROLES = frozenset(
    [
        "mayor",
        "governor",
        "sindaco",
        "governatore",
        "maire",
        "gouverneur",
        "bürgermeister",
        "bürgermeisterin",
        "gouverneur",
        "мэр",
        "губернатор",
        "мер",
        "губернатор",
        "prefeito",
        "prefeita",
        "governador",
        "alcalde",
        "alcaldesa",
        "gobernador",
        "burgemeester",
        "burmistrz",
        "vali",
    ]
)
# Auxiliaries that may stand between a name and its speech verb: "Rossi ha detto".
AUXILIARIES = frozenset(
    [
        "has",
        "had",
        "have",
        "is",
        "was",
        "ha",
        "hanno",
        "è",
        "aveva",
        "a",
        "ont",
        "avait",
        "hat",
        "hatte",
        "haben",
        "ist",
        "hat",
        "tem",
        "teve",
        "ha",
        "había",
        "heeft",
        "had",
        "is",
        "zou",
        "bylo",
        "był",
        "była",
        "ещё",
        "также",
        "уже",
        "тоже",
        "also",
        "anche",
        "aussi",
        "auch",
        "também",
        "también",
        "ook",
        "то",
    ]
)

# Nouns before a name that make it an organisation: "la startup X", "компании X", "der Konzern X".
ORG_CUES = frozenset(
    """
    company companies firm firms startup start-up startups group giant maker carrier retailer bank
    lab labs agency outlet newspaper broadcaster network studio developer operator insurer airline
    conglomerate corporation chain publisher
    azienda aziende società compagnia compagnie gruppo colosso startup banca agenzia testata
    quotidiano produttore operatore editore catena
    société sociétés entreprise entreprises groupe firme géant start-up constructeur éditeur banque
    agence journal quotidien opérateur fabricant
    firma konzern unternehmen start-up startup hersteller bank agentur zeitung sender gruppe
    anbieter entwickler betreiber versicherer
    компания компании компанию компанией компаний корпорация корпорации корпорацию корпорацией
    фирма фирмы фирму фирмой стартап стартапа стартапом группа группы группой холдинг холдинга
    банк банка банком агентство агентства издание издания газета газеты разработчик разработчика
    производитель производителя концерн концерна
    компанія компанії компанію компанією корпорація корпорації фірма фірми стартап група банк
    агентство видання газета розробник виробник концерн
    empresa empresas companhia grupo gigante startup banco agência jornal fabricante montadora
    desenvolvedora operadora
    empresa compañía grupo gigante startup banco agencia diario periódico fabricante firma
    tecnológica operadora
    firma spółka spółki spółce koncern koncernu grupa grupy startup bank banku agencja agencji
    gazeta producent producenta gigant operator
    bedrijf concern groep firma startup bank krant fabrikant techbedrijf
    şirket şirketi firması grubu bankası
    """.casefold().split()
)
# Nouns before (or, in English and German, after) a name that make it a product.
PRODUCT_CUES = frozenset(
    """
    model models series chatbot chatbots assistant app apps application smartphone phone processor
    chip software platform version tool vehicle car drone satellite vaccine missile rocket console
    game engine samochód samochodu auto coche carro автомобиль автомобіль
    modello modelli serie assistente applicazione telefono processore piattaforma versione
    strumento veicolo vaccino missile razzo
    modèle modèles série assistant application téléphone processeur puce logiciel plateforme
    version outil véhicule voiture vaccin missile fusée
    modell modelle modells serie chatbot assistent anwendung handy prozessor plattform version
    werkzeug fahrzeug impfstoff rakete
    модель модели моделью моделей моделями серия серии серию чат-бот чатбот чат-бота ассистент
    приложение приложения смартфон смартфона телефон процессор процессора чип платформа платформе
    платформы версия версии инструмент автомобиль вакцина вакцины ракета ракеты
    модель моделі серія чат-бот застосунок додаток смартфон платформа версія вакцина ракета
    modelo modelos série assistente aplicativo celular processador plataforma versão ferramenta
    veículo vacina foguete
    modelo modelos serie asistente aplicación móvil procesador plataforma versión herramienta
    vehículo vacuna cohete
    model modele modelu modelem seria serii asystent aplikacja aplikacji smartfon procesor
    platforma platformy wersja wersji szczepionka rakieta
    model modellen serie app toestel processor platform versie vaccin raket
    modeli modelini serisi uygulaması platformu aşısı
    """.casefold().split()
)
# Words inside a name, capitalised, that make it an organisation.
ORG_HEADS = frozenset(
    """
    inc corp corporation ltd llc llp plc gmbh ag se kg kgaa sa sas sarl spa s.p.a srl s.r.l nv bv
    ab asa oy co group gruppe gruppo groupe grupo groep grupa holding holdings bank banca banque banco
    technologies labs systems motors airlines airways pharma capital partners ventures foundation
    institute university media studios entertainment electric networks robotics industries
    uniwersytetu uniwersytecie politechnika politechniki politechnice instytutu ministerstwa
    ministerstwie agencji komisji fundacji spółki banku partii
    университета университете министерства министерстве агентства комиссии партии фонда
    института университету
    університету міністерства агентства комісії партії фонду інституту
    company companies corporation agency commission council parliament party committee federation
    association union office bureau court police army navy ministry department academy college
    school hospital society organization organisation authority service fund
    università universitá istituto ministero agenzia commissione consiglio parlamento partito
    comitato federazione associazione unione ufficio tribunale polizia accademia scuola ospedale
    società fondazione compagnia
    université institut ministère agence commission conseil parlement parti comité fédération
    association union office tribunal police académie école hôpital société fondation compagnie
    universität institut ministerium agentur kommission rat parlament partei ausschuss verband
    union amt gericht polizei akademie schule klinik krankenhaus gesellschaft stiftung
    universidade universidad instituto ministério ministerio agência agencia comissão comisión
    conselho consejo parlamento partido comitê comité federação federación associação asociación
    união unión tribunal polícia policía academia escola escuela hospital sociedade sociedad
    fundação fundación companhia compañía faculdade facultad
    universiteit instituut ministerie agentschap commissie raad partij stichting vereniging
    uniwersytet instytut ministerstwo agencja komisja rada parlament partia fundacja stowarzyszenie
    üniversitesi enstitüsü bakanlığı ajansı komisyonu meclisi partisi vakfı derneği bankası
    şirketi grubu holding
    университет институт министерство агентство комиссия совет партия фонд служба комитет
    університет інститут міністерство агентство комісія рада партія фонд служба комітет
    """.casefold().split()
)
# Words inside a name, capitalised, that make it a place.
PLACE_HEADS = frozenset(
    """
    city ciudad città cidade ville stadt miasto şehri arena stadium stadio stade estádio estadio
    stadion stadionie airport aeroporto aéroport flughafen aeropuerto lotnisko havalimanı
    """.casefold().split()
)
# Adjectives of nationality are capitalised in English and Dutch; these endings mark them.
DEMONYM_ENDINGS = {
    "en": ("ian", "ean", "can", "ese", "ish", "ic"),
    "nl": ("se", "sche", "isch", "ese"),
}
DEMONYMS = frozenset(["german", "french", "dutch", "greek", "thai", "swiss", "welsh", "scots"])
# Words inside a name, capitalised, that make it an event.
EVENT_HEADS = frozenset(
    """
    conference summit forum olympics olympic games cup championship championships festival expo
    exhibition fair week awards award prize war congress convention marathon show
    conferenza vertice mondiali olimpiadi giochi coppa campionato fiera salone settimana premio
    conférence sommet jeux coupe championnat salon foire semaine prix
    konferenz gipfel spiele meisterschaft messe woche preis
    conferência cúpula jogos copa campeonato feira semana prêmio prémio
    conferencia cumbre juegos feria premio
    conferentie spelen beker kampioenschap beurs prijs
    konferencja szczyt igrzyska puchar mistrzostwa targi tydzień nagroda
    konferansı zirvesi olimpiyatları kupası şampiyonası fuarı haftası ödülü forumu festivali
    """.casefold().split()
)
# Nouns before a name that make it an event: "la conferenza X", "на конференции X".
EVENT_CUES = frozenset(
    """
    conference summit fair festival expo exhibition event
    conferenza vertice fiera festival evento salone rassegna
    conférence sommet salon foire festival événement
    konferenz gipfel messe festival veranstaltung tagung kongress
    конференция конференции конференцию саммит саммите саммита выставка выставке выставки форум
    форуме форума фестиваль фестивале
    конференція конференції саміт саміті виставка виставці форум форумі фестиваль
    conferência cúpula feira evento
    conferencia cumbre feria evento
    konferencja konferencji szczyt szczycie targi targach festiwal festiwalu
    conferentie top beurs evenement
    """.casefold().split()
)
# Prepositions that, before a bare name in the text's own script, make it a place.
PLACE_PREPOSITIONS: dict[str, frozenset[str]] = {
    "en": frozenset(("in", "from", "near")),
    "it": frozenset(("a", "in", "nel", "nella")),
    "fr": frozenset(("à", "en", "au", "aux")),
    "de": frozenset(("in", "aus", "nach")),
    "es": frozenset(("en", "a")),
    "pt": frozenset(("em", "no", "na", "nos", "nas")),
    "nl": frozenset(("in", "uit", "naar")),
    "pl": frozenset(("w", "we", "z", "ze", "do")),
    "ru": frozenset(("в", "во", "из", "под", "до")),
    "uk": frozenset(("у", "в", "з", "із", "зі", "до")),
    "el": frozenset(("στην", "στο", "στη", "από")),
}
# German determiners and article contractions: a capitalised word right after one is a noun.
GERMAN_DETERMINERS = frozenset(
    """
    der die das den dem des ein eine einen einem einer eines kein keine keinen keinem keiner keines
    mein meine meinen meinem meiner meines dein deine sein seine seinen seinem seiner seines ihr
    ihre ihren ihrem ihrer ihres unser unsere unseren unserem unserer unseres euer eure dies diese
    dieser diesen diesem dieses jede jeder jeden jedem jedes jene jener jenen welche welcher welchen
    im am zum zur vom beim ins ans aufs übers alle allen viele vielen einige einigen mehrere manche
    """.casefold().split()
)
# Endings of German names of institutions: "Bundesamt", "Landgericht", "Kreissparkasse".
GERMAN_ORG_ENDINGS = (
    "amt", "amtes", "ministerium", "ministeriums", "bank", "verband", "verbandes", "institut",
    "instituts", "behörde", "gericht", "gerichts", "partei", "universität", "hochschule", "klinik",
    "sparkasse", "werke", "gesellschaft", "stiftung", "agentur", "konzern", "bahn",
)  # fmt: skip
# Endings of German abstract nouns ("Einsparungen", "Gesamtheit"): never endings of names.
GERMAN_NOUN_ENDINGS = (
    "ung", "ungen", "heit", "heiten", "keit", "keiten", "schaft", "schaften", "tion", "tionen",
    "tät", "täten", "nis", "nisse", "ismus", "tum", "ierung", "ierungen",
)  # fmt: skip


@lru_cache(maxsize=65536)
def is_german_noun(word: str) -> bool:
    """A German common noun, compounds included: "Daten", "Trainingsdaten", "Kosteneinsparungen".

    German capitalises every noun, and German-only names ("Commerzbank") are
    as frequent in German as nouns are. What tells them apart: a noun is
    declined (the list has "Kunde" beside "Kunden", "Preisen" beside "Preise"),
    a name is not; a borrowed English noun is missing from Russian texts,
    where brands are not; compounds end in a German noun ("...daten") or in an
    ending of abstract nouns ("...ungen").
    """
    low = word.casefold()
    if international(low):
        return False  # "Siemens", "Airbus": written and used alike everywhere
    if is_loanword(low) or (len(low) >= 7 and low.endswith(GERMAN_NOUN_ENDINGS)):
        return True
    if is_common(low, "de") and _declined(low):
        return True
    if zipf(low, "de") >= 4.0:
        return False  # frequent, German only, never declined: a German name ("Commerzbank")
    # A compound whose last part (five letters or more) is a declined German noun ("...daten").
    return any(is_common(low[i:], "de") and _declined(low[i:]) for i in range(3, len(low) - 4))


def _declined(low: str) -> bool:
    """Whether the German list also has another case or number of this noun."""
    forms = [low + "e", low + "en", low + "n", low + "ern", low + "es"]
    if zipf(low + "s", "de") >= 4.0:
        return True  # a frequent genitive: names have one too, but rarely this frequent
    for ending in ("en", "e", "n", "s"):
        if low.endswith(ending) and len(low) - len(ending) >= 4:
            forms.append(low[: -len(ending)])
    return any(zipf(form, "de") >= 3.5 for form in forms)


# Pronouns and other capitalised function words that are never names.
NEVER_NAMES = frozenset(["i", "i'm", "i've", "i'd", "i'll"])

# ---------------------------------------------------------------------------
# First names: the most common of each language (a person cue, not a gazetteer)
# ---------------------------------------------------------------------------

FIRST_NAMES = frozenset(
    """
    john james robert michael william david richard joseph thomas charles christopher daniel matthew
    anthony donald steven paul andrew joshua kevin brian george timothy ronald jason edward jeffrey
    mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty sandra
    margaret ashley kimberly emily donna michelle carol amanda melissa deborah stephanie rebecca
    laura helen anna emma olivia sophia kate catherine jane alice peter sam ben tom jack harry oliver
    giuseppe giovanni antonio francesco mario luigi marco luca andrea paolo stefano alessandro
    roberto matteo lorenzo davide simone federico giorgio massimo sergio enrico fabio claudio
    maria giulia francesca chiara sara valentina elena silvia paola federica martina alessandra
    jean pierre michel philippe alain nicolas christophe françois patrick laurent frédéric éric
    julien sébastien olivier emmanuel marie nathalie isabelle sylvie catherine sophie valérie
    christine céline aurélie camille claire juliette manon chloé
    hans peter thomas michael andreas stefan klaus jürgen wolfgang frank uwe christian markus
    matthias sebastian tobias jan lukas jonas felix maximilian ursula angela sabine claudia
    monika petra andrea birgit katharina julia lena lea hannah anja susanne
    josé joão antónio antônio francisco carlos paulo pedro lucas luiz luís marcos gabriel rafael
    daniel marcelo fernando ricardo rodrigo eduardo gustavo miguel ana juliana mariana fernanda
    patrícia aline camila beatriz letícia larissa gabriela
    juan javier manuel jesús alejandro miguel rafael pablo sergio jorge alberto fernando diego
    luis ángel carmen josefa isabel dolores pilar teresa rosa cristina marta elena
    jan pieter johannes cornelis hendrik willem gerrit kees sander bas thijs daan anouk
    femke lotte eva inge
    piotr krzysztof andrzej tomasz paweł michał marcin jakub adam marek łukasz grzegorz mateusz
    wojciech kamil anna katarzyna małgorzata agnieszka barbara ewa magdalena joanna aleksandra
    monika zofia
    mehmet mustafa ahmet ali hüseyin hasan ibrahim murat ismail osman yusuf ömer emre burak
    ayşe fatma emine hatice zeynep elif meryem şerife zehra sultan hülya
    александр сергей владимир андрей алексей дмитрий михаил иван николай евгений павел максим
    юрий виктор олег игорь роман антон артём денис константин вадим борис григорий
    елена ольга наталья татьяна ирина анна мария светлана екатерина юлия марина людмила
    олександр сергій володимир андрій олексій дмитро михайло іван микола євген павло максим юрій
    віктор олег ігор роман богдан тарас остап василь петро степан
    олена ольга наталія тетяна ірина ганна марія світлана катерина юлія оксана людмила
    γιώργος γιάννης κώστας νίκος δημήτρης παναγιώτης βασίλης χρήστος μαρία ελένη αικατερίνη
    william henry george charlotte grace lucy amelia isabella mia ava chloe zoe ethan noah liam
    mason logan ryan tyler nicholas jonathan samuel benjamin alexander patrick simon philip
    gianluca giacomo pietro riccardo tommaso emanuele vincenzo salvatore
    carlo franco gabriele nicola daniela roberta monica elisa lucia giorgia beatrice irene
    antoine julien maxime thomas hugo louis lucas léa emma inès zoé jeanne hélène anne
    gérard bernard daniel didier thierry dominique pascale brigitte
    jürgen dieter helmut günter horst gerhard karl heinz werner lena anke heike karin
    florian dominik moritz simon paul leon finn elias
    antonio francisco manuel david daniel pablo álvaro adrián hugo mario diego iván
    sofía martina paula julia valeria daniela alba marta sara laura carla
    joão pedro rafael gustavo felipe matheus leonardo vinícius thiago rodrigo
    beatriz isabela larissa vitória luana bianca sofia clara rita
    piotr marek paweł mariusz dariusz zbigniew stanisław józef tadeusz kazimierz
    ewa krystyna elżbieta małgorzata dorota jolanta iwona teresa renata
    pieter joost ruud sander lars jeroen niels thomas bram
    lisa anouk iris fleur noor sophie
    ahmet mehmet ali mustafa hasan hüseyin murat kemal emre cem serkan burak ozan
    zeynep elif ayşe fatma merve esra büşra selin ece derya
    алексей андрей антон артём борис вадим валерий василий виталий геннадий георгий
    даниил денис евгений егор иван игорь кирилл леонид максим матвей никита олег пётр роман
    руслан семён станислав степан фёдор юрий ярослав
    алина анастасия валентина вера галина дарья ксения лариса любовь надежда полина софья
    андрій богдан василь віталій володимир дмитро євген ігор микола олег остап петро тарас юрій
    анна ірина катерина марія наталія оксана ольга світлана тетяна юлія
    """.casefold().split()
)


# ---------------------------------------------------------------------------
# Look-ups
# ---------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def is_role(word: str) -> bool:
    """Whether ``word`` names a role or title ("presidente", "председателем", "Konzernchef")."""
    w = word.casefold().rstrip(".")
    if w in ROLE_WORDS or w in HONORIFICS:
        return True
    if script_of(w) == "cyrillic" and w.startswith(("глав", "голов")):
        return w in _HEAD_FORMS
    return w.startswith(ROLE_STEMS) or (len(w) > 8 and w.endswith(ROLE_SUFFIXES))


def is_speech_verb(word: str) -> bool:
    """Whether ``word`` is a verb of saying or thinking as news reports use it."""
    return word.casefold() in SPEECH_VERBS


@lru_cache(maxsize=65536)
def is_month_or_weekday(word: str) -> bool:
    """Month and weekday names (capitalised in English and German, never entities); "Jan" and
    "Mai" are also given names."""
    w = word.casefold().rstrip(".")
    return ((w in lx.MONTHS and len(w) > 2) or w in _WEEKDAYS) and w not in FIRST_NAMES


_WEEKDAYS = frozenset(lx.WEEKDAYS)

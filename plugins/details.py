"""Differing details: a person's role, the setting of a statement, the members of a list.

A helper module of the ``discrepancies`` plugin (no hooks here). It works on
linked entities (the same entity id across articles and scripts) and the words
around their mentions, read with per-language cue words: role nouns ("CEO",
"fondatore", "основатель", "Vorsitzende"), the places and channels of a
statement ("intervista", "в ходе беседы", "Livestream", "conferência"),
and the conjunctions of a list. That is language knowledge; nothing here
knows any story.

Each detector compares what independent sources say about one entity and
flags only a difference a reader can see in the sources' own words:

* :func:`role_differences`: two sources describe a person with roles that
  cannot be the same one (founder of X / CEO of Y; minister / deputy minister);
* :func:`setting_differences`: two sources place one speaker's statement in
  settings that share nothing they name (an interview at one event / a
  livestream with another person);
* :func:`list_differences`: lists of the same entities (companies, countries)
  whose members differ both ways between sources.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import combinations
from typing import TYPE_CHECKING, Any

from generator.model import Discrepancy, Entity, Evidence, frozen_map
from plugins.speech import AUXILIARIES, speech_for, wordlist

if TYPE_CHECKING:
    from plugins.discrepancies import StoryView

DETAIL_TIER = 1.0

# --------------------------------------------------------------------------
# Language tables
# --------------------------------------------------------------------------

# Role nouns per language, most specific first (the first alternative that matches wins).
# Patterns are case-insensitive; "\w*" takes the inflections, a leading "[\w-]*" German compounds
# ("Konzern-Forschers", "Innenminister").
ROLES: dict[str, tuple[tuple[str, str], ...]] = {
    "en": (
        ("chief_scientist", r"chief scientists?"),
        ("prime_minister", r"prime ministers?|premier"),
        ("ceo", r"ceo|chief executive(?: officer)?"),
        ("founder", r"(?:co-?)?founders?"),
        ("owner", r"owners?"),
        ("president", r"chair(?:man|woman|person)?|presidents?"),
        ("director", r"(?:managing |executive )?directors?"),
        ("minister", r"ministers?|secretary of state"),
        ("spokesperson", r"spokes(?:man|woman|person)"),
        ("mayor", r"mayors?"),
        ("governor", r"governors?"),
        ("researcher", r"researchers?|scientists?"),
        ("head", r"head|chief|boss|leader"),
    ),
    "it": (
        ("chief_scientist", r"direttore scientifico|direttrice scientifica|capo scientifico|scienziato capo"),
        ("prime_minister", r"primo ministro|prima ministra|premier|presidente del consiglio"),
        ("ceo", r"ceo|amministratore delegato|amministratrice delegata"),
        ("founder", r"(?:co)?fondat(?:ore|rice|ori)"),
        ("owner", r"propriet(?:ario|aria|ari)"),
        ("president", r"(?:vice-?)?president(?:e|essa|i)"),
        ("director", r"diret(?:tore|trice|tori)"),
        ("minister", r"(?:vice-?)?ministr[oaie]"),
        ("spokesperson", r"portavoce"),
        ("mayor", r"sindac[oa]"),
        ("governor", r"governat(?:ore|rice)"),
        ("researcher", r"ricercat(?:ore|rice|ori)|scienziat[oaie]"),
        ("head", r"capo|leader"),
    ),
    "fr": (
        ("chief_scientist", r"direct(?:eur|rice) scientifique|scientifique en chef"),
        ("prime_minister", r"premi(?:er|ère) ministre"),
        ("ceo", r"pdg|p\.-d\.g\.|président-directeur général|direct(?:eur|rice) général(?:e)?|ceo"),
        ("founder", r"(?:co-?)?fondat(?:eur|rice)s?"),
        ("owner", r"propriétaires?"),
        ("president", r"(?:vice-)?présidente?s?"),
        ("director", r"direct(?:eur|rice)s?"),
        ("minister", r"(?:vice-)?ministres?"),
        ("spokesperson", r"porte-parole"),
        ("mayor", r"maires?"),
        ("governor", r"gouverneur(?:e)?s?"),
        ("researcher", r"chercheu(?:r|se)s?|scientifiques?"),
        ("head", r"patron(?:ne)?|chef|dirigeant(?:e)?"),
    ),
    "de": (
        ("chief_scientist", r"chefwissenschaftler\w*|wissenschaftliche[rn]? leiter\w*"),
        ("prime_minister", r"[\w-]*ministerpräsident\w*|premierminister\w*"),
        ("ceo", r"[\w-]*ceo|vorstandschef\w*|vorstandsvorsitzend\w*|konzernchef\w*|geschäftsführer\w*"),
        ("founder", r"[\w-]*gründer\w*"),
        ("owner", r"[\w-]*(?:besitzer|eigentümer|inhaber)\w*"),
        ("president", r"[\w-]*(?:vorsitzend|präsident)\w*"),
        ("director", r"[\w-]*direktor\w*"),
        ("minister", r"[\w-]*minister\w*"),
        ("spokesperson", r"[\w-]*sprecher\w*"),
        ("mayor", r"[\w-]*bürgermeister\w*"),
        ("governor", r"gouverneur\w*"),
        ("researcher", r"[\w-]*(?:forscher|wissenschaftler)\w*"),
        ("head", r"[\w-]*(?:chef|leiter)\w*"),
    ),
    "pt": (
        ("chief_scientist", r"cientista[- ]chefe|diret(?:or|ora) científic[oa]"),
        ("prime_minister", r"primeir[oa]-ministr[oa]|primeir[oa] ministr[oa]"),
        ("ceo", r"ceo|diret(?:or|ora)[- ]executiv[oa]|presidente[- ]executiv[oa]"),
        ("founder", r"(?:co-?)?fundador(?:a|es)?"),
        ("owner", r"don[oa]s?|proprietári[oa]s?"),
        ("president", r"(?:vice-?)?presidentes?"),
        ("director", r"diret(?:or|ora|ores)"),
        ("minister", r"(?:vice-?)?ministr[oa]s?"),
        ("spokesperson", r"porta-voz"),
        ("mayor", r"prefeit[oa]|presidente da câmara"),
        ("governor", r"governador(?:a)?"),
        ("researcher", r"pesquisador(?:a|es)?|investigador(?:a|es)?|cientistas?"),
        ("head", r"chefe|líder"),
    ),
    "es": (
        ("chief_scientist", r"científic[oa] jef[ea]|jef[ea] científic[oa]|direct(?:or|ora) científic[oa]"),
        ("prime_minister", r"primer ministro|primera ministra|presidente del gobierno"),
        ("ceo", r"ceo|consejer[oa] delegad[oa]|direct(?:or|ora) ejecutiv[oa]|presidente ejecutiv[oa]"),
        ("founder", r"(?:co)?fundador(?:a|es)?"),
        ("owner", r"dueñ[oa]s?|propietari[oa]s?"),
        ("president", r"(?:vice)?president[ea]s?"),
        ("director", r"direct(?:or|ora|ores)"),
        ("minister", r"(?:vice)?ministr[oa]s?"),
        ("spokesperson", r"portavoz"),
        ("mayor", r"alcalde(?:sa)?"),
        ("governor", r"gobernador(?:a)?"),
        ("researcher", r"investigador(?:a|es)?|científic[oa]s?"),
        ("head", r"jef[ea]|líder"),
    ),
    "ru": (
        ("chief_scientist", r"главн\w* уч[её]н\w*|главн\w* научн\w* сотрудник\w*"),
        ("prime_minister", r"премьер-министр\w*|премьер\w*"),
        ("ceo", r"генеральн\w* директор\w*|гендиректор\w*|ceo"),
        ("founder", r"(?:со)?основател\w*"),
        ("owner", r"владел\w*|собственник\w*"),
        ("president", r"председател\w*|(?:вице-)?президент\w*"),
        ("director", r"директор\w*"),
        ("minister", r"(?:зам)?министр\w*"),
        ("spokesperson", r"пресс-секретар\w*|официальн\w* представител\w*"),
        ("mayor", r"мэр\w*"),
        ("governor", r"губернатор\w*"),
        ("researcher", r"исследовател\w*|уч[её]н\w*"),
        ("head", r"глав(?:а|ы|е|у|ой)|руководител\w*"),
    ),
    "uk": (
        ("prime_minister", r"прем'?єр-міністр\w*|прем’єр-міністр\w*"),
        ("ceo", r"генеральн\w* директор\w*|ceo"),
        ("founder", r"засновник\w*"),
        ("owner", r"власник\w*"),
        ("president", r"голов(?:а|и|ою) правління|президент\w*"),
        ("director", r"директор\w*"),
        ("minister", r"(?:заступник\w* )?міністр\w*"),
        ("spokesperson", r"речни\w*|прес-секретар\w*"),
        ("mayor", r"мер\w*|міськ\w* голов\w*"),
        ("researcher", r"дослідник\w*|науков\w*"),
        ("head", r"керівник\w*|очільник\w*"),
    ),
    "pl": (
        ("prime_minister", r"premier\w*"),
        ("ceo", r"prezes\w*|dyrektor\w* generaln\w*|ceo"),
        ("founder", r"(?:współ)?założyciel\w*"),
        ("owner", r"właściciel\w*"),
        ("president", r"(?:wice)?przewodnicząc\w*|(?:wice)?prezydent\w*"),
        ("director", r"dyrektor\w*"),
        ("minister", r"(?:wice)?minist(?:er|ra|rem|rze|rowie|rów)\w*"),
        ("spokesperson", r"rzeczni\w*"),
        ("mayor", r"burmistrz\w*"),
        ("governor", r"gubernator\w*|wojewod\w*"),
        ("researcher", r"badacz\w*|naukow(?:iec|ca|cy)\w*"),
        ("head", r"szef\w*|kierownik\w*|lider\w*"),
    ),
}
# Words before a role (or prefixes of it) that make it a former one or a deputy's.
_FORMER = frozenset(
    wordlist(
        "former ex past ancien ancienne anciens ehemalige ehemaligen ehemaliger früherer frühere antigo antiga "
        "antiguo antigua бывший бывшего бывшему бывшим бывшая бывшей колишній колишнього były byłego byłym"
    )
)
_DEPUTY = frozenset(
    wordlist(
        "deputy vice vize stellvertretende stellvertretenden stellvertretender заместитель заместителя "
        "заместителем adjoint adjointe vice- zastępca zastępcy заступник заступника sub"
    )
)
_DEPUTY_PREFIXES = ("vice", "vize", "wice", "вице", "зам", "заступ", "stellv", "sub")
# Words that may stand between a role and its organisation, or around them: prepositions,
# articles, "company". A gap made only of these (and punctuation) joins a role to a name.
_CONNECTORS = frozenset(
    wordlist(
        """of at for the a an its from with on di del della dello dei degli delle d l il lo la i gli le da dal
    presso de du des chez von vom der die das den dem bei im am da do das dos na no em el los las al en
    z ze w we firmy spółki koncernu grupy в из при с компании компаний корпорации фирмы группы холдинга
    банка организации компанії s company società azienda société entreprise unternehmens konzerns firma
    empresa companhia compañía group gruppo groupe gruppe grupo"""
    )
)
_AND = frozenset(wordlist("and und e ed et и y i oraz та і й or o ou oder или або lub albo sowie nonché"))
# Languages whose roles take their portfolio in the genitive, uncapitalised ("министр финансов").
_GENITIVE_LANGS = frozenset({"ru", "uk", "pl"})
# At most this many words complete a role before a name ("del Interior", "spraw wewnętrznych").
_MAX_COMPLEMENT = 2
# Pieces of words that tokenising leaves: apostrophes, hyphens, slashes.
_GLUE = frozenset({"'", "’", "-", "‐", "/"})

# Phrases that give a sentence-initial role to the sentence's subject: "In qualità di CEO, ha detto".
_AS: dict[str, str] = {
    "en": r"as",
    "it": r"in qualità di|come",
    "fr": r"en tant que|en sa qualité de|comme",
    "de": r"als",
    "pt": r"como|na qualidade de|enquanto",
    "es": r"como|en calidad de|en su calidad de",
    "ru": r"в качестве|как",
    "uk": r"як|в якості",
    "pl": r"jako",
}

# The places and channels of a statement, per language: "interview", "livestream", ...
CHANNELS: dict[str, tuple[tuple[str, str], ...]] = {
    "en": (
        ("press_conference", r"press conference|news conference|press briefing"),
        ("livestream", r"live-?stream\w*|live stream\w*|streamed live|broadcast live|live broadcast"),
        ("interview", r"interview\w*"),
        ("conversation", r"conversation|fireside chat|discussion"),
        ("conference", r"conference|summit|convention|trade (?:show|fair)|expo"),
        ("speech", r"speech|keynote"),
        ("podcast", r"podcast\w*"),
        ("post", r"tweet\w*|post on|posts on|posted on"),
        ("statement", r"statement|press release"),
        ("broadcast", r"television|tv show|radio"),
        ("platform", r"platform"),
    ),
    "it": (
        ("press_conference", r"conferenza stampa"),
        ("livestream", r"livestream\w*|diretta streaming|in diretta|live streaming"),
        ("interview", r"intervist[ae]"),
        ("conversation", r"conversazion[ei]|colloqui[oi]|chiacchierata"),
        ("conference", r"conferenz[ae]|convegn[oi]|summit|fier[ae]|salone"),
        ("speech", r"discors[oi]|intervent[oi]"),
        ("podcast", r"podcast"),
        ("post", r"tweet|post su"),
        ("statement", r"comunicat[oi]|nota"),
        ("broadcast", r"televisione|tv|radio"),
        ("platform", r"piattaform[ae]"),
    ),
    "fr": (
        ("press_conference", r"conférences? de presse|point presse"),
        ("livestream", r"livestream\w*|en direct|diffusée? en direct|retransmise?"),
        ("interview", r"interviews?|entretiens?"),
        ("conversation", r"conversations?|discussions?"),
        ("conference", r"conférences?|sommets?|salons?|congrès"),
        ("speech", r"discours|allocutions?"),
        ("podcast", r"podcasts?"),
        ("post", r"tweets?|publication sur"),
        ("statement", r"communiqués?"),
        ("broadcast", r"télévision|radio"),
        ("platform", r"plateformes?"),
    ),
    "de": (
        ("press_conference", r"[\w-]*pressekonferenz\w*"),
        ("livestream", r"[\w-]*livestream\w*|[\w-]*live-übertragung\w*"),
        ("interview", r"[\w-]*interview\w*"),
        ("conversation", r"[\w-]*gespräch\w*|unterhaltung\w*"),
        ("conference", r"[\w-]*(?:konferenz|messe|gipfel|tagung|kongress)\w*"),
        ("speech", r"[\w-]*(?:rede|ansprache)n?"),
        ("podcast", r"[\w-]*podcast\w*"),
        ("post", r"tweet\w*|[\w-]*beitrag\w* auf"),
        ("statement", r"[\w-]*(?:mitteilung|erklärung)\w*"),
        ("broadcast", r"fernsehen|[\w-]*sendung\w*|radio"),
        ("platform", r"[\w-]*plattform\w*"),
    ),
    "pt": (
        ("press_conference", r"(?:entrevista )?coletiva(?: de imprensa)?|conferência de imprensa"),
        ("livestream", r"ao vivo|transmissão|transmitid[oa]|livestream\w*|live"),
        ("interview", r"entrevistas?"),
        ("conversation", r"conversas?|bate-papo"),
        ("conference", r"conferências?|feiras?|cúpulas?|congressos?"),
        ("speech", r"discursos?|palestras?"),
        ("podcast", r"podcasts?"),
        ("post", r"publicaç(?:ão|ões)|postage(?:m|ns)|tuítes?"),
        ("statement", r"comunicados?|nota oficial"),
        ("broadcast", r"televisão|rádio"),
        ("platform", r"plataformas?"),
    ),
    "es": (
        ("press_conference", r"rueda de prensa|conferencia de prensa"),
        ("livestream", r"en directo|en vivo|transmisión"),
        ("interview", r"entrevistas?"),
        ("conversation", r"conversaci(?:ón|ones)|charlas?"),
        ("conference", r"conferencias?|cumbres?|ferias?|congresos?"),
        ("speech", r"discursos?|ponencias?"),
        ("podcast", r"pódcasts?|podcasts?"),
        ("post", r"publicaci(?:ón|ones)|tuits?"),
        ("statement", r"comunicados?"),
        ("broadcast", r"televisión|radio"),
        ("platform", r"plataformas?"),
    ),
    "ru": (
        ("press_conference", r"пресс-конференци\w*|брифинг\w*"),
        ("livestream", r"прям\w+ эфир\w*|трансляци\w*|стрим\w*"),
        ("interview", r"интервью"),
        ("conversation", r"бесед\w*|разговор\w*"),
        ("conference", r"конференци\w*|выставк\w*|форум\w*|саммит\w*|съезд\w*"),
        ("speech", r"выступлени\w*|реч(?:ь|и|ью)"),
        ("podcast", r"подкаст\w*"),
        ("post", r"пост\w*|твит\w*|публикаци\w*"),
        ("statement", r"заявлени\w*|пресс-релиз\w*"),
        ("broadcast", r"телевидени\w*|эфир\w*|радио"),
        ("platform", r"платформ\w*"),
    ),
    "uk": (
        ("press_conference", r"пресконференці\w*|брифінг\w*"),
        ("livestream", r"прям\w+ ефір\w*|трансляці\w*"),
        ("interview", r"інтерв'?ю|інтерв’ю"),
        ("conversation", r"розмов\w*|бесід\w*"),
        ("conference", r"конференці\w*|форум\w*|саміт\w*|виставк\w*"),
        ("speech", r"виступ\w*|промов\w*"),
        ("statement", r"заяв\w*"),
        ("platform", r"платформ\w*"),
    ),
    "pl": (
        ("press_conference", r"konferencj\w* prasow\w*"),
        ("livestream", r"transmisj\w*|na żywo"),
        ("interview", r"wywiad\w*"),
        ("conversation", r"rozmow\w*"),
        ("conference", r"konferencj\w*|szczyt\w*|targ(?:ach|i|ów)|kongres\w*"),
        ("speech", r"przemówieni\w*|wystąpieni\w*"),
        ("podcast", r"podcast\w*"),
        ("post", r"wpis\w*"),
        ("statement", r"oświadczeni\w*|komunikat\w*"),
        ("platform", r"platform\w*"),
    ),
}
# Speech verbs missing from plugins.speech's tables that news use for a statement's setting.
_MORE_VERBS = frozenset(
    wordlist(
        """mentionné affirme affirmé déclare expliqué estimé souligné indiqué annoncé assuré précisé
    indicou afirmou disse explicou destacou ressaltou sublinhou
    sagte erklärte betonte behauptete meinte äußerte
    заявил заявила сказал сказала отметил отметила подчеркнул подчеркнула указал указала
    dijo afirmó declaró explicó señaló aseguró
    powiedział powiedziała stwierdził stwierdziła oświadczył oświadczyła"""
    )
)
# Words after which a new clause starts: a setting does not run on into "that ...".
_CLAUSE = frozenset(wordlist("that che что чтобы que qu dass daß że dat що"))
_QUOTES = '"“”„«»‹›‚‘’'
# A setting runs at most this far from its cue word.
_SETTING_REACH = 100


def _table_re(table: tuple[tuple[str, str], ...] | None, group: str, before: str) -> re.Pattern[str] | None:
    """One regex of a language's (name, pattern) table, each pattern in its own named group."""
    if not table:
        return None
    alternatives = "|".join(f"(?P<{group}{i}>{pattern})" for i, (_, pattern) in enumerate(table))
    return re.compile(rf"(?<!{before})(?:{alternatives})(?![\w])", re.IGNORECASE)


@cache
def _role_re(lang: str) -> re.Pattern[str] | None:
    return _table_re(ROLES.get(lang), "r", r"[\w-]")


@cache
def _channel_re(lang: str) -> re.Pattern[str] | None:
    return _table_re(CHANNELS.get(lang), "c", r"[\w]")


@cache
def _as_re(lang: str) -> re.Pattern[str] | None:
    words = _AS.get(lang)
    if not words:
        return None
    # At the start of the sentence, or after an opening conjunction ("And as CEO, …").
    return re.compile(rf"\s*(?:(?:and|but|e|ma|et|mais|und|aber|y|pero|и|но|i|ale)\s+)?(?:{words})\s+", re.I)


def _code(lang: str | None) -> str:
    return (lang or "").replace("_", "-").split("-", 1)[0].lower()


_TOKEN = re.compile(r"\w+|[^\w\s]")

# --------------------------------------------------------------------------
# Roles
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Role:
    """A role a source gives a person: what, of which organisation, former or deputy."""

    role: str
    org: str | None  # entity id
    former: bool
    deputy: bool
    start: int  # the role's words in the article text
    end: int


@dataclass(frozen=True)
class _RoleWord:
    start: int
    end: int
    role: str


def _role_words(text: str, lang: str) -> list[_RoleWord]:
    """Every role noun in the text, with the role it names."""
    pattern = _role_re(lang)
    if pattern is None:
        return []
    table = ROLES[lang]
    return [_RoleWord(m.start(), m.end(), table[int(m.lastgroup[1:])][0]) for m in pattern.finditer(text)]


class _Spans:
    """Role words and non-person entity mentions of an article, to walk over a phrase."""

    def __init__(self, roles: list[_RoleWord], things: list[tuple[int, int, Entity]]) -> None:
        self.roles = roles
        self.things = things

    def inside(self, start: int, end: int) -> bool:
        return any(r.start <= start and end <= r.end for r in self.roles) or any(
            s <= start and end <= e for s, e, _ in self.things
        )


def _allowed(text: str, token: re.Match[str], spans: _Spans) -> bool:
    """Whether a token may stand inside a role phrase ("former CEO of the company X")."""
    word = token.group(0)
    low = word.lower()
    return (
        spans.inside(token.start(), token.end())
        or low in _CONNECTORS
        or low in _FORMER
        or low in _DEPUTY
        or low in _AND
        or word in _GLUE
        or word == ","
    )


def _walk_left(text: str, start: int, limit: int, spans: _Spans, lang: str) -> int:
    """How far left of ``start`` (not before ``limit``) a role phrase may reach; ``start`` if none.

    Between a role and the name may stand what completes the role: a capitalised
    portfolio ("ministro del Interior, X"), or in Slavic languages up to two
    words in the genitive ("wiceminister spraw wewnętrznych X").
    """
    tokens = list(_TOKEN.finditer(text, limit, start))
    reach = start
    complement = 0  # words of a role's complement seen since the last role word
    for token in reversed(tokens):
        if _allowed(text, token, spans):
            if any(r.start <= token.start() < r.end for r in spans.roles):
                complement = 0
            reach = token.start()
            continue
        if _complement(token.group(0), lang) and complement < _MAX_COMPLEMENT:
            complement += 1
            reach = token.start()
            continue
        break
    # The phrase must open on a role word (or what stands before one), not on a complement.
    while complement and reach < start:
        first = next(_TOKEN.finditer(text, reach, start))
        if _allowed(text, first, spans):
            break
        reach = first.end()
        complement -= 1
    return reach


def _complement(word: str, lang: str) -> bool:
    """Whether a word may complete a role: capitalised, or a Slavic genitive (lower case)."""
    return word[:1].isupper() or (lang in _GENITIVE_LANGS and word.isalpha() and word.islower())


def _walk_right(text: str, start: int, limit: int, spans: _Spans, lang: str, opening: bool = True) -> int:
    """How far right of ``start`` a role phrase reaches: an apposition ("X, founder of Y, said")
    when ``opening`` (it must open with a comma or a bracket), else the phrase after "as"."""
    tokens = list(_TOKEN.finditer(text, start, limit))
    if opening:
        if not tokens or tokens[0].group(0) not in (",", "(", "—", "–"):
            return start
        tokens = tokens[1:]
    reach, complement, seen_role = start, 0, False
    for token in tokens:
        if token.group(0) == ",":
            break
        if _allowed(text, token, spans):
            if any(r.start <= token.start() < r.end for r in spans.roles):
                seen_role, complement = True, 0
        elif seen_role and complement < _MAX_COMPLEMENT and _complement(token.group(0), lang):
            complement += 1  # "ministro del Interior", "министр финансов"
        else:
            break
        reach = token.end()
    return reach


def _modifiers(text: str, word: _RoleWord, floor: int) -> tuple[bool, bool]:
    """(former, deputy) from the two words before a role and the role word itself ("ex-", "vice")."""
    before = [t.group(0).lower() for t in _TOKEN.finditer(text, max(floor, word.start - 30), word.start)]
    before = [w for w in before if w not in _GLUE][-2:]
    own = text[word.start : word.end].lower()
    former = any(w in _FORMER for w in before) or own.startswith(("ex-", "экс-"))
    deputy = any(w in _DEPUTY for w in before) or own.startswith(_DEPUTY_PREFIXES)
    return former, deputy


def _org_of(text: str, word: _RoleWord, lo: int, hi: int, spans: _Spans) -> str | None:
    """The organisation a role word belongs to: inside it ("Konzern-Vorsitzende"), right after
    it across connectors ("CEO di X", "основатель компании X"), or right before it ("X CEO")."""
    for s, e, entity in spans.things:
        if word.start <= s and e <= word.end:
            return entity.id
    for s, _, entity in spans.things:
        if word.end <= s <= hi and _gap_ok(text[word.end : s]):
            return entity.id
    for s, e, entity in reversed(spans.things):
        if lo <= s and e <= word.start and _gap_ok(text[e : word.start], possessive=True):
            return entity.id
    return None


def _gap_ok(gap: str, possessive: bool = False) -> bool:
    """Whether the words between a role and a name are only connectors ("of the", "компании")."""
    words = [t.lower() for t in re.findall(r"\w+|[^\w\s]", gap)]
    if len(words) > 4:
        return False
    allowed = _CONNECTORS | _GLUE | ({"s"} if possessive else set())
    return all(w in allowed for w in words)


def _roles_in(text: str, lo: int, hi: int, words: list[_RoleWord], spans: _Spans, floor: int) -> list[Role]:
    roles = []
    for word in words:
        if lo <= word.start and word.end <= hi:
            former, deputy = _modifiers(text, word, floor)
            roles.append(
                Role(word.role, _org_of(text, word, lo, hi, spans), former, deputy, word.start, word.end)
            )
    return roles


def _role_sightings(view: StoryView, article_id: str) -> Iterator[tuple[Entity, list[Role]]]:
    """(person, roles) for every phrase of the article that gives a person a role."""
    article = view.article(article_id)
    lang = _code(article.lang)
    text = article.text
    words = _role_words(text, lang)
    if not words:
        return
    mentions = view.mentions(article_id)
    persons = [(s, e, x) for s, e, x in mentions if x.type == "person"]
    spans = _Spans(words, [(s, e, x) for s, e, x in mentions if x.type != "person"])
    for s, e, person in persons:
        ss, se = view.sentence(article_id, s, e)
        left = _walk_left(text, s, ss, spans, lang)
        roles = _roles_in(text, left, s, words, spans, ss) if left < s else []
        right = _walk_right(text, e, se, spans, lang)
        if right > e:
            found = _roles_in(text, e, right, words, spans, e)
            # An apposition starts with its role: "X, founder of Y", not "X, Y and the founder".
            if found and len(_TOKEN.findall(text, e, found[0].start)) <= 4:
                roles += found
        if roles:
            yield person, roles
    yield from _as_roles(view, article_id, words, spans, persons)


def _as_roles(
    view: StoryView,
    article_id: str,
    words: list[_RoleWord],
    spans: _Spans,
    persons: list[tuple[int, int, Entity]],
) -> Iterator[tuple[Entity, list[Role]]]:
    """Roles given by a sentence-initial "as" ("En tant que PDG de X, il a souligné"), to the subject.

    The subject is a person named later in the sentence, else the one person
    the previous sentence names (the "il" of the example).
    """
    article = view.article(article_id)
    pattern = _as_re(_code(article.lang))
    if pattern is None:
        return
    text = article.text
    previous: tuple[int, int] | None = None
    for span in article.sentences:
        sentence = (span.start, span.end)
        prev, previous = previous, sentence
        match = pattern.match(text, span.start, span.end)
        if match is None:
            continue
        first = [w for w in words if match.end() <= w.start < span.end]
        if not first or len(_TOKEN.findall(text, match.end(), first[0].start)) > 3:
            continue
        reach = _walk_right(text, match.end(), span.end, spans, _code(article.lang), opening=False)
        roles = _roles_in(text, match.end(), reach, words, spans, span.start)
        if not roles:
            continue
        later = {x.id: x for s, _, x in persons if reach <= s < span.end}
        before = {x.id: x for s, _, x in persons if prev and prev[0] <= s < prev[1]}
        subject = later or before
        if len(subject) == 1:
            yield next(iter(subject.values())), roles


_GENERIC = frozenset({"researcher", "head"})
_LEADERSHIP = frozenset({"ceo", "director", "head", "president"})


def _compatible(a: Role, b: Role, known: set[str] | None = None) -> bool:
    """Whether two roles may describe the same position.

    Two organisations differ only when both are ``known`` to both sources (each
    mentions both): otherwise they may be one organisation that the linker
    could not join ("Trasporti" and "Transports").
    """
    if a.org and b.org and a.org != b.org and (known is None or {a.org, b.org} <= known):
        return False
    if a.role in _GENERIC or b.role in _GENERIC:
        return True
    if a.deputy != b.deputy:
        return False
    return a.role == b.role or (a.role in _LEADERSHIP and b.role in _LEADERSHIP)


def role_differences(view: StoryView) -> list[Discrepancy]:
    """People whom two sources describe with roles that cannot be the same position."""
    by_person: dict[str, dict[str, list[Role]]] = {}
    evidence: dict[str, dict[str, list[Evidence]]] = {}
    people: dict[str, Entity] = {}
    for article_id in view.order:
        for person, roles in _role_sightings(view, article_id):
            people[person.id] = person
            known = by_person.setdefault(person.id, {}).setdefault(article_id, [])
            new = [r for r in roles if (r.start, r.end) not in {(k.start, k.end) for k in known}]
            if not new:
                continue
            known.extend(new)
            s, e = view.sentence(article_id, new[0].start, new[-1].end)
            value = [_role_value(view, r) for r in new]
            evidence.setdefault(person.id, {}).setdefault(article_id, []).append(
                Evidence(article_id, s, e, None, value)
            )
    found = []
    for person_id, by_article in by_person.items():
        if len(by_article) < 2:
            continue
        named = {aid: {e.id for _, _, e in view.mentions(aid)} for aid in by_article}
        clash = [
            (a, b)
            for a, b in combinations(by_article, 2)
            if not any(_compatible(x, y, named[a] & named[b]) for x in by_article[a] for y in by_article[b])
        ]
        if not clash:
            continue
        person = people[person_id]
        articles = list(by_article)
        orgs = [r.org for roles in by_article.values() for r in roles if r.org]
        found.append(
            Discrepancy(
                id="",
                story=view.story.id,
                kind="detail",
                claim=None,
                values=frozen_map(
                    {aid: _unique([_role_value(view, r) for r in by_article[aid]]) for aid in articles}
                ),
                evidence=tuple(ev for aid in articles for ev in evidence[person_id][aid]),
                reason="why_detail_role",
                params=frozen_map({"name": person.name, "entities": _unique([person_id, *orgs])}),
                weight=DETAIL_TIER + 0.1 * min(view.families_of(articles), 9),
            )
        )
    return found


def _role_value(view: StoryView, role: Role) -> dict[str, Any]:
    entity = view.entity.get(role.org) if role.org else None
    return {
        "role": role.role,
        "of": entity.name if entity else None,
        "former": role.former,
        "deputy": role.deputy,
    }


def _unique(items: Iterable[Any]) -> list[Any]:
    out: list[Any] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


# --------------------------------------------------------------------------
# Settings of a statement
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Setting:
    """Where or how a source says someone spoke: channels ("interview") and what it names there."""

    speaker: Entity
    channels: tuple[str, ...]
    named: tuple[str, ...]  # entity ids named in the setting (a venue, an interviewer, a host)
    start: int  # the sentence
    end: int


def _speaker(view: StoryView, article_id: str, start: int, end: int) -> tuple[int, int, Entity] | None:
    """The person who speaks in a sentence: a quote's speaker, else a person next to a speech verb."""
    text = view.article(article_id).text
    persons = [(s, e, x) for s, e, x in view.mentions(article_id) if x.type == "person" and start <= s < end]
    if not persons:
        return None
    for fact in view.facts(article_id):
        s0, e0 = fact.attrs.get("speaker_start"), fact.attrs.get("speaker_end")
        if fact.type == "quote" and isinstance(s0, int) and isinstance(e0, int) and start <= s0 < end:
            for p in persons:
                if p[0] < e0 and s0 < p[1]:
                    return p
    verbs = speech_for(view.article(article_id).lang).verbs | _MORE_VERBS
    for s, e, person in persons:
        after = [t.lower() for t in re.findall(r"\w+", text[e : min(end, e + 40)])][:3]
        after = [w for w in after if w not in AUXILIARIES][:2]
        before = [t.lower() for t in re.findall(r"\w+", text[max(start, s - 25) : s])][-1:]
        if any(w in verbs for w in after) or any(w in verbs for w in before):
            return s, e, person
    return None


def _settings_in(view: StoryView, article_id: str) -> Iterator[Setting]:
    article = view.article(article_id)
    pattern = _channel_re(_code(article.lang))
    if pattern is None:
        return
    table = CHANNELS[_code(article.lang)]
    text = article.text
    mentions = view.mentions(article_id)  # in text order
    starts = [s for s, _, _ in mentions]
    for span in article.sentences:
        cues = list(pattern.finditer(text, span.start, span.end))
        if not cues:  # most sentences: no need to look at the names
            continue
        names = mentions[bisect_left(starts, span.start) : bisect_left(starts, span.end)]
        # A cue inside a name ("Salone di X", "Web Summit") names that thing, not the setting.
        cues = [m for m in cues if not any(s <= m.start() < e for s, e, _ in names)]
        if not cues:
            continue
        speaker = _speaker(view, article_id, span.start, span.end)
        if speaker is None:
            continue
        s_start, _, person = speaker
        first = cues[0].start()
        if first < s_start:
            stop = s_start  # "During an interview at X, Y said": the setting ends at the speaker
        else:
            stop = min(span.end, first + _SETTING_REACH)
            for token in _TOKEN.finditer(text, first, stop):
                if token.group(0).lower() in _CLAUSE or token.group(0) in _QUOTES:
                    stop = token.start()
                    break
        channels = _unique(table[int(m.lastgroup[1:])][0] for m in cues if first <= m.start() < stop)
        named = _unique(
            x.id for s, e, x in view.mentions(article_id) if first <= s and e <= stop and x.id != person.id
        )
        if channels:
            yield Setting(person, tuple(channels), tuple(named), span.start, span.end)


def setting_differences(view: StoryView) -> list[Discrepancy]:
    """Statements whose setting two sources describe naming nothing in common.

    A speaker whom one source already places in two different settings (two
    events) is left out: then the sources may well speak of different statements.
    """
    by_speaker: dict[str, dict[str, list[Setting]]] = {}
    for article_id in view.order:
        for setting in _settings_in(view, article_id):
            by_speaker.setdefault(setting.speaker.id, {}).setdefault(article_id, []).append(setting)
    found = []
    for by_article in by_speaker.values():
        if len(by_article) < 2 or any(_two_events(settings) for settings in by_article.values()):
            continue
        named = {aid: {n for s in settings for n in s.named} for aid, settings in by_article.items()}
        clash = [
            (a, b)
            for a, b in combinations(by_article, 2)
            if named[a] and named[b] and not named[a] & named[b]
        ]
        if not clash:
            continue
        speaker = next(iter(by_article.values()))[0].speaker
        articles = list(by_article)
        values = {
            aid: {
                "how": _unique(c for s in by_article[aid] for c in s.channels),
                "with": _unique(view.entity[n].name for s in by_article[aid] for n in s.named),
            }
            for aid in articles
        }
        found.append(
            Discrepancy(
                id="",
                story=view.story.id,
                kind="detail",
                claim=None,
                values=frozen_map(values),
                evidence=tuple(
                    Evidence(
                        aid,
                        s.start,
                        s.end,
                        None,
                        {"how": list(s.channels), "with": [view.entity[n].name for n in s.named]},
                    )
                    for aid in articles
                    for s in by_article[aid]
                ),
                reason="why_detail_setting",
                params=frozen_map(
                    {
                        "name": speaker.name,
                        "entities": _unique([speaker.id, *(n for aid in articles for n in named[aid])]),
                    }
                ),
                weight=DETAIL_TIER + 0.1 * min(view.families_of(articles), 9),
            )
        )
    return found


def _two_events(settings: list[Setting]) -> bool:
    """Whether one source places a speaker in two settings that name nothing in common."""
    named = [set(s.named) for s in settings if s.named]
    return any(not a & b for a, b in combinations(named, 2))


# --------------------------------------------------------------------------
# Lists
# --------------------------------------------------------------------------

# Lists need at least this many members to count ("A, B and C").
MIN_LIST = 3
# Two lists are the same list when they share this many members and this share of all.
MIN_SHARED = 2
MIN_JACCARD = 0.4


@dataclass(frozen=True)
class EntityList:
    """A coordinated list of same-type entities in one sentence ("Acme, Borealis and Cygnus")."""

    article: str
    type: str
    members: tuple[str, ...]  # entity ids, in order
    start: int  # the sentence
    end: int


def _lists_in(view: StoryView, article_id: str) -> Iterator[EntityList]:
    text = view.article(article_id).text
    mentions = view.mentions(article_id)
    run: list[tuple[int, int, Entity]] = []

    def flush() -> Iterator[EntityList]:
        if len(run) < MIN_LIST:  # fewer mentions than a list needs members
            return
        members = _unique(x.id for _, _, x in run)
        if len(members) >= MIN_LIST:
            s, e = view.sentence(article_id, run[0][0], run[-1][1])
            yield EntityList(article_id, run[0][2].type, tuple(members), s, e)

    for mention in mentions:
        if run:
            last = run[-1]
            same_sentence = view.sentence(article_id, last[0])[0] == view.sentence(article_id, mention[0])[0]
            if mention[0] < last[1]:
                continue  # a mention inside another ("Acme" in "Acme Rocket 2")
            if same_sentence and mention[2].type == last[2].type and _list_gap(text[last[1] : mention[0]]):
                run.append(mention)
                continue
            yield from flush()
        run = [mention]
    if run:
        yield from flush()


def _list_gap(gap: str) -> bool:
    """Whether the text between two list members is a separator: ", ", " and ", ", and ", "; "."""
    words = re.findall(r"\w+|[^\w\s]", gap)
    if len(gap) > 20 or not words:
        return False
    lowered = [w.lower() for w in words]
    return (
        all(w in (",", ";", "&") or w in _AND for w in lowered)
        and len([w for w in lowered if w in _AND]) <= 1
    )


def list_differences(view: StoryView) -> list[Discrepancy]:
    """Lists of the same things whose members differ both ways between two sources.

    Lists from different sources are the same list when they share enough
    members; a source naming fewer members than another is no difference,
    one naming others is.
    """
    lists = [x for aid in view.order for x in _lists_in(view, aid)]
    # Group lists into clusters of "the same list" across sources (single linkage).
    parent = list(range(len(lists)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in combinations(range(len(lists)), 2):
        a, b = lists[i], lists[j]
        if a.article == b.article or a.type != b.type:
            continue
        shared = set(a.members) & set(b.members)
        if len(shared) >= MIN_SHARED and len(shared) / len(set(a.members) | set(b.members)) >= MIN_JACCARD:
            parent[root(j)] = root(i)
    clusters: dict[int, list[EntityList]] = {}
    for i, item in enumerate(lists):
        clusters.setdefault(root(i), []).append(item)
    found = []
    for items in clusters.values():
        members: dict[str, list[str]] = {}
        for item in items:
            members.setdefault(item.article, [])
            members[item.article] += [m for m in item.members if m not in members[item.article]]
        if len(members) < 2:
            continue
        clash = [
            (a, b)
            for a, b in combinations(members, 2)
            if set(members[a]) - set(members[b]) and set(members[b]) - set(members[a])
        ]
        if not clash:
            continue
        articles = list(members)
        everyone = set.intersection(*(set(m) for m in members.values()))
        named = _unique(m for aid in articles for m in members[aid])
        only = [view.entity[m].name for m in named if m not in everyone]
        found.append(
            Discrepancy(
                id="",
                story=view.story.id,
                kind="detail",
                claim=None,
                values=frozen_map({aid: [view.entity[m].name for m in members[aid]] for aid in articles}),
                evidence=tuple(
                    Evidence(
                        item.article, item.start, item.end, None, [view.entity[m].name for m in item.members]
                    )
                    for item in items
                ),
                reason="why_detail_list",
                params=frozen_map({"only": ", ".join(only), "entities": named}),
                weight=DETAIL_TIER + 0.1 * min(view.families_of(articles), 9),
            )
        )
    return found

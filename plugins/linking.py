"""Built-in entity linker: one entity per real-world name across a story's articles and scripts.

The extractors give mentions per article ("Олег Ткаченко", "Ткаченко",
"Oleh Tkachenko", "Tkatschenkos"). This plugin groups them into entities in
two steps, with no list of names:

1. **Within an article**, a short form joins the full name it abbreviates:
   a surname alone joins the person whose full name the article gave (the
   nearest before it, when two people share the surname), a company without
   its suffix joins the company with it.
2. **Across articles**, names are compared word by word through
   transliteration and case endings (:mod:`plugins.translit`): two full
   names are one person when first name and surname match; a lone surname
   joins a person of another article only when exactly one person of the
   story has that surname, so that namesakes are never merged blindly.

Words are compared on phoneme strings: equal consonant skeletons and a
similar spelling (Levenshtein similarity of the phonemes), so that "Ткаченка",
"Tkachenko" and "Tkatschenkos" meet while "Ivanov" and "Ivanova" stay apart only by the
type of their entity (their spelling is the same name).

An optional ``aliases.yml`` in the story's folder lists names the user knows
are the same (``- [Name A, Name B]``); the seed story needs none.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from rapidfuzz.distance import Levenshtein

from generator import hookimpl
from generator.corpus import unique
from generator.model import ArticleResult, Entity, EntityMention, Mention, Story
from generator.settings import Settings
from plugins import morphology
from plugins import names as nm
from plugins.entities import strip_ending
from plugins.translit import phonemes, script_of, skeleton, slug, to_latin

ALIASES_FILE = "aliases.yml"
# Types in the order that breaks a tie of votes.
_TYPE_ORDER = ("person", "organisation", "product", "event", "place")
# Words that say what kind of organisation a name is, not which: "Acme Inc." is "Acme".
_ORG_SUFFIXES = frozenset(
    [
        "inc",
        "corp",
        "corporation",
        "ltd",
        "llc",
        "llp",
        "plc",
        "gmbh",
        "ag",
        "se",
        "kg",
        "kgaa",
        "sa",
        "sas",
        "sarl",
        "spa",
        "s.p.a",
        "srl",
        "s.r.l",
        "nv",
        "bv",
        "ab",
        "asa",
        "oy",
        "co",
        "company",
        "group",
        "gruppe",
        "gruppo",
        "groupe",
        "grupo",
        "holding",
        "holdings",
    ]
)
_SIMILARITY = 0.6  # normalised Levenshtein similarity of phoneme strings that may be one word
_WORD_RE = re.compile(r"\S+")
_DECLINING = frozenset(("ru", "uk", "bg", "pl", "cs", "el", "de", "tr", "fi", "hu"))


# ---------------------------------------------------------------------------
# Words of a name and how they compare
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Word:
    """One word of a name, with the phoneme strings of its possible base forms."""

    text: str
    forms: tuple[str, ...]  # phoneme strings: the word as written, and without a case ending
    skeletons: frozenset[str]
    digits: str  # the digits in it: "4" in "Y-4" (numbers must be equal, never similar)


@lru_cache(maxsize=65536)
def _word(text: str, lang: str | None) -> _Word:
    low = text.casefold().strip(".,")
    variants = {low}
    if script_of(low) != "latin" or lang in ("pl", "cs"):
        variants.add(strip_ending(low, lang if script_of(low) != "greek" else "el"))
        if script_of(low) == "cyrillic":
            # A Cyrillic name in a text of unknown language: try Russian and Ukrainian endings.
            variants.add(strip_ending(low, "ru"))
            variants.add(strip_ending(low, "uk"))
    if lang in ("de", "en", "nl", "da", "sv") and low.endswith("s") and len(low) > 3:
        variants.add(low[:-1])  # German and English genitive: "Tkatschenkos"
    if lang == "tr":
        variants.add(re.sub(r"(?:['’](?:\w+))$", "", low))
    spelled = {phonemes(v, lang) for v in variants if v}
    # The spelling itself in plain letters: brand and model names are spelt alike everywhere.
    spelled |= {to_latin(v) for v in variants if v}
    # Without final vowels: endings and transliterations disagree most there ("Ivan"/"Ивана").
    spelled |= {f.rstrip("aeiouy") for f in spelled if len(f.rstrip("aeiouy")) >= 2}
    forms = tuple(sorted(spelled))
    return _Word(
        text=text,
        forms=forms,
        skeletons=frozenset(skeleton(f) for f in forms),
        digits="".join(ch for ch in low if ch.isdigit()),
    )


@lru_cache(maxsize=262144)
def _same_word(a: _Word, b: _Word) -> bool:
    """Whether two words can be spellings of one name word."""
    if a.digits != b.digits:
        return False
    if not (a.skeletons & b.skeletons):
        return False
    best = max(Levenshtein.normalized_similarity(fa, fb) for fa in a.forms for fb in b.forms)
    shortest = min(len(f) for f in a.forms + b.forms)
    # Short words must agree more: "Li" and "Le" are not one name.
    return best >= (_SIMILARITY if shortest > 3 else 0.75)


@lru_cache(maxsize=65536)
def _words(text: str, lang: str | None) -> tuple[_Word, ...]:
    """The significant words of a name: particles and company suffixes left out."""
    words = [w for w in text.split() if w.casefold() not in nm.NAME_PARTICLES]
    core = [w for w in words if w.casefold().rstrip(".") not in _ORG_SUFFIXES] or words
    return tuple(_word(w, lang) for w in core)


def _same_name(a: tuple[_Word, ...], b: tuple[_Word, ...]) -> bool:
    """Two names of the same length whose words match one by one."""
    if a is b:
        # A name against itself (a repeated name: _words is cached by text): a word matches
        # itself exactly when it has a spelling at all, without comparing its forms.
        return all(w.skeletons for w in a)
    return len(a) == len(b) and all(_same_word(x, y) for x, y in zip(a, b, strict=True))


def _abbreviates(short: tuple[_Word, ...], full: tuple[_Word, ...]) -> bool:
    """A shorter form of a person's name: the surname, or first name and surname without the middle."""
    if not short or len(short) >= len(full):
        return False
    if len(short) == 1:
        return _same_word(short[0], full[-1])
    return _same_word(short[0], full[0]) and _same_word(short[-1], full[-1])


# ---------------------------------------------------------------------------
# Groups of mentions
# ---------------------------------------------------------------------------


@dataclass(eq=False)
class _Group:
    """Mentions believed to name one entity: first within an article, then across the story."""

    words: tuple[_Word, ...]  # the longest form's words
    mentions: list[tuple[int, str, Mention, str | None]] = field(
        default_factory=list
    )  # (order, article, m, lang)
    types: Counter[str] = field(default_factory=Counter)

    @property
    def type(self) -> str:
        if not self.types:
            return "organisation"
        best = max(self.types.values())
        return next(t for t in (*_TYPE_ORDER, *sorted(self.types)) if self.types.get(t) == best)

    @property
    def is_full_person(self) -> bool:
        return len(self.words) >= 2 and self.type == "person"

    def absorb(self, other: _Group) -> None:
        self.mentions.extend(other.mentions)
        self.types.update(other.types)
        if len(other.words) > len(self.words):
            self.words = other.words


def _dedupe(mentions: tuple[Mention, ...]) -> list[Mention]:
    """One mention per stretch of text: exact repeats and mentions inside a longer one go."""
    ordered = sorted(mentions, key=lambda m: (m.start, -m.end))
    kept: list[Mention] = []
    for m in ordered:
        if m.start >= m.end:
            continue
        if kept and m.start >= kept[-1].start and m.end <= kept[-1].end:
            continue
        kept.append(m)
    return kept


def _local_groups(result: ArticleResult, order: int) -> list[_Group]:
    """The names of one article: each short form joined to the full name it stands for."""
    lang = (result.article.lang or "").split("-")[0] or None
    groups: list[_Group] = []
    # The groups by the skeletons of their last word, as (position in groups, group): both a
    # same name and a name abbreviated must match the last word, so only these can qualify.
    by_skeleton: dict[str, list[tuple[int, _Group]]] = {}
    mentions = _dedupe(result.extraction.mentions)
    # Longest names first, so that "Ann Lee" exists before "Lee" looks for it.
    for m in sorted(mentions, key=lambda m: (-len(m.text.split()), m.start)):
        words = _words(m.text, lang)
        if not words:
            continue
        entry = (order, result.article.id, m, lang)
        pool = _candidates(by_skeleton, words)
        same = [g for g in pool if _same_name(words, g.words)]
        if not same and m.type in ("person", "organisation"):
            # A surname alone (or typed by default as an organisation): the full name it
            # abbreviates, the nearest one before it when two people share the surname.
            same = [g for g in pool if g.is_full_person and _abbreviates(words, g.words)]
            if len(same) > 1:
                same.sort(key=lambda g: _distance(g, m))
                same = same[:1]
        if same:
            target = same[0]
            target.mentions.append(entry)
            target.types[m.type] += 1
        else:
            group = _Group(words=words, mentions=[entry], types=Counter({m.type: 1}))
            for sk in words[-1].skeletons:
                by_skeleton.setdefault(sk, []).append((len(groups), group))
            groups.append(group)
    for g in groups:
        if g.is_full_person:
            # The surname alone counted as an "organisation" by default is the person's.
            g.types = Counter({"person": sum(g.types.values())})
    return groups


def _candidates(by_skeleton: dict[str, list[tuple[int, _Group]]], words: tuple[_Word, ...]) -> list[_Group]:
    """The groups whose last word shares a skeleton with the name's last word, in their order."""
    found = {n: g for sk in words[-1].skeletons for n, g in by_skeleton.get(sk, ())}
    return [found[n] for n in sorted(found)]


def _distance(group: _Group, m: Mention) -> tuple[int, int]:
    """How far a group's nearest mention is from m: mentions before m first."""
    before = [m.start - x.end for _, _, x, _ in group.mentions if x.end <= m.start]
    after = [x.start - m.end for _, _, x, _ in group.mentions if x.start >= m.end]
    return (0, min(before)) if before else (1, min(after) if after else 1 << 30)


def _link(groups: list[_Group]) -> list[_Group]:
    """Merge the article groups of a story into story entities."""
    merged: list[_Group] = []
    by_skeleton: dict[str, list[_Group]] = {}

    def candidates(words: tuple[_Word, ...]) -> list[_Group]:
        seen: dict[int, _Group] = {}
        for sk in words[-1].skeletons:
            for g in by_skeleton.get(sk, ()):
                seen[id(g)] = g
        return list(seen.values())

    def index(g: _Group) -> None:
        for sk in g.words[-1].skeletons:
            by_skeleton.setdefault(sk, []).append(g)

    # Full names before short ones: a lone surname is judged against every full name.
    for g in sorted(groups, key=lambda g: (-len(g.words), g.mentions[0][0], g.mentions[0][2].start)):
        pool = candidates(g.words)
        same = [c for c in pool if _same_name(g.words, c.words)]
        if not same and g.type in ("person", "organisation") and len(g.words) < 3:
            people = [c for c in pool if c.is_full_person and _abbreviates(g.words, c.words)]
            # Namesakes: a surname that fits two people of the story stays on its own.
            if len({id(c) for c in people}) == 1:
                same = people
        if same:
            same[0].absorb(g)
        else:
            merged.append(g)
            index(g)
    return merged


def _merge_maker_prefixes(groups: list[_Group]) -> list[_Group]:
    """ "X Y-4" is the product "Y-4" when X is an organisation of the story: the maker's name
    in front of a product's."""
    orgs = [g for g in groups if g.type == "organisation" and len(g.words) == 1]
    products = [g for g in groups if g.type == "product"]
    gone: set[int] = set()
    for g in products:
        if len(g.words) < 2 or not any(_same_word(g.words[0], o.words[0]) for o in orgs):
            continue
        target = next((p for p in products if p is not g and _same_name(g.words[1:], p.words)), None)
        if target is not None and id(target) not in gone:
            target.absorb(g)
            gone.add(id(g))
    return [g for g in groups if id(g) not in gone]


# ---------------------------------------------------------------------------
# Aliases the user declared
# ---------------------------------------------------------------------------


def _aliases(settings: Settings, story: Story) -> list[list[str]]:
    path = Path(settings.content_dir) / story.id / ALIASES_FILE
    if not path.is_file():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []
    if not isinstance(data, list):
        return []
    return [[str(n) for n in group if n] for group in data if isinstance(group, list)]


def _apply_aliases(groups: list[_Group], aliases: list[list[str]]) -> list[_Group]:
    """Merge the entities that carry any two names of one alias group."""
    for names in aliases:
        keys = [_words(n, None) for n in names]
        hits = []
        for g in groups:
            variants = {m.text for _, _, m, _ in g.mentions}
            forms = [_words(v, lang) for v in variants for lang in {m[3] for m in g.mentions}]
            if any(_same_name(k, f) for k in keys for f in forms) or any(
                _same_name(k, g.words) for k in keys
            ):
                hits.append(g)
        for other in hits[1:]:
            hits[0].absorb(other)
            groups = [g for g in groups if g is not other]
    return groups


# ---------------------------------------------------------------------------
# Entities
# ---------------------------------------------------------------------------


def _display_name(group: _Group) -> str:
    """The most complete Latin-script form when there is one, else the most complete form,
    in the nominative where the language declines names."""
    counts: Counter[str] = Counter()
    langs: dict[str, str | None] = {}
    first_seen: dict[str, int] = {}
    for i, (_, _, m, lang) in enumerate(sorted(group.mentions, key=lambda e: (e[0], e[2].start))):
        text = " ".join(_WORD_RE.findall(m.text))
        counts[text] += 1
        langs.setdefault(text, lang)
        first_seen.setdefault(text, i)
    latin = [t for t in counts if script_of(t) == "latin"]
    pool = latin or list(counts)

    person = group.type == "person"

    def rank(text: str) -> tuple[int, ...]:
        # A person's most complete name; for other entities the form used most ("Y-4" rather
        # than "X Y-4"); then forms from languages that do not decline names.
        words, declining = -len(text.split()), langs[text] in _DECLINING
        if person:
            return (words, declining, -counts[text], first_seen[text])
        return (-counts[text], declining, words, first_seen[text])

    best = min(pool, key=rank)
    if not latin and script_of(best) == "cyrillic":
        best = _nominative(best, langs[best])
    return best


def _nominative(name: str, lang: str | None) -> str:
    """A Cyrillic name in the nominative, word by word, where the morphology knows the word."""
    analyzer = _morph(lang if lang in ("ru", "uk") else "ru")
    if analyzer is None:
        return name
    out = []
    for word in name.split():
        normal = word
        for parse in analyzer.parse(word):
            tags = str(parse.tag)
            if {"Name", "Surn", "Geox", "Orgn"} & set(re.split(r"[ ,]", tags)):
                normal = parse.normal_form
                break
        out.append(normal[:1].upper() + normal[1:] if word[:1].isupper() else normal)
    return " ".join(out)


def _morph(lang: str) -> object | None:
    """pymorphy3's analyser for Russian or Ukrainian (None if not installed), shared with the
    entity extractor: a second copy would load its dictionaries again."""
    return morphology.analyzer(lang)


def link(story: Story, results: tuple[ArticleResult, ...], settings: Settings | None = None) -> list[Entity]:
    """The story's entities, each with its mentions in every article."""
    order = {aid: i for i, aid in enumerate(story.articles)}
    groups: list[_Group] = []
    for result in results:
        groups.extend(_local_groups(result, order.get(result.article.id, len(order))))
    groups = _merge_maker_prefixes(_link(groups))
    if settings is not None:
        aliases = _aliases(settings, story)
        if aliases:
            groups = _apply_aliases(groups, aliases)

    entities: list[Entity] = []
    taken: set[str] = set()
    for g in sorted(groups, key=lambda g: min((e[0], e[2].start) for e in g.mentions)):
        mentions = sorted(g.mentions, key=lambda e: (e[0], e[2].start))
        name = _display_name(g)
        base = f"{g.type}-{slug(name, mentions[0][3]) or 'x'}"
        eid = unique(base, taken)
        entities.append(
            Entity(
                id=eid,
                name=name,
                type=g.type,
                mentions=tuple(EntityMention(aid, m.start, m.end, m.text) for _, aid, m, _ in mentions),
                variants=tuple(dict.fromkeys(m.text for _, _, m, _ in mentions)),
            )
        )
    return entities


@hookimpl
def parallax_entities(story: Story, results: tuple[ArticleResult, ...], settings: Settings) -> list[Entity]:
    """Link the mentions of a story's articles into entities (see the module docstring)."""
    return link(story, results, settings)

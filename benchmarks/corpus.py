"""A generator of scaled corpora for the benchmarks: N stories of M articles each.

The articles are realistic multilingual news text (about 3 KB each, in seven
languages) with varied names, places, organisations, numbers, money, dates and
quotes, and a little page furniture, so that every stage has real work to do.
Like a real story's, the articles of a story report the same few events, each
in its own words and language, and now and then one gets a figure wrong.
Everything is drawn from a seeded random generator: the same arguments give
the same corpus.

    python benchmarks/corpus.py OUT_DIR --stories 10 --articles 100
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

SYLLABLES = [
    "ka",
    "lo",
    "mir",
    "sa",
    "ven",
    "to",
    "ri",
    "an",
    "del",
    "bor",
    "ni",
    "us",
    "te",
    "ma",
    "gor",
    "li",
    "ra",
    "din",
]
CYRILLIC = dict(zip("abdegiklmnorstuvy", "абдегиклмнорстувы", strict=True))

SENTENCES = {
    "en": [
        "{person}, the {role} of {org}, said on {weekday} that the plan would cost {money}.",
        "According to {org}, about {percent}% of the {noun} in {place} were affected last year.",
        '"We did not expect this so soon," {person} told reporters in {place}.',
        "The agency expects {count} new {noun} by {year}, up from {count2} in {year0}.",
        "Officials in {place} confirmed on {day} {month_en} {year0} that {count} people had been evacuated.",
        "Critics, including {person2}, argued that the figure of {money2} was far too low.",
    ],
    "de": [
        "{person}, {role} von {org}, sagte am {weekday_de}, der Plan werde {money_de} kosten.",
        "Nach Angaben von {org} waren im vergangenen Jahr rund {percent} Prozent der Betriebe in {place} betroffen.",
        "„Wir haben das nicht so früh erwartet“, sagte {person} in {place}.",
        "Die Behörde rechnet bis {year} mit {count} neuen Anlagen, nach {count2} im Jahr {year0}.",
        "Am {day}. {month_de} {year0} bestätigten die Behörden in {place}, dass {count} Menschen evakuiert wurden.",
    ],
    "fr": [
        "{person}, {role} de {org}, a déclaré {weekday_fr} que le plan coûterait {money_fr}.",
        "Selon {org}, environ {percent} % des entreprises de {place} ont été touchées l'année dernière.",
        "« Nous ne nous attendions pas à cela si tôt », a déclaré {person} à {place}.",
        "L'agence prévoit {count} nouvelles installations d'ici {year}, contre {count2} en {year0}.",
        "Le {day} {month_fr} {year0}, les autorités de {place} ont confirmé l'évacuation de {count} personnes.",
    ],
    "it": [
        "{person}, {role} di {org}, ha affermato {weekday_it} che il piano costerà {money_it}.",
        "Secondo {org}, circa il {percent}% delle imprese di {place} è stato colpito l'anno scorso.",
        "«Non ce lo aspettavamo così presto», ha detto {person} a {place}.",
        "L'agenzia prevede {count} nuovi impianti entro il {year}, rispetto ai {count2} del {year0}.",
        "Il {day} {month_it} {year0} le autorità di {place} hanno confermato l'evacuazione di {count} persone.",
    ],
    "pt": [
        "{person}, {role} da {org}, afirmou na {weekday_pt} que o plano custará {money_pt}.",
        "Segundo a {org}, cerca de {percent}% das empresas de {place} foram afetadas no ano passado.",
        "“Não esperávamos isso tão cedo”, disse {person} em {place}.",
        "A agência prevê {count} novas instalações até {year}, contra {count2} em {year0}.",
        "Em {day} de {month_pt} de {year0}, as autoridades de {place} confirmaram a retirada de {count} pessoas.",
    ],
    "es": [
        "{person}, {role} de {org}, dijo el {weekday_es} que el plan costará {money_es}.",
        "Según {org}, alrededor del {percent} % de las empresas de {place} se vieron afectadas el año pasado.",
        "«No lo esperábamos tan pronto», dijo {person} en {place}.",
        "La agencia prevé {count} nuevas instalaciones para {year}, frente a {count2} en {year0}.",
        "El {day} de {month_es} de {year0}, las autoridades de {place} confirmaron la evacuación de {count} personas.",
    ],
    "ru": [
        "{person_ru}, {role_ru} {org}, заявил в {weekday_ru}, что план обойдётся в {money_ru}.",
        "По данным {org}, около {percent}% предприятий {place_ru} пострадали в прошлом году.",
        "«Мы не ожидали этого так скоро», — сказал {person_ru}.",
        "Агентство ожидает {count} новых объектов к {year} году против {count2} в {year0} году.",
        "{day} {month_ru} {year0} года власти подтвердили эвакуацию {count} человек.",
    ],
}
MONTHS = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
}
WEEKDAYS = {
    "en": "Monday Tuesday Wednesday Thursday Friday",
    "de": "Montag Dienstag Mittwoch Donnerstag Freitag",
    "fr": "lundi mardi mercredi jeudi vendredi",
    "it": "lunedì martedì mercoledì giovedì venerdì",
    "pt": "segunda-feira terça-feira quarta-feira quinta-feira sexta-feira",
    "es": "lunes martes miércoles jueves viernes",
    "ru": "понедельник вторник среду четверг пятницу",
}
FURNITURE = {
    "en": ["Share this article", "Read more: {title}", "Photo: {person}/Agency"],
    "de": ["Artikel teilen", "Mehr zum Thema: {title}", "Foto: {person}/Agentur"],
    "fr": ["Partager cet article", "Lire aussi : {title}", "Photo : {person}/Agence"],
    "it": ["Condividi questo articolo", "Leggi anche: {title}", "Foto: {person}/Agenzia"],
    "pt": ["Compartilhe esta matéria", "Leia mais: {title}", "(Imagem: {person}/Agência)"],
    "es": ["Comparte este artículo", "Lee también: {title}", "Foto: {person}/Agencia"],
    "ru": ["Поделиться", "Читайте также: {title}", "Фото: {person}"],
}


def _word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def _cyrillic(name: str) -> str:
    return "".join(CYRILLIC.get(ch.lower(), ch) for ch in name).title()


MILLIONS = [1.5, 2.3, 4.6, 12, 70, 250]
WHOLE = [700_000, 45_000, 1_200_000, 9_500]
_MILLION_WORDS = {
    "en": "€{} million",
    "de": "{} Millionen Euro",
    "fr": "{} millions d'euros",
    "it": "{} milioni di euro",
    "pt": "{} milhões de euros",
    "es": "{} millones de euros",
    "ru": "{} млн евро",
}
_WHOLE_WORDS = {
    "en": "€{}",
    "de": "{} Euro",
    "fr": "{} euros",
    "it": "{} euro",
    "pt": "{} euros",
    "es": "{} euros",
    "ru": "{} евро",
}
_SEPARATOR = {"en": ",", "de": ".", "it": ".", "pt": ".", "es": ".", "fr": "\u202f", "ru": " "}


def _amount(rng: random.Random) -> float:
    return rng.choice(MILLIONS) * 1_000_000 if rng.random() < 0.5 else float(rng.choice(WHOLE))


def _money(value: float, lang: str) -> str:
    """An amount in euros as a paper in ``lang`` writes it: "2,3 milioni di euro", "700.000 euro"."""
    if value >= 1_500_000 and value % 100_000 == 0:
        text = f"{value / 1_000_000:g}"
        return _MILLION_WORDS[lang].format(text if lang == "en" else text.replace(".", ","))
    return _WHOLE_WORDS[lang].format(f"{int(value):,}".replace(",", _SEPARATOR[lang]))


def _event(rng: random.Random, people: list[str], orgs: list[str], places: list[str], year0: int) -> dict:
    """One set of facts that a story's articles report: the same values in every language."""
    person, person2 = rng.sample(people, 2)
    return {
        "person": person,
        "person2": person2,
        "org": rng.choice(orgs),
        "place": rng.choice(places),
        "place2": rng.choice(places),
        "percent": rng.randint(3, 95),
        "count": rng.randint(2, 9000),
        "count2": rng.randint(2, 9000),
        "day": rng.randint(1, 28),
        "month": rng.randrange(12),
        "weekday": rng.randrange(5),
        "money": _amount(rng),
        "money2": _amount(rng),
        "year": year0 + rng.randint(1, 6),
    }


def _slots(event: dict, lang: str, roles: dict[str, str], year0: int) -> dict:
    """The placeholders of the sentence templates, filled from an event for ``lang``."""
    slots = {
        **event,
        "year0": year0,
        "person_ru": _cyrillic(event["person"]),
        "place_ru": _cyrillic(event["place2"]),
        "role": roles["en"],
        "role_ru": roles["ru"],
        "noun": roles["noun"],
        "money": _money(event["money"], "en"),
        "money2": _money(event["money2"], "en"),
        "weekday": WEEKDAYS[lang].split()[event["weekday"]],
        "month": MONTHS[lang].split()[event["month"]],
    }
    for code in MONTHS:
        slots[f"month_{code}"] = MONTHS[code].split()[event["month"]]
    for code in WEEKDAYS:
        slots[f"weekday_{code}"] = WEEKDAYS[code].split()[event["weekday"]]
    for code in ("de", "fr", "it", "pt", "es", "ru"):
        slots[f"money_{code}"] = _money(event["money"], code)
    return slots


def article(
    rng: random.Random,
    lang: str,
    people: list[str],
    places: list[str],
    events: list[dict],
    roles: dict[str, str],
    year0: int,
    size: int,
) -> str:
    """One article of about ``size`` characters, with a title, paragraphs and some furniture.

    Its sentences report the story's events (``events``): different articles pick
    different ones and word them differently, in their own language, and now and
    then one gets a figure wrong, so that claims and discrepancies look like a
    real story's rather than noise.
    """
    title = f"{events[0]['org']}: {rng.choice(places)} {year0}"
    lines = [title, ""]
    paragraph: list[str] = []
    text_len = 0
    while text_len < size:
        event = dict(rng.choice(events))
        if rng.random() < SLIP:
            field = rng.choice(["count", "money", "percent"])
            event[field] = (
                _amount(rng) if field == "money" else rng.randint(3, 95 if field == "percent" else 9000)
            )
        sentence = rng.choice(SENTENCES[lang]).format(**_slots(event, lang, roles, year0))
        paragraph.append(sentence)
        text_len += len(sentence) + 1
        if len(paragraph) >= rng.randint(2, 4):
            lines += [" ".join(paragraph), ""]
            paragraph = []
        if rng.random() < 0.08:
            lines += [rng.choice(FURNITURE[lang]).format(title=title, person=rng.choice(people)), ""]
    if paragraph:
        lines.append(" ".join(paragraph))
    return "\n".join(lines).strip() + "\n"


# A story's articles report this many events; a sentence gets one of its figures wrong this often.
EVENTS = 8
SLIP = 0.04


def generate(out: Path, stories: int, articles: int, size: int = 3000, seed: int = 7) -> int:
    """Write ``stories`` folders of ``articles`` articles each under ``out``; return the count."""
    rng = random.Random(seed)
    langs = list(SENTENCES)
    written = 0
    for s in range(stories):
        people = [f"{_word(rng, 2)} {_word(rng, 3)}" for _ in range(8)]
        orgs = [f"{_word(rng, 2)} {rng.choice(['Group', 'Institute', 'Bank', 'Agency'])}" for _ in range(5)]
        places = [_word(rng, 3) for _ in range(6)]
        year0 = rng.randint(2015, 2024)
        roles = {
            "en": rng.choice(["director", "spokesperson", "chair"]),
            "ru": rng.choice(["глава", "представитель", "председатель"]),
            "noun": rng.choice(["farms", "schools", "firms"]),
        }
        events = [_event(rng, people, orgs, places, year0) for _ in range(EVENTS)]
        folder = out / f"story-{s:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "story.yml").write_text(f"title: Story {s} about {places[0]}\n", encoding="utf-8")
        for a in range(articles):
            lang = langs[(s + a) % len(langs)]
            text = article(rng, lang, people, places, events, roles, year0, size)
            # Numbered across stories: article ids are unique in the corpus, as a real one's are.
            (folder / f"a{written:06d}-{lang}.txt").write_text(text, encoding="utf-8")
            written += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--stories", type=int, default=10)
    parser.add_argument("--articles", type=int, default=10, help="articles per story")
    parser.add_argument("--size", type=int, default=3000, help="characters per article, about")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    count = generate(args.out, args.stories, args.articles, args.size, args.seed)
    print(f"wrote {count} articles to {args.out}")


if __name__ == "__main__":
    main()

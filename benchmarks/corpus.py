"""A generator of scaled corpora for the benchmarks: N stories of M articles each.

The articles are realistic multilingual news text (about 3 KB each, in seven
languages) with varied names, places, organisations, numbers, money, dates and
quotes, and a little page furniture, so that every stage has real work to do.
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


def _money(rng: random.Random, lang: str) -> str:
    millions = rng.choice([1.5, 2.3, 4.6, 12, 70, 250])
    whole = rng.choice([700_000, 45_000, 1_200_000, 9_500])
    if rng.random() < 0.5:
        text = f"{millions}".replace(".", "," if lang != "en" else ".")
        return {
            "en": f"${text} million",
            "de": f"{text} Millionen Euro",
            "fr": f"{text} millions d'euros",
            "it": f"{text} milioni di euro",
            "pt": f"US$ {text} milhões",
            "es": f"{text} millones de euros",
            "ru": f"{text} млн долларов",
        }[lang]
    sep = {"en": ",", "de": ".", "it": ".", "pt": ".", "es": ".", "fr": "\u202f", "ru": " "}[lang]
    text = f"{whole:,}".replace(",", sep)
    return {
        "en": f"${text}",
        "de": f"{text} Euro",
        "fr": f"{text} euros",
        "it": f"{text} euro",
        "pt": f"R$ {text}",
        "es": f"{text} euros",
        "ru": f"{text} рублей",
    }[lang]


def article(
    rng: random.Random, lang: str, people: list[str], orgs: list[str], places: list[str], size: int
) -> str:
    """One article of about ``size`` characters, with a title, paragraphs and some furniture."""
    year0 = rng.randint(2015, 2024)
    months, weekdays = MONTHS[lang].split(), WEEKDAYS[lang].split()
    title = f"{rng.choice(orgs)}: {rng.choice(places)} {year0}"
    slots = {
        "role": rng.choice(["director", "spokesperson", "chair"]),
        "role_ru": rng.choice(["глава", "представитель", "председатель"]),
        "noun": rng.choice(["farms", "schools", "firms"]),
        "year": year0 + rng.randint(1, 6),
        "year0": year0,
    }
    lines = [title, ""]
    paragraph: list[str] = []
    text_len = 0
    while text_len < size:
        person, person2 = rng.sample(people, 2)
        slots.update(
            person=person,
            person2=person2,
            person_ru=_cyrillic(person),
            org=rng.choice(orgs),
            place=rng.choice(places),
            place_ru=_cyrillic(rng.choice(places)),
            percent=rng.randint(3, 95),
            count=rng.randint(2, 9000),
            count2=rng.randint(2, 9000),
            day=rng.randint(1, 28),
            money=_money(rng, "en"),
            money2=_money(rng, "en"),
            **{f"money_{code}": _money(rng, code) for code in ("de", "fr", "it", "pt", "es", "ru")},
            **{f"month_{code}": rng.choice(MONTHS[code].split()) for code in MONTHS},
            **{f"weekday_{code}": rng.choice(WEEKDAYS[code].split()) for code in WEEKDAYS},
            weekday=rng.choice(weekdays),
            month=rng.choice(months),
        )
        sentence = rng.choice(SENTENCES[lang]).format(**slots)
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


def generate(out: Path, stories: int, articles: int, size: int = 3000, seed: int = 7) -> int:
    """Write ``stories`` folders of ``articles`` articles each under ``out``; return the count."""
    rng = random.Random(seed)
    langs = list(SENTENCES)
    written = 0
    for s in range(stories):
        people = [f"{_word(rng, 2)} {_word(rng, 3)}" for _ in range(8)]
        orgs = [f"{_word(rng, 2)} {rng.choice(['Group', 'Institute', 'Bank', 'Agency'])}" for _ in range(5)]
        places = [_word(rng, 3) for _ in range(6)]
        folder = out / f"story-{s:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "story.yml").write_text(f"title: Story {s} about {places[0]}\n", encoding="utf-8")
        for a in range(articles):
            lang = langs[(s + a) % len(langs)]
            text = article(rng, lang, people, orgs, places, size)
            (folder / f"a{a:05d}-{lang}.txt").write_text(text, encoding="utf-8")
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

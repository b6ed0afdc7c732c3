"""The built-in cleaner: page furniture out, every sentence of the article kept, offsets exact.

The seed articles are read from content/; the expected furniture of each
seed is listed here, line by line (the plugins must never know it).  The
invented articles under tests/fixtures/furniture/ are furniture-laden pages
of fictional outlets in eleven languages; the clean articles below must come
out unchanged.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, SEED_STORY
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from generator.manager import plugin_manager
from generator.model import Article, Cleaned
from generator.settings import Settings
from plugins import furniture
from plugins.furniture import clean

FIXTURES = Path(__file__).parent / "fixtures" / "furniture"

# Line number -> kind of every line of page furniture in the seed articles.  Every other
# non-blank line is article text and must be kept, character for character.
SEED_FURNITURE: dict[str, dict[int, str]] = {
    "000_7ea345467c2a536d.txt": {6: "section"},
    "001_250e56065d354cb1.txt": {},
    "002_e2dec7abb602d35c.txt": {
        1: "logo",
        3: "title",
        5: "caption",
        6: "duplicate",
        19: "sources",
        21: "sources",
        23: "share",
        24: "logo",
        25: "breadcrumb",
        26: "byline",
    },
    "003_13b21ee1947a12c5.txt": {1: "title"},
    "004_2e8e9df55745284e.txt": {
        1: "title",
        4: "byline",
        5: "caption",
        6: "credit",
        7: "share",
        8: "share",
        18: "read-more",
        20: "caption",
        21: "caption",
        37: "caption",
        38: "caption",
        39: "author-box",
        40: "author-box",
        42: "bio",
        44: "bio",
    },
}

# The same for the invented furniture-laden articles.
FIXTURE_FURNITURE: dict[str, dict[int, str]] = {
    "it_quotidiano.txt": {
        1: "logo",
        2: "breadcrumb",
        3: "section",
        4: "title",
        6: "byline",
        7: "share",
        8: "share",
        11: "caption",
        12: "caption",
        14: "read-more",
        19: "tag",
        20: "author-box",
        21: "bio",
        22: "footer",
    },
    "ru_vestnik.txt": {
        1: "breadcrumb",
        2: "title",
        3: "byline",
        6: "credit",
        8: "read-more",
        9: "read-more",
        10: "read-more",
        12: "share",
        13: "share",
        14: "tag",
    },
    "fr_gazette.txt": {
        1: "breadcrumb",
        2: "logo",
        3: "title",
        4: "byline",
        7: "caption",
        9: "read-more",
        13: "share",
        14: "bio",
        15: "sources",
        16: "sources",
    },
    "de_kurier.txt": {
        1: "breadcrumb",
        2: "logo",
        3: "title",
        4: "byline",
        5: "share",
        8: "credit",
        10: "ad",
        11: "read-more",
        12: "read-more",
        16: "sources",
        17: "section",
    },
    "pt_folha.txt": {
        1: "logo",
        2: "title",
        4: "byline",
        5: "share",
        6: "share",
        9: "caption",
        10: "caption",
        11: "read-more",
        12: "read-more",
        13: "read-more",
        19: "byline",
        20: "author-box",
        21: "author-box",
        22: "bio",
    },
    "en_tribune.txt": {
        1: "logo",
        2: "breadcrumb",
        3: "title",
        4: "byline",
        5: "author-box",
        6: "share",
        7: "share",
        10: "caption",
        11: "caption",
        13: "read-more",
        14: "ad",
        19: "read-more",
        20: "tag",
        21: "bio",
        22: "footer",
    },
    "es_diario.txt": {
        1: "breadcrumb",
        2: "title",
        3: "byline",
        4: "share",
        7: "credit",
        9: "read-more",
        11: "bio",
    },
    "nl_krant.txt": {1: "logo", 2: "title", 3: "byline", 6: "read-more", 8: "share"},
    "pl_kurier.txt": {
        1: "breadcrumb",
        2: "title",
        3: "byline",
        4: "share",
        7: "credit",
        8: "read-more",
        10: "tag",
    },
    "uk_visnyk.txt": {1: "breadcrumb", 2: "title", 3: "byline", 6: "credit", 7: "read-more", 9: "share"},
    "tr_haber.txt": {1: "breadcrumb", 2: "title", 3: "byline", 6: "credit", 7: "read-more", 9: "share"},
}

# Written independently of the plugin: what a kept line looks like in the clean text.
_BULLET = re.compile(r"^\s*(?:[•*\-–]\s+|•)")


def kept_form(line: str) -> str:
    """A body line as the clean text must hold it: stripped, list bullet removed."""
    return _BULLET.sub("", line).strip()


def blocks_of(cleaned: Cleaned) -> list[str]:
    return [cleaned.text[b.start : b.end] for b in cleaned.blocks]


def check_against(body: str, furniture_lines: dict[int, str]) -> Cleaned:
    """Clean ``body`` and check it line by line against the expected furniture."""
    cleaned = clean(body)
    lines = body.split("\n")
    assert {r.line: r.kind for r in cleaned.removed} == furniture_lines
    for removed in cleaned.removed:
        assert removed.text == lines[removed.line - 1].rstrip("\r"), "removed text is the line as it stood"
    expected = [
        kept_form(line) for no, line in enumerate(lines, 1) if line.strip() and no not in furniture_lines
    ]
    # Every article line is kept, whole and unchanged, in order, one block each; nothing else is.
    assert blocks_of(cleaned) == expected
    return cleaned


def seed(name: str) -> str:
    return (SEED_STORY / name).read_text(encoding="utf-8")


# ---------------------------------------------------------------------------
# The seed corpus
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SEED_FURNITURE))
def test_seed_furniture_out_and_every_sentence_kept(name: str) -> None:
    check_against(seed(name), SEED_FURNITURE[name])


def test_seed_list_covers_the_corpus() -> None:
    assert sorted(p.name for p in SEED_STORY.glob("*.txt")) == sorted(SEED_FURNITURE)


@pytest.mark.parametrize("name", sorted(SEED_FURNITURE))
def test_no_furniture_line_left_in_seed_text(name: str) -> None:
    body = seed(name)
    lines = body.split("\n")
    kept = set(blocks_of(clean(body)))
    for no in SEED_FURNITURE[name]:
        assert kept_form(lines[no - 1]) not in kept


def test_seed_sentences_survive_inside_the_clean_text() -> None:
    # Sentence by sentence, not only line by line: split the body lines at sentence ends.
    for name, furniture_lines in SEED_FURNITURE.items():
        body = seed(name)
        text = clean(body).text
        for no, line in enumerate(body.split("\n"), 1):
            if no in furniture_lines:
                continue
            for sentence in re.split(r"(?<=[.!?…])\s+", kept_form(line)):
                assert sentence in text, f"{name}:{no} lost {sentence!r}"


def test_italian_trailing_section_word_removed() -> None:
    cleaned = clean(seed("000_7ea345467c2a536d.txt"))
    assert cleaned.removed[-1].kind == "section"
    assert cleaned.removed[-1].text == "Tecnologia"
    assert not cleaned.text.endswith("Tecnologia")


def test_russian_seed_comes_out_whole() -> None:
    body = seed("001_250e56065d354cb1.txt")
    cleaned = clean(body)
    assert cleaned.removed == ()
    assert cleaned.text == "\n\n".join(line.strip() for line in body.split("\n") if line.strip())


def test_german_title_is_the_first_line() -> None:
    body = seed("003_13b21ee1947a12c5.txt")
    cleaned = clean(body)
    assert cleaned.removed[0].kind == "title"
    assert cleaned.removed[0].text == body.split("\n")[0]


def test_portuguese_blocks_keep_structure() -> None:
    cleaned = clean(seed("004_2e8e9df55745284e.txt"))
    kinds = {cleaned.text[b.start : b.end]: b.kind for b in cleaned.blocks}
    assert kinds["A vantagem dos dados sintéticos"] == "h"
    list_items = [text for text, kind in kinds.items() if kind == "li"]
    assert len(list_items) == 3
    assert all(not item.startswith(("•", " ")) for item in list_items)
    # The standfirst has no final full stop but is article text, not a heading.
    assert next(iter(kinds.values())) == "p"
    assert next(iter(kinds)).startswith("Bilionário alertou")


def test_french_caption_printed_twice_is_one_caption_and_one_duplicate() -> None:
    removed = {r.line: r for r in clean(seed("002_e2dec7abb602d35c.txt")).removed}
    assert removed[5].kind == "caption"
    assert removed[6].kind == "duplicate"
    assert removed[5].text == removed[6].text


# ---------------------------------------------------------------------------
# Invented articles: furniture-laden pages of fictional outlets
# ---------------------------------------------------------------------------


def test_fixture_list_covers_the_folder() -> None:
    assert sorted(p.name for p in FIXTURES.glob("*.txt")) == sorted(FIXTURE_FURNITURE)


@pytest.mark.parametrize("name", sorted(FIXTURE_FURNITURE))
def test_invented_articles(name: str) -> None:
    check_against((FIXTURES / name).read_text(encoding="utf-8"), FIXTURE_FURNITURE[name])


def test_subheadings_kept_as_headings() -> None:
    cases = {
        "de_kurier.txt": "Was Kunden wirklich wollen",  # right after a "Mehr zum Thema" box
        "pt_folha.txt": "O que os alunos aprendem",  # right after a "Leia também" list
        "en_tribune.txt": "What comes next",
        "fr_gazette.txt": "Un chantier de deux ans",
        "it_quotidiano.txt": "Un investimento per il futuro",
    }
    for name, heading in cases.items():
        cleaned = clean((FIXTURES / name).read_text(encoding="utf-8"))
        kinds = {cleaned.text[b.start : b.end]: b.kind for b in cleaned.blocks}
        assert kinds.get(heading) == "h", name


def test_news_about_a_person_is_not_an_author_biography() -> None:
    cleaned = clean((FIXTURES / "en_tribune.txt").read_text(encoding="utf-8"))
    assert "Maria Lopez is a nurse who invested her savings in the project." in cleaned.text


# ---------------------------------------------------------------------------
# Clean articles: nothing to remove, nothing may change
# ---------------------------------------------------------------------------

CLEAN_ARTICLES = {
    "it": """Di recente il consiglio comunale ha approvato il bilancio con 21 voti favorevoli e 9 contrari.
Per il sindaco si tratta di "un passo avanti", mentre l'opposizione parla di conti truccati.
Il 12 gennaio 2025 la giunta presenterà il piano delle opere pubbliche.
Condividere le spese tra i comuni vicini resta, secondo i tecnici, l'unica strada percorribile.""",
    "ru": """В понедельник, 13 января 2025 года, городской совет утвердил новый бюджет.
«Мы долго к этому шли», — сказал председатель совета Пётр Орлов.
Автор проекта, архитектор Мария Белова, получила за него премию в прошлом году.
Поделиться мнением о проекте жители смогут на публичных слушаниях в феврале.""",
    "fr": """Par ailleurs, la région a annoncé une aide de 3 millions d'euros pour les agriculteurs.
Le 14 janvier 2025, le préfet a réuni les maires du département à Valbonne.
Partager les coûts entre communes reste la solution privilégiée par les élus.
« Nous n'avons pas le choix », a résumé la présidente de l'association des maires.""",
    "de": """Von den befragten Unternehmen plant fast die Hälfte neue Investitionen im Inland.
Am 14.01.2025 legte das Ministerium die Zahlen für das vergangene Jahr vor.
Teilen sich mehrere Gemeinden ein Schwimmbad, sinken die Kosten für alle deutlich.
„Das ist ein gutes Signal“, sagte die Sprecherin des Verbandes, Karin Vogt.""",
    "pt": """Por exemplo, o município gastou R$ 2,3 milhões com a reforma das escolas no ano passado.
Em 09/01/2025, a prefeitura publicou o edital da nova licitação.
Compartilhar os custos com o estado foi a saída encontrada pela secretaria.
"Foi uma decisão difícil", disse a secretária de Educação, Joana Prado.""",
    "es": """Por otro lado, el ayuntamiento destinará 4 millones de euros a renovar el alumbrado.
El 14 de enero de 2025 el pleno aprobó la propuesta por unanimidad.
Compartir los gastos con la diputación fue la clave del acuerdo, según el alcalde.
"Es una buena noticia para todos", afirmó la concejala de Hacienda, Lucía Gil.""",
    "en": """By 2030, the city expects to cover half of its electricity needs with local solar power.
Share prices of the utility fell 3% on the news, before recovering in the afternoon.
On January 9, 2025, the council voted 7 to 2 to approve the plan.
"We are ready," said Mayor Tom Reyes. Read more about the plan on the city's website.""",
    "nl": """Door de nieuwe regels moeten gemeenten vanaf volgend jaar meer woningen bouwen.
Op 14 januari 2025 stemde de raad in met het voorstel van het college.
Delen van de kosten met de provincie is volgens de wethouder onvermijdelijk.""",
    "pl": """Według ratusza remont ulicy potrwa do końca czerwca i kosztuje 12 mln zł.
Dnia 14 stycznia 2025 roku radni przyjęli budżet miasta na ten rok.
Udostępnienie danych mieszkańcom ma poprawić przejrzystość decyzji urzędu.""",
    "uk": """За словами мера, ремонт мосту завершать до кінця травня.
Рішення ухвалили 14 січня 2025 року на сесії міської ради.
Поділитися своїми пропозиціями мешканці можуть на сайті громади.""",
    "tr": """Belediye başkanı, yeni parkın yaz aylarında açılacağını söyledi.
Proje için ayrılan bütçe 14 Ocak 2025 tarihinde meclisten geçti.
Paylaşılan verilere göre ziyaretçi sayısı geçen yıl yüzde 12 arttı.""",
}


@pytest.mark.parametrize("lang", sorted(CLEAN_ARTICLES))
def test_clean_articles_come_out_unchanged(lang: str) -> None:
    body = CLEAN_ARTICLES[lang]
    cleaned = clean(body)
    assert cleaned.removed == ()
    assert cleaned.text == body.replace("\n", "\n\n")
    assert all(b.kind == "p" for b in cleaned.blocks)


# ---------------------------------------------------------------------------
# Shapes and edge cases
# ---------------------------------------------------------------------------


def test_empty_and_blank_bodies() -> None:
    assert clean("") == Cleaned(text="", blocks=(), removed=())
    assert clean("\n  \n\t\n") == Cleaned(text="", blocks=(), removed=())


def test_windows_line_endings_do_not_leak_into_text_or_removed() -> None:
    body = "Example Daily Logo\r\nThe council approved the budget on Monday after a long debate.\r\n"
    cleaned = clean(body)
    assert cleaned.text == "The council approved the budget on Monday after a long debate."
    assert cleaned.removed[0].text == "Example Daily Logo"


def test_read_more_with_a_list_of_links() -> None:
    body = """The bridge will open in May after three years of work and many delays.

Read more:
• Why the bridge cost twice the estimate
• Ten photos of the construction site

The mayor said the toll would stay at two euros for residents."""
    cleaned = check_against(body, {3: "read-more", 4: "read-more", 5: "read-more"})
    assert "toll" in cleaned.text


def test_a_lone_subheading_after_read_more_is_kept() -> None:
    body = """The bridge will open in May after three years of work and many delays.

Read more:

What the residents say

Most residents welcome the bridge, a survey by the local council found."""
    cleaned = check_against(body, {3: "read-more"})
    assert cleaned.blocks[1].kind == "h"


def test_alt_text_is_taken_only_when_a_credit_follows() -> None:
    body = """A farmer in a field of sunflowers
A farmer inspects his sunflowers (Image: Jo Ames/Example Agency)
Farmers expect a record harvest this year, the ministry said on Tuesday.
A farmer in a field of sunflowers is a common sight in the region, it added."""
    check_against(body, {1: "caption", 2: "caption"})


def test_photo_credit_shapes_in_several_languages() -> None:
    credits = [
        "(Foto: Mario Rossi/Agenzia)",
        "Foto: Archivio",
        "Фото: пресс-служба",
        "Bildquelle: Archiv",
        "(Source de l'image : Archives)",
        "[Imagem: Reprodução]",
        "Photo by Lee Park on Example",
        "Fot. Anna Nowak",
        "Example Images",
        "Foto Agenzia Esempio",
    ]
    for line in credits:
        body = f"The harvest was the largest in ten years, officials said on Tuesday.\n{line}"
        assert [r.kind for r in clean(body).removed] == ["credit"], line


def test_newsletter_prompt_and_comment_counter() -> None:
    body = """Le Premier ministre a annoncé mardi un plan d'économies de 40 milliards d'euros.
Inscrivez-vous à notre newsletter pour recevoir l'essentiel de l'actualité.
Commentaires
12 commentaires"""
    assert [r.kind for r in clean(body).removed] == ["newsletter", "navigation", "navigation"]


def test_subheadings_with_picture_or_credit_words_are_kept() -> None:
    body = """Households borrowed more in December than in any month of the year.
Consumer Credit
Credit card balances grew by 4%, the central bank said on Friday.
The Big Picture
Borrowing is still below its level before the pandemic, economists said."""
    cleaned = clean(body)
    assert cleaned.removed == ()
    assert [b.kind for b in cleaned.blocks] == ["p", "h", "p", "h", "p"]


def test_breadcrumbs_and_not_quotes() -> None:
    assert [r.kind for r in clean("Home › News › World\nThe summit ended without a deal.").removed] == [
        "breadcrumb"
    ]
    quote = "Il a dit : « Nous verrons » puis il est parti » sans un mot."
    assert clean(quote).removed == ()


def test_dialogue_dash_is_not_a_list_bullet() -> None:
    body = (
        "Burmistrz odpowiedział krótko na pytania dziennikarzy.\n– Nie wiem – powiedział. – Zobaczymy jutro."
    )
    cleaned = clean(body)
    assert blocks_of(cleaned)[1] == "– Nie wiem – powiedział. – Zobaczymy jutro."
    assert cleaned.blocks[1].kind == "p"


def test_a_bare_preposition_line_is_an_author_box_only_beside_the_author() -> None:
    subheading = """The town opened a new business centre on Monday after two years of work.
For Small Businesses
Rents start at 200 euros a month for the first year, the council said."""
    cleaned = clean(subheading)
    assert cleaned.removed == ()
    assert cleaned.blocks[1].kind == "h"
    author = """Der Stadtrat hat am Montag den neuen Haushalt beschlossen.
Von Eva Braun
für Die Abendpost"""
    assert [r.kind for r in clean(author).removed] == ["byline", "author-box"]


def test_title_case_headline_above_a_date_is_a_title_not_an_author() -> None:
    body = "Council Approves Budget\nJanuary 9, 2025\nThe council approved the budget on Monday."
    assert [(r.line, r.kind) for r in clean(body).removed] == [(1, "title"), (2, "byline")]
    body = "Council approves the budget after a long night\nJane Doe\nJanuary 9, 2025\nThe council met on Monday."
    assert [(r.line, r.kind) for r in clean(body).removed] == [(1, "title"), (2, "author-box"), (3, "byline")]


def test_numbered_lists_keep_their_numbers() -> None:
    body = """The plan has three parts, the minister said on Monday.
1. New schools in the north.
2. More teachers in rural areas.
3. Free meals for every pupil."""
    cleaned = clean(body)
    assert cleaned.removed == ()
    assert [b.kind for b in cleaned.blocks] == ["p", "li", "li", "li"]
    assert blocks_of(cleaned)[1] == "1. New schools in the north."


def test_dash_bullets_are_stripped() -> None:
    body = "Three towns joined the scheme this year:\n- Ashford and its villages\n– Brockley"
    assert blocks_of(clean(body)) == [
        "Three towns joined the scheme this year:",
        "Ashford and its villages",
        "Brockley",
    ]


def test_hard_wrapped_paragraph_is_one_block_with_its_line_break_kept() -> None:
    body = """The council approved the new budget on Monday after a debate that
lasted more than six hours and ended with a narrow vote.

The opposition said it would appeal."""
    cleaned = clean(body)
    assert cleaned.removed == ()
    assert len(cleaned.blocks) == 2
    assert blocks_of(cleaned)[0] == body.split("\n\n")[0]


def test_a_final_paragraph_about_a_journalist_is_news_without_an_author_box() -> None:
    body = """The court will rule on the case next month, the prosecutor said.
Mark Rowe is a journalist who was detained for two weeks after covering the protests."""
    assert clean(body).removed == ()


def test_headline_question_is_a_title() -> None:
    body = "Can the town afford a new pool?\nThe council will vote on the project on Thursday evening."
    assert [r.kind for r in clean(body).removed] == ["title"]


def test_first_line_sentence_is_not_a_title() -> None:
    body = "The council met on Monday.\nIt approved the budget after a long debate."
    assert clean(body).removed == ()


def test_kicker_above_the_headline_is_a_section() -> None:
    body = "Politics\nCouncil approves budget after long debate\nThe council approved the budget on Monday."
    assert [(r.line, r.kind) for r in clean(body).removed] == [(1, "section"), (2, "title")]


def test_lone_words_at_the_end_are_kept_when_they_are_not_name_or_section_shaped() -> None:
    body = "The council approved the budget on Monday after a long debate.\nstay tuned"
    assert clean(body).removed == ()


# Words that furniture is made of, mixed into long sentences by the property test below.
FURNITURE_WORDS = [
    "the",
    "council",
    "by",
    "share",
    "logo",
    "photo",
    "read",
    "more",
    "source",
    "tags",
    "de",
    "por",
    "von",
    "di",
    "par",
    "Foto:",
    "(Image:",
    "January",
    "2025",
    "09/01/2025",
    "said",
    "new",
    "report",
    "image",
    "credit",
    "home",
    "news",
    "and",
    "Jane",
    "Doe",
    "is",
    "a",
    "journalist",
]


def test_a_short_list_ending_the_article_is_kept() -> None:
    body = "The recipe needs only four things, the baker said.\nFlour\nSugar\nEggs\nButter\nTechnology"
    cleaned = clean(body)
    assert [(r.line, r.kind) for r in cleaned.removed] == [(6, "section")]
    assert blocks_of(cleaned)[1:] == ["Flour", "Sugar", "Eggs", "Butter"]


@hypothesis_settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(
            st.sampled_from(FURNITURE_WORDS),
            min_size=16,
            max_size=40,
        ),
        min_size=1,
        max_size=8,
        unique_by=tuple,
    )
)
def test_long_sentences_are_never_removed(paragraphs: list[list[str]]) -> None:
    # However many furniture words a long sentence holds, it stays.
    lines = ["Then " + " ".join(words) + "." for words in paragraphs]
    cleaned = clean("\n".join(lines))
    assert cleaned.removed == ()
    assert blocks_of(cleaned) == lines


@pytest.mark.parametrize("name", sorted(SEED_FURNITURE))
def test_blocks_point_into_the_text(name: str) -> None:
    cleaned = clean(seed(name))
    assert "\n\n".join(blocks_of(cleaned)) == cleaned.text
    for block in cleaned.blocks:
        piece = cleaned.text[block.start : block.end]
        assert piece == piece.strip() and piece
        assert block.kind in ("p", "h", "li")


# ---------------------------------------------------------------------------
# The plugin as the host sees it; speed; no story knowledge
# ---------------------------------------------------------------------------


def test_hook_through_the_plugin_manager(tmp_path: Path) -> None:
    pm = plugin_manager(entry_points=False)
    article = Article(
        id="x", story="s", source="s/x.txt", format="txt", body=seed("003_13b21ee1947a12c5.txt")
    )
    settings_ = Settings(content_dir=tmp_path, build_dir=tmp_path / "build")
    result = pm.hook.parallax_clean(article=article, settings=settings_)
    assert result == furniture.clean(article.body)


STORY_TOKENS = (
    "Musk",
    "Маск",
    "Palmyra",
    "Sutskever",
    "Gartner",
    "Notebookcheck",
    "Olhar",
    "Stagwell",
    "xAI",
    "Grok",
    "Tesla",
    "Criscuolo",
    "Capozzi",
    "Nathan Ali",
    "Shutterstock",
    "Cásper",
    "Dall-E",
)


@pytest.mark.parametrize("module", ["furniture.py", "metadata.py", "lexicon.py"])
def test_plugins_know_no_story(module: str) -> None:
    source = (ROOT / "plugins" / module).read_text(encoding="utf-8")
    for token in STORY_TOKENS:
        assert token not in source, f"plugins/{module} mentions {token!r}"

"""A hostile corpus, written into a content folder by the tests: broken files and injections.

Small crafted articles live beside this module in ``articles/`` (readable and
reviewable as they are); everything whose bytes or name matter (legacy
encodings, binary data, big files, NUL bytes, file names with shell and HTML
metacharacters) is generated here rather than committed.

``write_corpus`` returns what the tests check: for every file that must be
refused or warned about, the words its message must contain; for every
article that must build, its expected id; and the markers that would appear
if any payload ran (``MARKER`` files, ``ALERT`` strings, evaluated Jinja).
"""

from __future__ import annotations

import codecs
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "articles"

# The byte limit the hostile project's mkdocs.yml sets (max_file_size).
MAX_FILE_SIZE = 1_500_000
# A payload that ran would create a file of this name (in the working folder or the marker folder).
MARKER = "px-pwned"
# Every script payload calls alert() with a string that starts with this.
ALERT = "px-xss"
# Jinja payloads: "{{ 7*191 }}" must show literally, and nothing may print
JINJA_RAN = "PXJINJARAN"  # what the Jinja payloads print if evaluated: {{ 'PXJIN' ~ 'JARAN' }}
# A file outside the content folder holds this; no page may show it.
SECRET = "PX-SECRET-OUTSIDE-CONTENT"

ENGLISH = (
    "The harbour of the city reopened on Monday, two days after the storm had closed it.\n\n"
    "Officials said that fourteen boats were damaged and that the repairs would take a month.\n\n"
    "The harbour master thanked the volunteers who had worked through the night to clear the quays.\n"
)
FRENCH = (
    "Le port de la ville a rouvert lundi, deux jours après la tempête qui l'avait fermé.\n\n"
    "Les autorités ont déclaré que quatorze bateaux avaient été endommagés et que les réparations "
    "prendraient un mois. Les bénévoles ont travaillé toute la nuit pour dégager les quais.\n"
)
RUSSIAN = (
    "Порт города вновь открылся в понедельник, через два дня после того, как его закрыл шторм.\n\n"
    "Власти сообщили, что четырнадцать лодок были повреждены, а ремонт займёт месяц. "
    "Добровольцы работали всю ночь, чтобы расчистить причалы.\n"
)
ARABIC = (
    "أعيد فتح ميناء المدينة يوم الاثنين، بعد يومين من العاصفة التي أغلقته.\n\n"
    "وقال المسؤولون إن أربعة عشر قاربا تضررت وإن الإصلاحات ستستغرق شهرا كاملا. "
    "وعمل المتطوعون طوال الليل لتنظيف الأرصفة.\n"
)
HEBREW = (
    "נמל העיר נפתח מחדש ביום שני, יומיים אחרי הסערה שסגרה אותו.\n\n"
    "הרשויות אמרו כי ארבע עשרה סירות ניזוקו וכי התיקונים יימשכו חודש. "
    "מתנדבים עבדו כל הלילה כדי לפנות את הרציפים.\n"
)


@dataclass
class Expected:
    """What the build must do with the hostile corpus."""

    # rel path -> words the message naming that path must contain (a refused or warned-about file)
    problems: dict[str, list[str]] = field(default_factory=dict)
    # rel path -> the id of an article that must build (None: any safe id); its page must exist
    articles: dict[str, str | None] = field(default_factory=dict)
    # article id -> the direction its text must have ("rtl")
    rtl: set[str] = field(default_factory=set)
    # rel paths that must be refused: no article page for them
    refused: set[str] = field(default_factory=set)
    # story folders -> expected story ids (None: any safe id)
    stories: dict[str, str | None] = field(default_factory=dict)
    # text that must show literally on some page (Jinja, snippets, Markdown syntax)
    literal: list[str] = field(default_factory=list)


def _write(folder: Path, name: str, data: str | bytes) -> str:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path.relative_to(folder.parent).as_posix()


def write_corpus(content: Path, marker_dir: Path) -> Expected:
    """Write the hostile corpus into ``content``; payloads that ran would touch ``marker_dir/MARKER``."""
    expected = Expected()
    marker = marker_dir / MARKER

    # ---- a good story, so that there is something to compare with ----------------
    good = content / "good"
    _write(good, "story.yml", "title:\n  en: A good story\n  it: Una bella storia\n")
    expected.articles[_write(good, "gazette.txt", ENGLISH)] = "gazette"
    expected.articles[_write(good, "journal.md", "---\ntitle: Le port rouvre\nlang: fr\n---\n" + FRENCH)] = (
        "journal"
    )
    expected.stories["good"] = "good"

    # ---- broken files --------------------------------------------------------------
    broken = content / "broken"
    _write(broken, "story.yml", "title: Broken files\n")
    expected.stories["broken"] = "broken"

    def refuse(name: str, data: str | bytes, *words: str) -> None:
        rel = _write(broken, name, data)
        expected.problems[rel] = list(words)
        expected.refused.add(rel)

    def build(name: str, data: str | bytes, article_id: str | None, *warning: str) -> None:
        rel = _write(broken, name, data)
        expected.articles[rel] = article_id
        if warning:
            expected.problems[rel] = list(warning)

    # Encodings: legacy ones are detected, not guessed; UTF-16 with a mark is fine.
    build("cp1251.txt", RUSSIAN.encode("cp1251"), "cp1251")
    build("cp1252.txt", FRENCH.encode("cp1252"), "cp1252")
    build("utf16-bom.txt", codecs.BOM_UTF16_LE + ENGLISH.encode("utf-16-le"), "utf16-bom")
    build(
        "utf16-be-bom.md",
        codecs.BOM_UTF16_BE + ("---\ntitle: BE\n---\n" + ENGLISH).encode("utf-16-be"),
        "utf16-be-bom",
    )
    refuse("utf16-no-bom.txt", ENGLISH.encode("utf-16-le"), "NUL")
    refuse("invalid-utf8.txt", b"Caf\xc3 \xff\xfe\x80 ok \xed\xa0\x80" * 3, "not UTF-8")
    refuse(
        "truncated-utf8.md", ENGLISH.encode("utf-8")[:-1] + "é".encode()[:1] + b"\x80\x80\xc0", "not UTF-8"
    )
    refuse("bad-bom.txt", codecs.BOM_UTF8 + b"text \xff\xfe broken", "byte-order mark")
    refuse("empty.txt", b"", "empty")
    refuse("blank.md", b" \n\t\n  \r\n", "empty")
    refuse("only-front-matter.md", "---\ntitle: Nothing else\n---\n", "no article text")
    # Binary data under a text name, made here rather than committed.
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
    refuse("image.txt", png, "binary")
    refuse("nul-bytes.txt", ENGLISH.encode().replace(b" ", b"\x00", 3), "NUL")
    refuse("controls.md", "".join(chr(c) for c in range(1, 9)) * 200 + "x", "binary")
    # A file no reader takes is named, not silently dropped.
    refuse("photo.png", png, "no reader")
    # Too large: over the configured max_file_size.
    refuse("huge.txt", ("All work and no play. " * (MAX_FILE_SIZE // 22 + 100)), "limit")
    # A megabyte-long line under the limit still builds.
    build("long-line.txt", "The harbour reopened " + "and the boats came back " * 45_000 + ".\n", "long-line")

    # Front matter: broken, malicious, wrongly typed.
    refuse("broken-yaml.md", "---\ntitle: [unclosed\nauthor: x\n---\nText of the article.\n", "broken YAML")
    refuse("unclosed.md", "---\ntitle: Never closed\n\nText of the article.\n", "never closed")
    refuse(
        "python-tag.md",
        f"---\ntitle: !!python/object/apply:os.system ['touch {marker}']\n---\nText of the article.\n",
        "broken YAML",
    )
    refuse(
        "python-new.md",
        f"---\nx: !!python/object/new:subprocess.Popen [['touch', '{marker}']]\n---\nText of the article.\n",
        "broken YAML",
    )
    refuse(
        "ruby-tag.md",
        "---\ntitle: !ruby/object:Gem::Installer\n  i: x\n---\nText of the article.\n",
        "broken YAML",
    )
    refuse(
        "java-tag.md",
        "---\ntitle: !!javax.script.ScriptEngineManager [x]\n---\nText of the article.\n",
        "broken YAML",
    )
    refuse(
        "php-tag.md",
        '---\ntitle: !php/object "O:8:stdClass:0:{}"\n---\nText of the article.\n',
        "broken YAML",
    )
    bomb = "".join(
        f"{chr(97 + i)}: &{chr(97 + i)} [{', '.join([f'*{chr(96 + i)}'] * 9) if i else ', '.join(['lol'] * 9)}]\n"
        for i in range(9)
    )
    refuse("alias-bomb.md", f"---\n{bomb}author: *i\n---\nText of the article.\n", "author")
    build("alias-bomb-ignored.md", f"---\n{bomb}tags: *i\n---\n{ENGLISH}", "alias-bomb-ignored")
    refuse("deep-nesting.md", "---\nx: " + "[" * 5000 + "]" * 5000 + "\n---\nText of the article.\n", "YAML")
    refuse("not-a-mapping.md", "---\n- a\n- b\n---\nText of the article.\n", "mapping")
    refuse("bad-month.md", "---\npublished: 2025-13-45\n---\nText of the article.\n", "published")
    refuse("bad-date-text.md", "---\npublished: next Tuesday\n---\nText of the article.\n", "not a date")
    refuse("list-title.md", "---\ntitle: [a, b]\n---\nText of the article.\n", "title")
    # A date in the future is kept as stated, with a warning (checked by its own test).
    build(
        "future.md", f"---\ntitle: From the future\npublished: 2999-01-01\nlang: en\n---\n{ENGLISH}", "future"
    )
    # No language anyone can determine.
    build("no-language.txt", "1234 5678 — 42 % … 2025\n\n+++ ### 99\n", "no-language", "language")

    # A title far longer than any headline: shown clipped, kept whole in report.json.
    build("long-title.md", f"---\ntitle: {'Harbour ' * 7000}\n---\n{ENGLISH}", "long-title")

    # Right-to-left scripts.
    build("arabic.txt", ARABIC, "arabic")
    build("hebrew.md", f"---\ntitle: נמל העיר נפתח מחדש\n---\n{HEBREW}", "hebrew")
    expected.rtl |= {"arabic", "hebrew"}

    # Duplicate and dangerous ids.
    build("dup-a.md", f"---\nid: same\n---\n{ENGLISH}", "same")
    build("dup-b.md", f"---\nid: same\n---\n{ENGLISH}", "same-2", "same")
    build("case-a.md", f"---\nid: Casey\n---\n{ENGLISH}", "casey")
    build("case-b.md", f"---\nid: CASEY\n---\n{ENGLISH}", "casey-2", "casey")
    build("escape.md", f"---\nid: ../../../escape\n---\n{ENGLISH}", "escape")
    build("index-id.md", f"---\nid: index\n---\n{ENGLISH}", "index")
    build("assets-id.md", f"---\nid: assets\n---\n{ENGLISH}", "assets")
    build("long-id.md", f"---\nid: {'x' * 3000}\n---\n{ENGLISH}", None)
    build("windows-id.md", f"---\nid: '..\\..\\CON'\n---\n{ENGLISH}", "con")

    # File names with spaces, unicode, shell and HTML metacharacters.
    names = {
        "with spaces in it.txt": "with-spaces-in-it",
        "ünïcødé-名前.txt": None,  # some safe id
        f"$(touch {MARKER}).txt": "touch-px-pwned",
        f"`touch {MARKER}`;x.txt": "touch-px-pwned-x",
        "<img src=x onerror=alert('px-xss-name')>.txt": "img-src-x-onerror-alert-px-xss-name",
        "a\"b'c&d|e>f.txt": "a-b-c-d-e-f",
        "-rf --help.txt": "rf-help",
    }
    for name, article_id in names.items():
        rel = _write(broken, name, ENGLISH)
        expected.articles[rel] = article_id
    # Names that would act rather than show (a newline or an ANSI escape would forge log
    # lines, a bidi override reorders them, bytes that are not UTF-8 cannot be written out):
    # the article builds, its name is shown with escapes and reported.
    for raw, shown in {
        "new\nline.txt": "new\\nline.txt",
        "\x1b[31mred\x1b[0m.txt": "\\x1b[31mred\\x1b[0m.txt",
        "evil\u202etxt.exe.txt": "evil\\u202etxt.exe.txt",
        os.fsdecode(b"bad\xff\xfename.txt"): "bad\\xff\\xfename.txt",
    }.items():
        _write(broken, raw, ENGLISH)
        expected.articles[f"broken/{shown}"] = None
        expected.problems[f"broken/{shown}"] = ["cannot be shown"]

    # Nothing outside the content folder is read: not through a link to a file, nor
    # through a linked story folder; a FIFO would block a reader forever.
    secret = marker_dir / "secret.txt"
    secret.write_text(f"{SECRET} {ENGLISH}", encoding="utf-8")
    os.symlink(secret, broken / "link-to-secret.txt")
    expected.problems["broken/link-to-secret.txt"] = ["symbolic link"]
    expected.refused.add("broken/link-to-secret.txt")
    os.symlink(marker_dir, content / "linked-story", target_is_directory=True)
    expected.problems["linked-story"] = ["symbolic link"]
    os.mkfifo(broken / "fifo.txt")
    expected.problems["broken/fifo.txt"] = ["not a regular file"]
    expected.refused.add("broken/fifo.txt")

    # ---- injections: every payload must show as text and run nowhere ----------------
    inject = content / "inject"
    expected.stories["inject"] = "inject"
    inject.mkdir(parents=True, exist_ok=True)
    shutil.copy(ARTICLES / "story.yml", inject / "story.yml")
    for article in (
        sorted(ARTICLES.glob("*.md")) + sorted(ARTICLES.glob("*.html")) + sorted(ARTICLES.glob("*.txt"))
    ):
        rel = _write(inject, article.name, article.read_bytes())
        expected.articles[rel] = article.stem
    # Python-Markdown's own placeholders: STX/ETX around a stash index.
    rel = _write(inject, "stash.txt", f"{ENGLISH}\nA \x02wzxhzdk:0\x03 stash marker and \x02klzzwxh:1\x03.\n")
    expected.articles[rel] = "stash"
    expected.literal += ["{{ 7*191 }}", "--8<--", "{: onclick"]

    # ---- hostile stories: a story file that is broken, hostile, huge --------------
    story_broken = content / "story-broken"
    _write(story_broken, "story.yml", "title: {en: [unclosed\n")
    expected.articles[_write(story_broken, "a.txt", ENGLISH)] = "a"
    expected.problems["story-broken/story.yml"] = ["story file"]
    expected.stories["story-broken"] = "story-broken"

    story_evil = content / "story-evil"
    _write(story_evil, "story.yml", f"title: !!python/object/apply:os.system ['touch {marker}']\n")
    expected.articles[_write(story_evil, "b.txt", ENGLISH)] = "b"
    expected.problems["story-evil/story.yml"] = ["story file"]
    expected.stories["story-evil"] = "story-evil"

    story_bomb = content / "story-bomb"
    _write(story_bomb, "story.yml", f"{bomb}title: *i\n")
    expected.articles[_write(story_bomb, "c.txt", ENGLISH)] = "c"
    expected.problems["story-bomb/story.yml"] = ["title"]
    expected.stories["story-bomb"] = "story-bomb"

    story_binary = content / "story-binary"
    _write(story_binary, "story.yml", png)
    expected.articles[_write(story_binary, "d.txt", ENGLISH)] = "d"
    expected.problems["story-binary/story.yml"] = ["story file"]
    expected.stories["story-binary"] = "story-binary"

    story_huge = content / "story-huge"
    _write(story_huge, "story.yml", "title: Huge\n# " + "x" * MAX_FILE_SIZE + "\n")
    expected.articles[_write(story_huge, "e.txt", ENGLISH)] = "e"
    expected.problems["story-huge/story.yml"] = ["limit"]
    expected.stories["story-huge"] = "story-huge"

    # A story title of 100,000 characters would stand in the menu of every page.
    story_long = content / "story-long"
    _write(story_long, "story.yml", "title: " + "Harbour " * 12_500 + "\n")
    expected.articles[_write(story_long, "g.txt", ENGLISH)] = "g"
    expected.stories["story-long"] = "story-long"

    # A folder name that is itself a payload becomes the story's title when there is no story file.
    folder = "<svg onload=alert('px-xss-folder')> {{ 7*191 }}"
    expected.articles[_write(content / folder, "f.txt", ENGLISH)] = "f"
    expected.stories[folder] = None  # some safe id
    return expected

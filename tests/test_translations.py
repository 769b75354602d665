"""The English switch is complete: every string the templates and Python mark for translation has an
English entry in the catalogue."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

SRC = Path(__file__).resolve().parents[1] / "src" / "zhiyuan"
TEMPLATE_STRINGS = re.compile(
    r"""{%\s*translate\s+"([^"]+)"|{%\s*blocktranslate[^%]*%}(.*?){%\s*endblocktranslate""", re.S
)
PYTHON_STRINGS = re.compile(r"""\b_\(\s*"([^"]+)"\s*\)""")


def catalogue() -> dict[str, str]:
    with (SRC / "locale" / "en" / "LC_MESSAGES" / "django.po").open("rb") as f:
        return {m.id: m.string for m in read_po(f) if m.id}


def marked() -> set[str]:
    found: set[str] = set()
    for path in SRC.rglob("*.html"):
        for simple, block in TEMPLATE_STRINGS.findall(path.read_text(encoding="utf-8")):
            text = simple or re.sub(r"{{\s*(\w+)\s*}}", r"%(\1)s", block)
            found.add(text)
    for path in SRC.rglob("*.py"):
        if "migrations" not in path.parts:
            found |= set(PYTHON_STRINGS.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_marked_string_has_an_english_translation() -> None:
    entries = catalogue()
    missing = sorted(s for s in marked() if not entries.get(s))
    assert missing == [], f"add to locale/en/LC_MESSAGES/django.po: {missing}"


def test_no_string_is_in_a_catalogue_twice() -> None:
    """Branches append to the catalogues and git keeps both sides (.gitattributes: merge=union); a string
    entered twice would compile to whichever came last, so the duplicate must be folded by hand."""
    for path in (SRC / "locale").glob("*/LC_MESSAGES/django.po"):
        ids = re.findall(r'^msgid "(.+)"$', path.read_text(encoding="utf-8"), re.M)
        twice = sorted({i for i in ids if ids.count(i) > 1})
        assert twice == [], f"{path.relative_to(SRC)}: {twice}"

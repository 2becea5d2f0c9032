"""The deck's and the deal review's own words go through gettext, each a whole sentence a translation can reorder.

The pseudo-language catalog here is made from the sources (not the committed template), so the test checks the
code as it stands: every title, overline, tracker, speaker note, coaching line, table column and key-figure label
the deck sections write is a message.
"""

from __future__ import annotations

import gettext
import io
import textwrap
from pathlib import Path

import pytest
import yaml

from qbrgen import i18n
from qbrgen.sections.assemble import build_deck
from qbrgen.sections.document import Metrics, Table

from .conftest import AS_OF, example_accounts

# parts made outside the deck sections (the rehearsal divider comes from assemble.py)
OTHERS = {"rehearsal"}
# tables whose columns the deck sections write (the outcomes and options tables come from base.py, the
# deal review's stakeholder, risk and whitespace tables from the plan)
OWN_TABLES = {"agenda", "alignment", "since", "success-plan", "internal-timeline"}


@pytest.fixture(scope="module")
def pseudo():
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    from qbrgen.build.catalogs import template_catalog

    catalog = Catalog(locale="en")
    for message in template_catalog():
        if not message.id:
            continue
        if isinstance(message.id, (list, tuple)):
            catalog.add(message.id, [i18n.pseudo_text(m) for m in message.id], context=message.context)
        else:
            catalog.add(message.id, i18n.pseudo_text(message.id), context=message.context)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    translations = gettext.GNUTranslations(buffer)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(i18n, "_pseudo", lambda: translations)
        yield


def _data_strings(path: Path) -> set[str]:
    found: set[str] = set()

    def walk(node) -> None:
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif node is not None:
            found.add(str(node))

    walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return found


def _decks(audience):
    from qbrgen.build.pipeline import load_one

    for path in example_accounts():
        info = load_one(path)
        with i18n.language(i18n.PSEUDO):
            yield path, build_deck(info, AS_OF, audience)


@pytest.mark.parametrize("audience", ["customer", "internal"])
def test_every_sentence_of_the_deck_sections_is_a_message(pseudo, audience):
    left = []
    for path, deck in _decks(audience):
        data = _data_strings(path)
        for part in deck.parts:
            if part.id in OTHERS:
                continue
            notes = part.notes.split("\n\nTime: ")[0]  # the time note is added by assemble.py
            texts = [part.title, part.overline, notes, part.coaching, *part.tracker]
            if part.layout != "content":
                texts.append(part.subtitle)
            for block in part.blocks:
                if isinstance(block, Metrics):
                    texts += [m.label for m in block.items if m.label not in data]
                if isinstance(block, Table) and part.id.split("-continued")[0] in OWN_TABLES:
                    texts += block.columns
            left += [f"{path.stem} {part.id}: {t!r}" for t in texts if t and not t.startswith("[")]
    assert not left, "\n".join(left)


def test_the_agenda_names_its_blocks_in_the_document_language(pseudo):
    for path, deck in _decks("customer"):
        agenda = next(p for p in deck.parts if p.id == "agenda")
        table = agenda.blocks[0]
        assert all(cell.startswith("[") for row in table.rows for cell in row[1:]), path
        assert i18n.pseudo_text("value") in agenda.title, path  # the block's short name, not its heading lowered


def _po(path: Path, entries: str) -> Path:
    path.write_text(textwrap.dedent('''\
        msgid ""
        msgstr ""
        "Content-Type: text/plain; charset=UTF-8\\n"
        "Language: de\\n"
        "Plural-Forms: nplurals=2; plural=(n != 1);\\n"

        ''') + textwrap.dedent(entries), encoding="utf-8")
    return path


def test_a_translation_reorders_whole_titles(tmp_path):
    from qbrgen.build.pipeline import load_one

    po = _po(tmp_path / "de.po", '''\
        msgctxt "number word, start of a title"
        msgid "Two"
        msgstr "Zwei"

        msgid "{count} shared goal, the next due {date}"
        msgid_plural "{count} shared goals, the next due {date}"
        msgstr[0] "Am {date} ist das nächste von {count} gemeinsamen Zielen fällig"
        msgstr[1] "Am {date} ist das nächste von {count} gemeinsamen Zielen fällig"

        msgid "{count} roadmap item serves your priorities, the first in {quarter}"
        msgid_plural "{count} roadmap items serve your priorities, the first in {quarter}"
        msgstr[0] "Ab {quarter}: {count} Vorhaben für Ihre Prioritäten"
        msgstr[1] "Ab {quarter}: {count} Vorhaben für Ihre Prioritäten"

        msgid "Our {count} minute: {blocks}"
        msgid_plural "Our {count} minutes: {blocks}"
        msgstr[0] "{blocks}: unsere {count} Minute"
        msgstr[1] "{blocks}: unsere {count} Minuten"

        msgid "{items}, then {last}"
        msgstr "{items} und zum Schluss {last}"

        msgid "{items}, {item}"
        msgstr "{items}; {item}"

        msgid "value"
        msgstr "Wert"
        ''')
    info = load_one(next(p for p in example_accounts() if p.stem == "northwind-logistics"))
    english = {p.id: p.title for p in build_deck(info, AS_OF).parts}
    assert english["success-plan"].startswith("Two shared goals, the next due ")
    with i18n.language("de", (po,)):
        german = {p.id: p.title for p in build_deck(info, AS_OF).parts}
    assert english["success-plan"] == "Two shared goals, the next due Jan 8, 2027"
    # the date is written in the document's language too (a German document of a US account)
    assert german["success-plan"] == "Am 08.01.2027 ist das nächste von Zwei gemeinsamen Zielen fällig"
    assert english["roadmap"].endswith(" the first in Q1\u00a02027")
    # the team's sentence, with the quarter as the German catalog writes it
    assert german["roadmap"] == "Ab 1.\u00a0Quartal\u00a02027: Zwei Vorhaben für Ihre Prioritäten"
    # the team's list pattern and its own word for "value"; the other blocks from the shipped catalog
    assert german["agenda"] == ("Wert; Ihre Prioritäten; Roadmap und zum Schluss Plan und Verlängerung: "
                                "unsere 60 Minuten")

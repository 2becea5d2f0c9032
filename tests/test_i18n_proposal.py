"""The renewal proposal, the renewal notice, the recap e-mail and its calendar in the pseudo-language: every
sentence, heading, label and column they print goes through gettext, so none is left in English.

The pseudo catalog is made from the sources as they are (not the committed template), so a sentence added
without marking is caught here before the catalogs are regenerated."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from qbrgen import i18n
from qbrgen.analysis.context import context
from qbrgen.build.pipeline import load_one
from qbrgen.sections.assemble import build_notice, build_proposal
from qbrgen.sections.document import _strings
from qbrgen.sections.notice import tech_touch
from qbrgen.sections.recap import build_recap, customer_calendar
from tests.language_helpers import data_words

EXAMPLES = Path(__file__).parent.parent / "examples"
ACCOUNTS = sorted((EXAMPLES / "accounts").glob("*.yaml"))
AS_OF = dt.date(2026, 12, 6)
WORD = re.compile(r"[A-Za-z]{3,}")
BRACKETED = re.compile(r"\[[^\[\]]*\]")


@pytest.fixture(scope="module")
def pseudo():
    """Return (the pseudo catalog of the current sources, the English words of its messages)."""
    import gettext
    import io

    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    from qbrgen.build.catalogs import template_catalog

    catalog, words = Catalog(locale="en"), set()
    for message in template_catalog():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
        for text in ids:
            words.update(w.lower() for w in WORD.findall(re.sub(r"\{[^{}]*\}", " ", text)))
        string = [i18n.pseudo_text(m) for m in ids] if len(ids) > 1 else i18n.pseudo_text(ids[0])
        catalog.add(message.id, string, context=message.context)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer), words


def _english_left(lines, vocabulary, allowed) -> list[str]:
    left = []
    for line in lines:
        text = line
        while BRACKETED.search(text):  # messages nest: "[Ĥéļļö [Ànnà àñđ Ɓén],]"
            text = BRACKETED.sub(" ", text)
        hits = [w for w in WORD.findall(text) if w.lower() in vocabulary and w.lower() not in allowed]
        if hits:
            left.append(f"{hits}: {line[:120]}")
    return left


def _lines(document) -> list[str]:
    lines = [document.title, document.subtitle or ""]
    for part in document.parts:
        lines += _strings(part)
    return [line for line in lines if line]


@pytest.mark.parametrize("path", ACCOUNTS, ids=lambda p: p.stem)
def test_customer_documents_in_the_pseudo_language_leave_no_english(path, pseudo, monkeypatch):
    translations, vocabulary = pseudo
    monkeypatch.setattr(i18n, "_pseudo", lambda: translations)
    info = load_one(path)
    allowed = data_words(path, EXAMPLES / "qbrgen.yaml")
    allowed |= {"dec", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov"}  # fmt's dates
    with i18n.language(i18n.PSEUDO):
        ctx = context(info.model, info.workspace.model, AS_OF, "customer")
        proposal = build_proposal(ctx)
        lines = _lines(proposal)
        if tech_touch(ctx):
            lines += _lines(build_notice(ctx))
        lines += _lines(build_recap(ctx))
        calendar = customer_calendar(ctx)
        lines += [calendar.name] + [x for e in calendar.events for x in (e.summary, e.description, e.category)]
    assert "[" in proposal.title  # the pseudo-language is in force
    assert _english_left(lines, vocabulary, allowed) == []


def test_acceptance_sentence_and_signature_labels_are_translated(pseudo, monkeypatch):
    """The legal acceptance sentence is one message with the customer's name inside it, and the signature
    block's field labels are in the document's language."""
    translations, _vocabulary = pseudo
    monkeypatch.setattr(i18n, "_pseudo", lambda: translations)
    info = load_one(EXAMPLES / "accounts" / "meridian-health.yaml")
    with i18n.language(i18n.PSEUDO):
        proposal = build_proposal(context(info.model, info.workspace.model, AS_OF, "customer"))
    acceptance = next(p for p in proposal.parts if p.id == "acceptance")
    sentence = acceptance.blocks[0].text
    assert sentence.startswith("[Ɓý šîĝñîñĝ, Meridian Health Partners àççéþţš")
    signature = next(b for b in acceptance.blocks if b.kind == "signature")
    assert signature.fields == tuple(i18n.pseudo_text(f) for f in ("Name", "Title", "Signature", "Date"))


def test_english_proposal_words_are_unchanged():
    """Outside a language block the sentences read as they always did."""
    info = load_one(EXAMPLES / "accounts" / "meridian-health.yaml")
    proposal = build_proposal(context(info.model, info.workspace.model, AS_OF, "customer"))
    acceptance = next(p for p in proposal.parts if p.id == "acceptance")
    assert acceptance.title == "Acceptance"
    assert acceptance.blocks[0].text.startswith("By signing, Meridian Health Partners accepts ")


def test_the_recap_greets_people_by_name_not_by_title():
    from qbrgen.sections.recap import _first_name

    assert _first_name("Dr. Sabine Krüger") == "Sabine"
    assert _first_name("Prof. Dr. Hans Meier") == "Hans"
    assert _first_name("Ana Torres") == "Ana"
    assert _first_name("田中 浩二") == "田中"

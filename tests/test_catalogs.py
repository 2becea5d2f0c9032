"""The shipped catalogs: in step with the sources, complete, never fuzzy, placeholders as in the source."""

from __future__ import annotations

import pytest

from qbrgen.build.catalogs import template_catalog
from qbrgen.i18n import CATALOGS, placeholders, read_catalog, shipped

LANGUAGES = [lang for lang in shipped() if lang != "en"]


def _ids(catalog) -> set:
    return {(m.id if isinstance(m.id, str) else tuple(m.id), m.context) for m in catalog if m.id}


def test_the_template_lists_every_message_in_the_sources():
    """Run ``python -m qbrgen.build.catalogs`` after marking or rewording a message."""
    shipped_template = _ids(read_catalog(CATALOGS / "qbrgen.pot"))
    extracted = _ids(template_catalog())
    assert sorted(map(str, extracted - shipped_template)) == [], "new messages: run python -m qbrgen.build.catalogs"
    assert sorted(map(str, shipped_template - extracted)) == [], "gone messages: run python -m qbrgen.build.catalogs"


def test_every_message_has_placeholders_python_can_fill():
    for message in template_catalog():
        for text in (message.id if isinstance(message.id, (list, tuple)) else (message.id,)):
            assert "<unbalanced braces>" not in placeholders(text or ""), text


def test_the_shipped_languages():
    assert {"de", "fr", "es", "pt_BR", "ja"} <= set(LANGUAGES)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_catalog_is_complete_not_fuzzy_and_keeps_the_placeholders(lang):
    template = read_catalog(CATALOGS / "qbrgen.pot")
    catalog = read_catalog(CATALOGS / f"{lang}.po")
    assert str(catalog.locale).replace("-", "_") == lang or str(catalog.locale) == lang.split("_")[0]
    missing, fuzzy, wrong = [], [], []
    for source in template:
        if not source.id:
            continue
        message = catalog.get(source.id, source.context)
        if message is None:
            missing.append(source.id)
            continue
        if message.fuzzy:
            fuzzy.append(source.id)
        strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        if not all(strings):
            missing.append(source.id)
            continue
        ids = source.id if isinstance(source.id, (list, tuple)) else (source.id,)
        wanted = set().union(*(placeholders(i) for i in ids))
        for text in strings:
            got = placeholders(text)
            # a plural form may say "one" instead of writing the count; nothing else may be left out or added
            if got - wanted or (len(ids) == 1 and got != wanted):
                wrong.append((source.id, text))
    assert missing == [], f"{len(missing)} untranslated in {lang}.po"
    assert fuzzy == [], f"{len(fuzzy)} fuzzy in {lang}.po"
    assert wrong == [], f"placeholders differ in {lang}.po"
    obsolete = [m for m in catalog.obsolete]
    assert obsolete == []

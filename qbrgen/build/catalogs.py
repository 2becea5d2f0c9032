"""Keep the message catalogs in step with the sources: ``python -m qbrgen.build.catalogs``.

Extracts every message marked with ``_``, ``ngettext``, ``pgettext`` or ``N_`` from qbrgen's Python sources
and every ``{% trans %}`` / ``_()`` of the proposal template into ``qbrgen/locale/qbrgen.pot``, then merges
it into each language's catalog (new messages appear untranslated; removed ones are dropped).
"""

from __future__ import annotations

from pathlib import Path

from qbrgen.i18n import CATALOGS, KEYWORDS, read_catalog
from qbrgen.render.folders import templates_dir


def template_catalog():
    """Return the catalog of every message in qbrgen's sources and its proposal template (Babel extraction)."""
    import datetime as dt

    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    stamp = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)  # fixed: extracting twice gives the same file
    template = Catalog(project="qbrgen", version="1", charset="utf-8", creation_date=stamp, revision_date=stamp,
                       msgid_bugs_address="https://github.com/qbrgen/qbrgen/issues")
    sources = ((Path(__file__).parent.parent, "qbrgen", [("**/locale/**", "ignore"), ("**.py", "python")]),
               (templates_dir(), "templates", [("**.html", "jinja2")]))
    for folder, prefix, method_map in sources:
        for filename, lineno, message, comments, context in extract_from_dir(
                str(folder), method_map, options_map={"**.html": {"extensions": "jinja2.ext.i18n"}},
                keywords=KEYWORDS, comment_tags=("TRANSLATORS:",), strip_comment_tags=True):
            template.add(message, None, [(f"{prefix}/{filename}", lineno)], auto_comments=comments,
                         context=context)
    return template


def extract() -> int:
    """Write ``qbrgen/locale/qbrgen.pot`` from the sources and merge it into every catalog; return the count."""
    from babel.messages.pofile import write_po

    template = template_catalog()
    CATALOGS.mkdir(exist_ok=True)
    with open(CATALOGS / "qbrgen.pot", "wb") as handle:
        write_po(handle, template, width=100, omit_header=False, sort_output=True, include_lineno=False)
    for po in CATALOGS.glob("*.po"):
        catalog = read_catalog(po)
        catalog.update(template, no_fuzzy_matching=True)
        with open(po, "wb") as handle:
            write_po(handle, catalog, width=100, sort_output=True, include_lineno=False, ignore_obsolete=True)
    return len(template)


if __name__ == "__main__":  # pragma: no cover - a maintainer's command
    print(f"{extract()} messages in {CATALOGS / 'qbrgen.pot'}")

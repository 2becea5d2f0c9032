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


def extract(new: tuple[str, ...] = (), only: tuple[str, ...] = ()) -> int:
    """Write ``qbrgen/locale/qbrgen.pot`` from the sources and merge it into the catalogs (``only`` these
    languages, when given), first starting an empty catalog for each language in ``new``; return the count."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    template = template_catalog()
    CATALOGS.mkdir(exist_ok=True)
    with open(CATALOGS / "qbrgen.pot", "wb") as handle:
        write_po(handle, template, width=100, omit_header=False, sort_output=True, include_lineno=False)
    for lang in new:
        if not (CATALOGS / f"{lang}.po").exists():
            with open(CATALOGS / f"{lang}.po", "wb") as handle:
                write_po(handle, Catalog(locale=lang, project="qbrgen", version="1", charset="utf-8",
                                         creation_date=template.creation_date,
                                         revision_date=template.revision_date), width=100)
    for po in sorted(CATALOGS.glob("*.po")):
        if only and po.stem not in only + new:
            continue
        catalog = read_catalog(po)
        catalog.update(template, no_fuzzy_matching=True)
        with open(po, "wb") as handle:
            write_po(handle, catalog, width=100, sort_output=True, include_lineno=False, ignore_obsolete=True)
    return len(template)


if __name__ == "__main__":  # pragma: no cover - a maintainer's command
    import argparse

    parser = argparse.ArgumentParser(description="Extract qbrgen's messages and merge them into the catalogs.")
    parser.add_argument("--new", nargs="*", default=(), metavar="LANG", help="start a catalog for these languages")
    parser.add_argument("--only", nargs="*", default=(), metavar="LANG", help="update only these catalogs")
    args = parser.parse_args()
    print(f"{extract(tuple(args.new), tuple(args.only))} messages in {CATALOGS / 'qbrgen.pot'}")

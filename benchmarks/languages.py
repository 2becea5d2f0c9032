"""The cost of writing in another language: the same account built in English and in its own language.

For each example of examples/languages (a German hospital group, a Japanese manufacturer), the deck, the
DOCX and the PDF are rendered in memory (nothing written) in English and in the account's language,
alternately, in one process, for --rounds rounds after one warm-up build in each language and a freeze of
the warm objects, as a build's worker runs; the order is swapped every
other round, so a slow moment of a shared machine falls on both alike. Reported per account: the median
CPU seconds of each language, the ratio (target: at most 1.10), and the one-off cost of reading a catalog
(once per process). Nothing here passes or fails.

Run: python benchmarks/languages.py [--rounds 9] [--json FILE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 12, 6)
FORMATS = ("pptx", "docx", "pdf")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    from qbrgen.account.validate import Workspaces, load_account
    from qbrgen.build.outputs import document_language, render_outputs
    from qbrgen.build.pool import freeze
    from qbrgen.i18n import translations

    results = {}
    workspaces = Workspaces()
    for path in sorted((ROOT / "examples" / "languages").glob("*.yaml")):
        info = load_account(path, workspaces.for_account(path))
        own, _warning = document_language(info)
        start = time.process_time()
        translations(own)
        catalog = time.process_time() - start
        times: dict[str, list[float]] = {"en": [], own: []}
        for lang in ("en", own):  # warm both: fonts, templates, the catalog (once per process in a build too)
            render_outputs(info, Path("/nonexistent"), FORMATS, AS_OF, language=lang)
        freeze()  # as a build's worker does once warm (qbrgen.build.pool.freeze): collections see new objects only
        for round_ in range(args.rounds):
            order = ("en", own) if round_ % 2 else (own, "en")
            for lang in order:
                start = time.process_time()
                files = render_outputs(info, Path("/nonexistent"), FORMATS, AS_OF, language=lang)
                spent = time.process_time() - start
                assert len(files) == len(FORMATS)
                times[lang].append(spent)
        en, other = statistics.median(times["en"]), statistics.median(times[own])
        results[path.stem] = {"language": own, "english_s": round(en, 4), "own_s": round(other, 4),
                              "ratio": round(other / en, 3), "catalog_load_s": round(catalog, 4),
                              "rounds": args.rounds}
        print(f"{path.stem:24} en {en:.3f} s   {own} {other:.3f} s   ratio {other / en:.3f}   "
              f"(catalog read once: {catalog * 1000:.0f} ms)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The deck renderer alone: CPU per QBR deck in a warm worker, this checkout against another, paired.

Each round starts one fresh process per checkout (the order reversed every other round). A process builds
benchmarks/portfolio.py's synthetic book once with ``--format pptx`` in one process (which also warms the
renderer), keeping the deck document and assets of every account, then renders all those decks again
``--passes`` times and reports the CPU seconds (time.process_time) per deck of those passes: the renderer
only (python-pptx, the slides, charts, notes and the zip), not loading, analysing or writing. Each process
also opens and saves a blank python-pptx deck as often, the floor a deck is compared with.

Timings only; nothing here passes or fails.

Run: python benchmarks/deck_speed.py --base /tmp/deck-base [--accounts 20] [--rounds 3] [--passes 3]
(--base is a checkout of the code to compare with, for example a git worktree of main).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

PROBE = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from portfolio import AS_OF
import qbrgen
assert qbrgen.__file__.startswith(sys.argv[5]), qbrgen.__file__
book, out, passes = Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
import qbrgen.build.pool as pool
pool.available = lambda: False  # one process: the decks are rendered here
import qbrgen.render.registry as registry
from qbrgen.i18n import current, language
kept = []
plain = registry.render
def keep(fmt, document, assets):
    if fmt == "pptx":
        kept.append((document, assets, current()))
    return plain(fmt, document, assets)
registry.render = keep
import qbrgen.build.outputs as outputs
outputs.render = keep
from qbrgen.cli import main
try:
    main(["build", str(book), "-o", str(out), "-j", "1", "--format", "pptx", "--as-of", AS_OF, "--force"])
except SystemExit:
    pass
from qbrgen.render.esign import neutralise
from qbrgen.render.pptx import render
decks = [(neutralise(d), a, lang) for d, a, lang in kept]
start = time.process_time()
for _ in range(passes):
    for document, assets, lang in decks:
        with language(lang):
            render(document, assets)
took = time.process_time() - start
import io
from pptx import Presentation
start = time.process_time()
for _ in range(passes * len(decks)):
    Presentation().save(io.BytesIO())
floor = time.process_time() - start
print("RESULT", len(decks), took / (passes * len(decks)), floor / (passes * len(decks)))
"""


def measure(checkout: Path, book: Path, out: Path, passes: int) -> tuple[int, float, float]:
    """Return (decks, CPU seconds per deck, CPU seconds per blank python-pptx deck opened and saved) of one fresh
    process running ``checkout``'s code."""
    env = dict(os.environ, PYTHONPATH=str(checkout))
    # run from the book's folder: ``python -c`` puts the working directory first on the import path
    argv = [sys.executable, "-c", PROBE, str(HERE), str(book), str(out), str(passes), str(checkout)]
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=True, cwd=book.parent)
    line = next(ln for ln in done.stdout.splitlines() if ln.startswith("RESULT"))
    _, decks, per, floor = line.split()
    return int(decks), float(per), float(floor)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, required=True, help="a checkout of the code to compare with")
    parser.add_argument("--accounts", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--passes", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from portfolio import make_book

    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "book"
        make_book(book, args.accounts)
        runs: dict[str, list[float]] = {"base": [], "this": []}
        floors: list[float] = []
        for r in range(args.rounds):
            order = [("base", args.base), ("this", ROOT)]
            for name, checkout in order if r % 2 == 0 else reversed(order):
                decks, per, floor = measure(checkout, book, Path(tmp) / f"out-{name}", args.passes)
                runs[name].append(per)
                floors.append(floor)
                print(f"round {r + 1}: {name:4} {decks} decks, {per * 1000:.1f} ms CPU per deck "
                      f"(blank python-pptx save {floor * 1000:.1f} ms)", flush=True)
    base, this = statistics.median(runs["base"]), statistics.median(runs["this"])
    floor = statistics.median(floors)
    pairs = [t / b for b, t in zip(runs["base"], runs["this"], strict=True)]
    print(f"median: base {base * 1000:.1f} ms, this {this * 1000:.1f} ms per deck; "
          f"this/base {this / base:.2f} (paired rounds: {', '.join(f'{p:.2f}' for p in pairs)})")
    print(f"blank python-pptx save (open + save): {floor * 1000:.1f} ms; "
          f"base {base / floor:.1f}x, this {this / floor:.1f}x of it")


if __name__ == "__main__":
    main()

"""qbrgen against the script a user would write, and each format against its floor, in one paired run.

Every variant runs as a whole process (interpreter start-up, imports, N accounts, workers included) on the
same N seeded synthetic accounts (benchmarks/portfolio.py's book), once per round; the order of the
variants is reversed every other round, so slow minutes of a shared machine fall on all of them alike.
For each variant: the median CPU seconds (user + system of the process and every worker it waited for),
wall seconds and peak memory of the largest process. Then the ratios that matter, CPU and wall:

- qbrgen (pptx + docx + pdf) against benchmarks/naive_script.py at -j1 and -j2, each on this machine and with
  libharfbuzz-subset simulated missing (both programs then subset fonts as a machine without it does), and
  each format alone against the naive script's;
- each qbrgen format alone against its floor: a blank python-pptx save, a blank python-docx save, a
  one-page WeasyPrint PDF, N times in one process;
- qbrgen's PDF on this machine against its PDF with libharfbuzz-subset simulated missing;
- the no-op rebuild of a book of --noop accounts (built once with --format md, then rebuilt unchanged).

The foreign load is what the rest of the machine used while each variant ran (all CPU time the kernel
counted, less the variant's own), as a share of the machine's cores. Nothing here passes or fails.

Run: python benchmarks/speed.py [--accounts 100] [--rounds 2] [--noop 2000] [--json FILE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from portfolio import AS_OF, make_book  # noqa: E402

PY = sys.executable
FLOOR = """
import io, sys
from pathlib import Path
kind, n, out = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
out.mkdir(parents=True, exist_ok=True)
if kind == "pptx":
    from pptx import Presentation
    for i in range(n):
        Presentation().save(out / f"{i}.pptx")
elif kind == "docx":
    from docx import Document
    for i in range(n):
        Document().save(out / f"{i}.docx")
else:
    from weasyprint import HTML
    for i in range(n):
        HTML(string="<h1>Proposal</h1><p>One page.</p>").write_pdf(out / f"{i}.pdf")
"""
WITHOUT_SUBSETTER = """
import runpy
import sys
import cffi
_real = cffi.FFI.dlopen
def _dlopen(self, name, *args, **kwargs):
    if "harfbuzz-subset" in str(name):
        raise OSError("simulated: not installed")
    return _real(self, name, *args, **kwargs)
cffi.FFI.dlopen = _dlopen
if sys.argv[1] == "qbrgen":
    from qbrgen.cli import main
    main(sys.argv[2:])
else:
    sys.argv = sys.argv[1:]
    runpy.run_path(sys.argv[0], run_name="__main__")
"""


def _busy_seconds() -> float:
    """Return the CPU seconds every core of the machine has spent busy since boot."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def run(cmd: list[str], env: dict | None = None) -> dict:
    """Run one whole process; return its CPU and wall seconds, peak MB and the foreign load meanwhile."""
    busy = _busy_seconds()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):  # 1: lint errors of some synthetic accounts are reported, not failures
        raise SystemExit(f"{' '.join(cmd[:6])}... failed ({proc.returncode}):\n{err[-2000:]}")
    cpu = usage.ru_utime + usage.ru_stime  # the process and every descendant it waited for
    foreign = max(0.0, _busy_seconds() - busy - cpu)
    return {"cpu": cpu, "wall": wall, "peak_mb": usage.ru_maxrss / 1024,
            "foreign": foreign / (wall * (os.cpu_count() or 1))}


def variants(book: Path, tmp: Path, n: int) -> dict[str, list[str]]:
    accounts = book / "accounts"
    bare = ("-c", WITHOUT_SUBSETTER)

    def qbrgen(name: str, formats: str, jobs: int, without: bool = False) -> list[str]:
        out = tmp / name
        return [PY, *((*bare, "qbrgen") if without else ("-m", "qbrgen")), "build", str(accounts), "-o", str(out),
                "-j", str(jobs), "--format", formats, "--as-of", AS_OF, "--force"]

    def naive(name: str, formats: str, jobs: int, without: bool = False) -> list[str]:
        return [PY, *(bare if without else ()), str(HERE / "naive_script.py"), str(accounts), str(tmp / name),
                "-j", str(jobs), "--format", formats]

    no = ", no libharfbuzz-subset"
    every = "pptx,docx,pdf"
    return {
        "qbrgen all -j1": qbrgen("q1", every, 1),
        "naive all -j1": naive("n1", every, 1),
        "qbrgen all -j2": qbrgen("q2", every, 2),
        "naive all -j2": naive("n2", every, 2),
        f"qbrgen all -j1{no}": qbrgen("q1h", every, 1, True),
        f"naive all -j1{no}": naive("n1h", every, 1, True),
        f"qbrgen all -j2{no}": qbrgen("q2h", every, 2, True),
        f"naive all -j2{no}": naive("n2h", every, 2, True),
        "qbrgen pptx -j1": qbrgen("qp", "pptx", 1),
        "naive pptx -j1": naive("np", "pptx", 1),
        "floor pptx": [PY, "-c", FLOOR, "pptx", str(n), str(tmp / "fp")],
        "qbrgen docx -j1": qbrgen("qd", "docx", 1),
        "naive docx -j1": naive("nd", "docx", 1),
        "floor docx": [PY, "-c", FLOOR, "docx", str(n), str(tmp / "fd")],
        "qbrgen pdf -j1": qbrgen("qf", "pdf", 1),
        "naive pdf -j1": naive("nf", "pdf", 1),
        f"qbrgen pdf -j1{no}": qbrgen("qh", "pdf", 1, True),
        "floor pdf": [PY, "-c", FLOOR, "pdf", str(n), str(tmp / "ff")],
    }


def noop(tmp: Path, n: int, rounds: int) -> list[dict]:
    """Build a book of n accounts once (Markdown only: the no-op path does not depend on the formats), then
    time rebuilding it unchanged."""
    book = tmp / "noop-book"
    make_book(book, n)
    cmd = [PY, "-m", "qbrgen", "build", str(book / "accounts"), "-o", str(tmp / "noop-out"), "--format", "md",
           "--as-of", AS_OF]
    run(cmd)
    return [run(cmd) for _ in range(max(3, rounds))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--noop", type=int, default=2000, help="accounts in the no-op rebuild (0: skip)")
    parser.add_argument("--only", default="", help="semicolon-separated variant names to run (default: all)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    n = args.accounts
    load = os.getloadavg()
    print(f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {platform.node()}, {os.cpu_count()} cores, "
          f"{platform.processor() or platform.machine()}, Python {platform.python_version()}, "
          f"load average before {load[0]:.2f}", flush=True)
    runs: dict[str, list[dict]] = {}
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        make_book(tmp / "book", n)
        todo = variants(tmp / "book", tmp, n)
        if args.only:
            todo = {k: v for k, v in todo.items() if k in args.only.split(";")}
        for r in range(args.rounds):
            order = list(todo) if r % 2 == 0 else list(reversed(todo))
            for key in order:
                result = run(todo[key])
                runs.setdefault(key, []).append(result)
                print(f"round {r + 1} {key:40s} cpu {result['cpu']:7.2f} s  wall {result['wall']:7.2f} s  "
                      f"peak {result['peak_mb']:5.0f} MB  foreign load {100 * result['foreign']:3.0f}%", flush=True)
        noops = noop(tmp, args.noop, args.rounds) if args.noop else []
    med = {k: {m: statistics.median(r[m] for r in v) for m in ("cpu", "wall", "peak_mb", "foreign")}
           for k, v in runs.items()}
    print(f"\nmedians over {args.rounds} rounds, {n} accounts")
    print("| variant | CPU s | wall s | peak MB | foreign load |\n|---|---|---|---|---|")
    for k, m in med.items():
        print(f"| {k} | {m['cpu']:.2f} | {m['wall']:.2f} | {m['peak_mb']:.0f} | {100 * m['foreign']:.0f}% |")

    def ratio(a: str, b: str, label: str) -> None:
        if a in med and b in med:
            print(f"| {label} | {med[a]['cpu'] / med[b]['cpu']:.2f}x | {med[a]['wall'] / med[b]['wall']:.2f}x |")

    print("\n| ratio | CPU | wall |\n|---|---|---|")
    no = ", no libharfbuzz-subset"
    for jobs in (1, 2):
        for tail in ("", no):
            ratio(f"naive all -j{jobs}{tail}", f"qbrgen all -j{jobs}{tail}",
                  f"naive / qbrgen, all three formats, -j{jobs}{tail} (above 1: qbrgen faster)")
    for fmt in ("pptx", "docx", "pdf"):
        ratio(f"naive {fmt} -j1", f"qbrgen {fmt} -j1", f"naive / qbrgen, {fmt} alone, -j1")
    for fmt in ("pptx", "docx", "pdf"):
        ratio(f"qbrgen {fmt} -j1", f"floor {fmt}", f"qbrgen {fmt} / its floor")
    ratio(f"qbrgen pdf -j1{no}", "qbrgen pdf -j1", "qbrgen PDF without / with libharfbuzz-subset")
    ratio(f"qbrgen all -j1{no}", "qbrgen all -j1", "qbrgen all three without / with libharfbuzz-subset")
    if noops:
        walls = sorted(r["wall"] for r in noops)
        print(f"\nno-op rebuild of {args.noop} accounts (whole process): wall median "
              f"{statistics.median(walls):.2f} s (best {walls[0]:.2f} s), CPU median "
              f"{statistics.median(r['cpu'] for r in noops):.2f} s, peak {max(r['peak_mb'] for r in noops):.0f} MB")
    if args.json:
        args.json.write_text(json.dumps({"accounts": n, "rounds": runs, "noop": noops}, indent=1))


if __name__ == "__main__":
    main()

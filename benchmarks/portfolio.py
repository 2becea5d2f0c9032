"""Portfolio build benchmark: N seeded synthetic accounts, timed per format with -j1 and -j2.

Reports seconds per account for each format, the no-op incremental rebuild, the peak memory of the
largest process (parent or worker), and the floor beside them: a blank python-pptx save and a minimal
WeasyPrint render per account, measured in the same run. Timings only; nothing here passes or fails.

Run: python benchmarks/portfolio.py [--sizes 100,500] [--formats pptx,docx,pdf,all] [--jobs 1,2]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "examples" / "accounts" / "northwind-logistics.yaml"
WORKSPACE = ROOT / "examples" / "qbrgen.yaml"
AS_OF = "2026-11-23"
WORDS = ["Northwind", "Contoso", "Fabrikam", "Tailspin", "Litware", "Adatum", "Proseware", "Woodgrove",
         "Alpine", "Blue Yonder", "Coho", "Lamna", "Margie", "Trey", "Wingtip", "Fourth Coffee"]


def make_book(folder: Path, n: int, seed: int = 7) -> None:
    """Write n synthetic accounts (seeded variations of the spec example) and the workspace file."""
    rng = random.Random(seed)
    text = SPEC.read_text()
    (folder / "accounts").mkdir(parents=True)
    # every account gets its deck and proposal, as the naive script makes them: no tier from the book's ranking
    # (which would give the smallest 20% a one-page renewal notice instead)
    (folder / "qbrgen.yaml").write_text(WORKSPACE.read_text() + "\nsegmentation:\n  enabled: false\n")
    for i in range(n):
        name = f"{rng.choice(WORDS)} {rng.choice(['Logistics', 'Retail', 'Health', 'Foods', 'Energy'])} {i}"
        arr1, arr2 = rng.randrange(50, 900) * 1000, rng.randrange(20, 300) * 1000
        used = rng.randrange(200, 560)
        account = (text.replace("Northwind Logistics", name)
                   .replace("arr: 300000", f"arr: {arr1}").replace("arr: 100000", f"arr: {arr2}")
                   .replace("used: 462", f"used: {used}")
                   .replace("increase_pct: 5  ", f"increase_pct: {rng.choice([3, 4, 5, 6])}  ")
                   .replace("annual_value: 700000", f"annual_value: {rng.randrange(100, 900) * 1000}"))
        (folder / "accounts" / f"account-{i:04d}.yaml").write_text(account)


def timed_build(book: Path, out: Path, jobs: int, formats: str, force: bool = True) -> tuple[float, float]:
    """Return (seconds, peak MB of the largest process) of one `qbrgen build` in a fresh interpreter."""
    probe = (
        "import resource, sys, time\nfrom qbrgen.cli import main\nstart = time.perf_counter()\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit as e:\n    code = e.code\n"
        "took = time.perf_counter() - start\n"
        "peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,"
        " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "print('RESULT', took, peak / 1024, code, file=sys.stderr)\n")
    args = ["build", str(book), "-o", str(out), "-j", str(jobs), "--format", formats, "--as-of", AS_OF]
    if force:
        args.append("--force")
    proc = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True,
                          env={"CI": "1", "PATH": "/usr/bin:/bin"})
    line = next(ln for ln in proc.stderr.splitlines() if ln.startswith("RESULT"))
    _, took, peak, code = line.split()
    if code not in ("0", "None"):
        raise SystemExit(f"build failed:\n{proc.stderr[-2000:]}")
    return float(took), float(peak)


def floors(n: int) -> dict[str, float]:
    """Return seconds per account of a blank python-pptx save and a minimal WeasyPrint render."""
    import io

    from pptx import Presentation
    from weasyprint import HTML

    Presentation().save(io.BytesIO())
    HTML(string="<p>warm</p>").write_pdf()
    start = time.perf_counter()
    for _ in range(n):
        Presentation().save(io.BytesIO())
    pptx = (time.perf_counter() - start) / n
    start = time.perf_counter()
    for _ in range(n):
        HTML(string="<h1>Proposal</h1><p>One page.</p>").write_pdf()
    pdf = (time.perf_counter() - start) / n
    return {"blank_pptx_save": pptx, "minimal_weasyprint_pdf": pdf}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,500")
    parser.add_argument("--formats", default="pptx,docx,pdf,all")
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args()
    rows = []
    floor = floors(50)
    print(f"floor per account: blank pptx save {floor['blank_pptx_save']:.4f} s, "
          f"minimal WeasyPrint PDF {floor['minimal_weasyprint_pdf']:.4f} s")
    for n in (int(x) for x in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            book = Path(tmp) / "book"
            make_book(book, n)
            for fmt in args.formats.split(","):
                formats = "pptx,docx,pdf" if fmt == "all" else fmt
                for jobs in (int(j) for j in args.jobs.split(",")):
                    out = Path(tmp) / f"out-{fmt}-{jobs}"
                    took, peak = timed_build(book, out, jobs, formats)
                    rows.append({"n": n, "format": fmt, "jobs": jobs, "seconds": took,
                                 "per_account": took / n, "accounts_per_second": n / took, "peak_mb": peak})
                    print(f"N={n:4d} {fmt:5s} -j{jobs}: {took:7.1f} s, {took / n:.3f} s/account, "
                          f"{n / took:5.2f} accounts/s, peak {peak:5.0f} MB", flush=True)
            out = Path(tmp) / "out-all-2"
            if out.exists():
                took, peak = timed_build(book, out, 2, "pptx,docx,pdf", force=False)
                rows.append({"n": n, "format": "no-op rebuild", "jobs": 2, "seconds": took, "peak_mb": peak})
                print(f"N={n:4d} no-op rebuild: {took:.2f} s, peak {peak:.0f} MB", flush=True)
    if args.json:
        args.json.write_text(json.dumps({"floor": floor, "rows": rows}, indent=1))
    print(f"(peak RSS as reported by getrusage; {resource.getpagesize()} B pages)")


if __name__ == "__main__":
    main()

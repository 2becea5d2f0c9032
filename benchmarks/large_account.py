"""Large-account benchmark: one account with thousands of table rows, built in each format.

Sizes from issue 28: 10,000 value rows, success-plan rows and stakeholders (issue 16 had 2,000), each built alone
(the spec example with that one list grown) in a fresh interpreter per format, reporting seconds and the
process's peak memory. The target is under 3 s and 150 MB per process. Timings only; nothing fails.

Run: python benchmarks/large_account.py [--scale 1.0] [--formats pptx,docx,pdf,md]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "examples" / "accounts" / "northwind-logistics.yaml"
AS_OF = "2026-11-23"
SIZES = {"value": 10_000, "success_plan": 10_000, "stakeholders": 10_000}  # issue 28: 10,000 rows per list


def _item(kind: str, i: int) -> str:
    if kind == "value":
        return (f"  - outcome: Outcome number {i} for the finance team\n    baseline: {100 + i}\n"
                f"    current: {50 + i}\n"
                f"    unit: hours per year\n    better: lower\n    annual_value: {1000 + i}\n")
    if kind == "success_plan":
        return (f"  - goal: Goal number {i}, agreed with the customer\n    customer_owner: Maria Chen\n"
                f"    vendor_owner: Dana Reyes\n    due: 2027-03-31\n    status: on-track\n")
    return (f"  - name: Person {i}\n    title: Analyst {i}\n    level: ic\n    function: using\n    role: user\n"
            f"    strength: 3\n    sentiment: neutral\n    last_contact: 2026-10-01\n")


def make_account(folder: Path, kind: str, n: int) -> Path:
    """Write the spec example with the list ``kind`` grown to ``n`` items (kept after the originals)."""
    text = SPEC.read_text()
    marker = f"\n{kind}:"
    start = text.index(marker) + len(marker)
    start = text.index("\n", start) + 1
    grown = text[:start] + "".join(_item(kind, i) for i in range(n)) + text[start:]
    path = folder / f"{kind}-{n}.yaml"
    path.write_text(grown)
    return path


PROBE = """
import resource, sys, time
from qbrgen.cli import main
start = time.perf_counter()
try:
    main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
print("RESULT", code, round(time.perf_counter() - start, 2), peak // 1024, file=sys.stderr)  # the worker counts
"""


def run(path: Path, fmt: str, out: Path) -> tuple[int, float, int]:
    """Return (exit code, seconds, peak MB) of building ``path`` as ``fmt`` in one process (-j 1)."""
    done = subprocess.run([sys.executable, "-c", PROBE, "build", str(path), "-o", str(out), "-j", "1", "--force",
                           "--format", fmt, "--as-of", AS_OF], capture_output=True, text=True)
    line = [ln for ln in done.stderr.splitlines() if ln.startswith("RESULT")][-1].split()
    return int(line[1]), float(line[2]), int(line[3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every size (0.5: half as many rows)")
    parser.add_argument("--formats", default="pptx,docx,pdf,md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print("| list | items | format | seconds | peak MB |\n|---|---|---|---|---|")
        for kind, n in SIZES.items():
            n = int(n * args.scale)
            path = make_account(folder, kind, n)
            for fmt in args.formats.split(","):
                code, seconds, peak = run(path, fmt, folder / "out")
                flag = "" if code == 0 else f" (exit {code})"
                print(f"| {kind} | {n} | {fmt} | {seconds:.2f}{flag} | {peak} |", flush=True)


if __name__ == "__main__":
    main()

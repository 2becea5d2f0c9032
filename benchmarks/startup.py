"""Start-up time of `qbrgen --help` (median of several runs), and which heavy modules it imports.

Run: python benchmarks/startup.py [runs]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time


def main(runs: int = 15) -> None:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "qbrgen", "--help"], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    probe = ("import sys; from qbrgen.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in ('pptx','docx','weasyprint','pydantic','babel','jinja2','yaml') "
             "if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True).stdout
    bare = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        bare.append(time.perf_counter() - start)
    print(f"qbrgen --help: median {statistics.median(times):.3f} s over {runs} runs "
          f"(bare python: {statistics.median(bare):.3f} s)")
    print(f"heavy modules imported by --help: {loaded.strip().splitlines()[-1]}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)

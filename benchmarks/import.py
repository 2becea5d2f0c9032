"""Benchmark ``qbrgen import``: generated CRM exports at scale, timed in a fresh process.

    python benchmarks/import.py [--accounts 10000] [--contacts 100000] [--usage 2000000,500000]

Writes seeded exports (accounts, subscriptions, contacts, daily usage rows) into a temporary folder,
then runs ``qbrgen import`` three times per usage size: a first import into an empty folder, a second
one with the same exports (nothing changes), and one after 1% of the accounts changed owner. Prints
wall time and the peak memory of the import process. Nothing passes or fails: figures go in README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MAPPING = """\
version: 1
sources:
  accounts: accounts.csv
  subscriptions: subscriptions.csv
  contacts: contacts.csv
  usage: usage.csv
accounts:
  from: accounts
  columns: {id: id, name: name, segment: segment, currency: currency, owner: owner, start_date: start,
            renewal_date: renewal, auto_renew: auto_renew}
products:
  from: subscriptions
  columns: {account: account_id, name: product, arr: arr, contracted: seats, used: seats_used}
stakeholders:
  from: contacts
  columns: {account: account_id, name: name, title: title}
usage:
  metric: Events
  sql: >
    SELECT account_id AS account, left(day, 7) AS month, sum(CAST(events AS BIGINT)) AS value
    FROM usage GROUP BY ALL
"""
TITLES = ["Chief Financial Officer", "VP Operations", "Director of IT", "Finance Manager", "Analyst", "CEO",
          "Head of Procurement", "Engineering Manager", "Specialist", "Vice President Sales"]


def generate(folder: Path, accounts: int, contacts: int, usage: int, seed: int = 7) -> None:
    """Write the four exports and the mapping file into ``folder``."""
    rng = random.Random(seed)
    (folder / "mapping.yaml").write_text(MAPPING)
    with open(folder / "accounts.csv", "w") as fh:
        fh.write("id,name,segment,currency,owner,start,renewal,auto_renew\n")
        for i in range(accounts):
            start = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(365))
            fh.write(f"ACC{i:06d},Customer {i:06d} Ltd,{rng.choice(['smb', 'mid-market', 'enterprise'])},USD,"
                     f"Owner {i % 40},{start},{start.replace(year=2026)},{rng.choice(['TRUE', 'FALSE'])}\n")
    with open(folder / "subscriptions.csv", "w") as fh:
        fh.write("account_id,product,arr,seats,seats_used\n")
        for i in range(accounts):
            for product in ("Core Platform", "Analytics")[: 1 + i % 2]:
                seats = rng.randrange(10, 500)
                fh.write(f"ACC{i:06d},{product},{rng.randrange(5000, 400000)},{seats},{rng.randrange(1, seats)}\n")
    with open(folder / "contacts.csv", "w") as fh:
        fh.write("account_id,name,title\n")
        for n in range(contacts):
            fh.write(f"ACC{n % accounts:06d},Person {n:07d},{TITLES[n % len(TITLES)]}\n")
    days = max(usage // accounts, 1)
    first = dt.date(2026, 11, 1) - dt.timedelta(days=days)
    with open(folder / "usage.csv", "w") as fh:
        fh.write("account_id,day,events\n")
        written = 0
        for i in range(accounts):
            for d in range(days):
                if written >= usage:
                    break
                fh.write(f"ACC{i:06d},{first + dt.timedelta(days=d)},{(i * 7 + d * 13) % 1000}\n")
                written += 1


def run_import(folder: Path, out: Path) -> tuple[float, float, float, str]:
    """Return (wall seconds, CPU seconds, peak MB of one process, summary) of one import in a fresh process."""
    code = ("import resource, sys\nfrom qbrgen.cli import main\n"
            "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            "me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)\n"
            "print('PEAK', max(me.ru_maxrss, kids.ru_maxrss), file=sys.stderr)\n"
            "print('CPU', me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime, file=sys.stderr)")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, "import", "--mapping", str(folder / "mapping.yaml"),
                           "-o", str(out), "--as-of", "2026-11-23"], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    lines = done.stderr.strip().splitlines()
    peak = next(int(line.split()[1]) for line in lines if line.startswith("PEAK")) / 1024
    cpu = next(float(line.split()[1]) for line in lines if line.startswith("CPU"))
    summary = next((line for line in lines if " new, " in line), done.stderr[-300:])
    return seconds, cpu, peak, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--usage", default="2000000,500000")
    args = parser.parse_args()
    for usage in [int(u) for u in args.usage.split(",")]:
        with tempfile.TemporaryDirectory(prefix="qbrgen-bench-import-") as tmp:
            folder = Path(tmp)
            t0 = time.perf_counter()
            generate(folder, args.accounts, args.contacts, usage)
            size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
            print(f"exports: {args.accounts} accounts, {args.contacts} contacts, {usage} usage rows "
                  f"({size:.0f} MB, generated in {time.perf_counter() - t0:.1f} s)")
            out = folder / "accounts"
            for label in ("first import", "second import (same exports)", "after 1% owner changes"):
                if label.startswith("after"):
                    text = (folder / "accounts.csv").read_text().splitlines(keepends=True)
                    for i in range(1, len(text), 100):
                        text[i] = text[i].replace(",Owner ", ",New owner ")
                    (folder / "accounts.csv").write_text("".join(text))
                seconds, cpu, peak, summary = run_import(folder, out)
                print(f"  {label}: {seconds:.1f} s wall, {cpu:.1f} s CPU, peak {peak:.0f} MB  [{summary}]")
    print(f"load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())} (2 cores)")


if __name__ == "__main__":
    main()

"""Make a small git repository that holds one account at three points in time, to try qbrgen's history features.

    python examples/history/make_history.py /tmp/qbr-history
    cd /tmp/qbr-history
    qbrgen build accounts --as-of 2026-11-23 -o out          # the deck opens with "since our last review"
    qbrgen diff accounts/northwind-logistics.yaml --since HEAD~1 --as-of 2026-11-23
    qbrgen recap accounts/northwind-logistics.yaml --as-of 2026-12-11 -o recap

The account is the Northwind example (examples/accounts/northwind-logistics.yaml), as it stood:

1. at the Q3 review on 2026-09-10: three goals agreed, two valued outcomes, usage until August;
2. on 2026-10-15: the Treasury goal met, Raj Patel gone from the account team on the customer's side;
3. on 2026-11-20: the EU rollout goal moved to 2027-03-31, a third outcome documented, usage until October,
   the next QBR set for 2026-12-10 with ``qbr.previous: 2026-09-10``.

The tests build the same repository with :func:`make` (no repository is committed inside this one).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parent
ACCOUNT = "accounts/northwind-logistics.yaml"
DATES = ("2026-09-10T12:00:00+00:00", "2026-10-15T12:00:00+00:00", "2026-11-20T12:00:00+00:00")
MESSAGES = ("Northwind: success plan agreed at the Q3 review", "Northwind: Treasury live; Raj Patel left",
            "Northwind: EU rollout moved to March; early-payment discounts documented; Q4 QBR set")

TREASURY = """  - goal: Treasury team live on Analytics
    customer_owner: Lena Fischer
    vendor_owner: Priya Shah
    due: 2026-10-30
    status: {status}
"""
EARLY_PAYMENT = """  - outcome: Early-payment discounts captured
    baseline: 1.2
    current: 3.4
    unit: "% of spend"
    better: higher
    annual_value: 700000
    evidence: Treasury report, FY2026 H1
"""
RAJ = """  - name: Raj Patel
    title: AP Specialist
    level: ic
    function: using
    role: user
    strength: 4
    sentiment: advocate
"""


def _replace(text: str, old: str, new: str) -> str:
    if old not in text:
        raise SystemExit(f"the example account changed; cannot find: {old[:60]!r}")
    return text.replace(old, new, 1)


def versions(final: str) -> tuple[str, str, str]:
    """Return the account file's text at each of the three commits, from today's example file."""
    plan_head = "success_plan:                    # mutual success plan: goals with an owner on each side\n"
    v3 = _replace(final, "qbr:                             # (optional) the next meeting\n  date: 2026-12-10\n",
                  "qbr:                             # (optional) the next meeting\n  date: 2026-12-10\n"
                  "  previous: 2026-09-10           # the last review: the deck opens with what changed since\n")
    v3 = _replace(v3, plan_head, plan_head + TREASURY.format(status="done"))
    v3 = _replace(v3, RAJ, "")
    for name, email in (("Maria Chen", "maria.chen"), ("Tom Okafor", "tom.okafor"), ("Lena Fischer", "lena.fischer")):
        v3 = _replace(v3, f"  - name: {name}\n", f"  - name: {name}\n    email: {email}@northwind.example\n")
    v2 = _replace(v3, "    due: 2027-03-31\n    status: on-track", "    due: 2027-01-29\n    status: on-track")
    v2 = _replace(v2, EARLY_PAYMENT, "")
    v2 = _replace(v2, "    2026-09: 58700\n    2026-10: 61200\n", "    2026-09: 58700\n")
    v2 = _replace(v2, "  date: 2026-12-10\n  previous: 2026-09-10           "
                      "# the last review: the deck opens with what changed since\n", "  date: 2026-09-10\n")
    v1 = _replace(v2, TREASURY.format(status="done"), TREASURY.format(status="on-track"))
    v1 = _replace(v1, "    2026-09: 58700\n", "")
    v1 = _replace(v1, "  - name: Sofia Alvarez\n", RAJ + "  - name: Sofia Alvarez\n")
    return v1, v2, v3


def _git(folder: Path, *args: str, date: str | None = None) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Dana Reyes", "GIT_AUTHOR_EMAIL": "dana.reyes@acme.example",
           "GIT_COMMITTER_NAME": "Dana Reyes", "GIT_COMMITTER_EMAIL": "dana.reyes@acme.example",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    done = subprocess.run(["git", "-C", str(folder), *args], env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def make(target: Path) -> list[str]:
    """Create the repository in ``target`` (an empty or missing folder); return the three commits, oldest first."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(EXAMPLES / "qbrgen.yaml", target / "qbrgen.yaml")
    (target / "accounts").mkdir(exist_ok=True)
    _git(target, "init", "-q")
    commits = []
    final = (EXAMPLES / ACCOUNT).read_text(encoding="utf-8")
    for text, date, message in zip(versions(final), DATES, MESSAGES, strict=True):
        (target / ACCOUNT).write_text(text, encoding="utf-8")
        _git(target, "add", "-A")
        _git(target, "-c", "commit.gpgsign=false", "commit", "-q", "-m", message, date=date)
        commits.append(_git(target, "rev-parse", "HEAD"))
    return commits


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: make_history.py FOLDER")
    for commit in make(Path(sys.argv[1])):
        print(commit)

"""The renewal policy's schedule, which follows from the workspace file alone (used by validation and analysis)."""

from __future__ import annotations

from qbrgen.account.model import Workspace

MILESTONE_DAYS = (180, 150, 120, 90, 60, 30, 0)


def milestone_days(workspace: Workspace) -> tuple[int, ...]:
    """Return the renewal timeline's steps, in days before the renewal date, first step first."""
    start = workspace.renewal_policy.start_days_before
    return tuple(sorted({d for d in MILESTONE_DAYS if d <= start} | {start}, reverse=True))

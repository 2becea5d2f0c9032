"""What a build did, account by account, and how its lint findings are said once for many accounts."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class AccountResult:
    """What happened to one account."""

    file: str
    outputs: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    status: str = "built"  # built | skipped | failed | stale | cancelled
    lint: str = ""  # one-line lint summary when the account has lint errors


@dataclass
class BuildResult:
    """What a build did, account by account."""

    accounts: list[AccountResult] = field(default_factory=list)
    seconds: float = 0.0
    leftovers: int = 0  # with --check: accounts with outputs a build would remove
    problems: list[str] = field(default_factory=list)  # not about one account (the manifest could not be saved)

    @property
    def ok(self) -> bool:
        """Return whether the build (or check) should exit 0."""
        return not (self.failed or self.problems or self.leftovers or self.count("stale"))

    @property
    def failed(self) -> list[AccountResult]:
        return [a for a in self.accounts if a.errors]

    def count(self, status: str) -> int:
        return sum(1 for a in self.accounts if a.status == status)

    def summary(self, check: bool = False) -> str:
        if check:
            stale = self.count("stale")
            extra = f", {self.leftovers} with leftover outputs" if self.leftovers else ""
            return (f"{len(self.accounts)} account(s) checked: {stale} stale or missing, "
                    f"{len(self.failed)} invalid{extra}" + ("" if not self.ok else "; all outputs are current"))
        files = sum(len(a.outputs) for a in self.accounts if a.status == "built")
        cancelled = f", {self.count('cancelled')} not built" if self.count("cancelled") else ""
        return (f"{len(self.accounts)} account(s): {self.count('built')} built ({files} files), "
                f"{self.count('skipped')} unchanged, {len(self.failed)} failed{cancelled} in {self.seconds:.1f} s")


class CommonLint:
    """Say a lint finding that many accounts share once: after an import, 180 accounts lacking value
    stories are one line, not 180. The first few accounts with a given set of rules are named in full."""

    SHOWN = 3

    def __init__(self) -> None:
        self.by_rules: dict[str, list[str]] = {}

    @staticmethod
    def rules(line: str) -> str:
        return line.split(" error(s): ", 1)[-1].split("; run ", 1)[0]

    def show(self, line: str) -> bool:
        """Record one account's lint summary; return whether to print it."""
        seen = self.by_rules.setdefault(self.rules(line), [])
        seen.append(line.split(": lint: ", 1)[0])
        return len(seen) <= self.SHOWN

    def summary(self) -> list[str]:
        return [f"{len(files) - self.SHOWN} more account(s) have the same lint errors ({rules}), like "
                f"{files[self.SHOWN]}; run 'qbrgen lint' on the folder for the details"
                for rules, files in self.by_rules.items() if len(files) > self.SHOWN]

"""The book's segmentation, applied to one account: its coverage tier when its file does not set one.

``qbrgen portfolio`` ranks a workspace's accounts by ARR: the top 20% are white-glove, the middle 60%
programmatic, the bottom 20% tech-touch (the playbook's segmentation), per currency unless qbrgen.yaml
converts every currency into a ``reporting_currency``. The same ranking, over every account file of the
workspace (never just the folder or files a command names), gives each account its tier, so an account gets
the same documents whichever folder is built. A tech-touch account gets a renewal notice instead of a deck.

- An explicit ``account.tier`` always wins; ``qbr.length: none`` makes an account tech-touch.
- A small book is not segmented: a group (a currency, or the converted book) with fewer accounts than
  ``segmentation.min_accounts`` (default 10) gets no tier, so a team with five accounts does not demote its
  smallest customer to automated outreach. ``segmentation.enabled: false`` turns the derived tier off.
- Every account file counts, those with an explicit tier included: the line between the tiers is drawn over
  the whole book. A file that cannot be read as an account (no currency, an ARR that is not a number) does not.

Reading is light: the raw YAML, never the validated model, so a build can rank the book before loading any
account in full (and caches each file's reading by its hash, see :mod:`qbrgen.build.segments`).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

TIERS = ("white-glove", "programmatic", "tech-touch")
DEFAULT_MIN_ACCOUNTS = 10
SOURCES = {
    "file": "set in the account file (account.tier)",
    "length": "qbr.length: none in the account file",
    "white-glove": "the book's top 20% by ARR",
    "programmatic": "the book's middle 60% by ARR",
    "tech-touch": "the book's bottom 20% by ARR",
}


@dataclass(frozen=True)
class Light:
    """What the ranking needs of one account file: name, currency, ARR, and whether the file fixes its tier."""

    name: str
    currency: str
    arr: Decimal
    fixed: bool  # account.tier set, or qbr.length: none: the book's ranking does not change its tier

    def as_list(self) -> list:
        return [self.name, self.currency, str(self.arr), self.fixed]

    @classmethod
    def from_list(cls, row) -> Light | None:
        try:
            name, currency, arr, fixed = row
            return cls(str(name), str(currency), Decimal(str(arr)), bool(fixed))
        except (TypeError, ValueError, InvalidOperation):
            return None


@dataclass(frozen=True)
class Settings:
    """The workspace's segmentation settings, read from qbrgen.yaml as written."""

    enabled: bool = True
    min_accounts: int = DEFAULT_MIN_ACCOUNTS
    reporting: str | None = None
    rates: tuple[tuple[str, Decimal], ...] = ()


def _money(value) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        return None
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return amount if amount.is_finite() and amount >= 0 else None


def light(data) -> Light | None:
    """Return what the ranking needs of a raw account mapping, or None when it is not a usable account."""
    if not isinstance(data, dict):
        return None
    account, contract = data.get("account"), data.get("contract")
    if not isinstance(account, dict) or not isinstance(contract, dict):
        return None
    currency, products = account.get("currency"), contract.get("products")
    if not isinstance(currency, str) or not isinstance(products, list):
        return None
    total = Decimal(0)
    for p in products:
        amount = _money(p.get("arr")) if isinstance(p, dict) else None
        if amount is None:
            return None
        total += amount
    qbr = data.get("qbr")
    fixed = account.get("tier") is not None or (isinstance(qbr, dict) and str(qbr.get("length")) == "none")
    name = account.get("name")
    return Light(name if isinstance(name, str) else "", currency.strip(), total, fixed)


def read_light(path: Path) -> Light | None:
    """Return the light reading of one account file (None when it cannot be read as an account)."""
    from qbrgen.account.loader import load_file
    from qbrgen.errors import InputError

    try:
        return light(load_file(path).data)
    except (InputError, OSError, ValueError):
        return None


def settings(data) -> Settings:
    """Return the segmentation settings of a raw qbrgen.yaml mapping (defaults for what it leaves out)."""
    if not isinstance(data, dict):
        return Settings()
    seg = data.get("segmentation") if isinstance(data.get("segmentation"), dict) else {}
    # the loader keeps scalars as written ("false"); read them as the model's boolean does
    enabled = str(seg.get("enabled", True)).strip().lower() not in ("false", "0", "no", "off", "f", "n")
    try:
        least = int(seg.get("min_accounts", DEFAULT_MIN_ACCOUNTS))
    except (TypeError, ValueError):
        least = DEFAULT_MIN_ACCOUNTS
    reporting = data.get("reporting_currency") if isinstance(data.get("reporting_currency"), str) else None
    rates = []
    for cur, rate in (data.get("fx_rates") or {}).items() if isinstance(data.get("fx_rates"), dict) else ():
        value = _money(rate)
        if isinstance(cur, str) and value:
            rates.append((cur, value))
    return Settings(enabled, max(3, least), reporting, tuple(sorted(rates)))


def rank(members: list[tuple[object, str, str, Decimal]], s: Settings) -> tuple[dict, bool]:
    """Return ({key: tier}, ranked across the whole book) for (key, name, currency, ARR) members.

    The top 20% by ARR are white-glove, the bottom 20% tech-touch, the rest programmatic; ties go by name.
    Ranked per currency unless every currency converts into the reporting currency. A group smaller than
    ``min_accounts`` (or every group when segmentation is off) gets "" (not segmented). This is the one
    ranking both ``qbrgen portfolio`` and a build use.
    """
    currencies = {m[2] for m in members}
    rates = dict(s.rates)
    if s.reporting:
        rates.setdefault(s.reporting, Decimal(1))
    together = len(currencies) <= 1 or bool(s.reporting and currencies <= set(rates))
    converted = together and len(currencies) > 1
    groups: dict[str, list] = {}
    for m in members:
        groups.setdefault("all" if converted else m[2], []).append(m)
    tiers = {}
    for members_of in groups.values():
        ranked = sorted(members_of, key=lambda m: (-(m[3] * rates[m[2]] if converted else m[3]), m[1]))
        n = len(ranked)
        top, bottom = max(1, math.ceil(n * 0.2)), math.floor(n * 0.2)
        for i, m in enumerate(ranked):
            if not s.enabled or n < s.min_accounts:
                tiers[m[0]] = ""
            else:
                tiers[m[0]] = "white-glove" if i < top else ("tech-touch" if i >= n - bottom else "programmatic")
    return tiers, together


def account_files(workspace: Path, seen=None) -> list[Path]:
    """Return every account file governed by the workspace file ``workspace`` (a nested qbrgen.yaml governs
    its own folder, so its accounts are another book). ``seen``: the build's :class:`~qbrgen.account.discover.Seen`."""
    from qbrgen.account.discover import Seen, discover

    seen = seen or Seen()
    root = workspace.parent
    found = discover([root], seen)
    nested = [seen.real(w.parent) + os.sep for w in found.workspaces if seen.real(w) != seen.real(workspace)]
    if not nested:  # (resolving each file's path costs a few system calls: only when a nested book may hold it)
        return list(found.accounts)
    return [a for a in found.accounts if not any(seen.real(a).startswith(n) for n in nested)]


def book_tiers(workspace: Path | None, read=read_light, seen=None) -> dict[str, str]:
    """Return {real path of each account file: its tier in the book} for the workspace file ``workspace``
    ("" for an account in a book too small to segment; {} without a workspace file: no book to rank).
    ``read`` returns one file's :class:`Light` (a build passes a cached reader), ``seen`` is the build's
    :class:`~qbrgen.account.discover.Seen` (what it learnt of the files while finding them)."""
    if workspace is None:
        return {}
    from qbrgen.account.loader import load_file
    from qbrgen.errors import InputError

    try:
        s = settings(load_file(workspace).data)
    except (InputError, OSError):
        s = Settings()
    from qbrgen.account.discover import Seen

    seen = seen or Seen()
    members = []
    for path in account_files(workspace, seen):
        found = read(path)
        if found is not None:
            members.append((seen.real(path), found.name, found.currency, found.arr))
    return rank(members, s)[0]


def apply(model, derived: str):
    """Return the account model with the book's tier ``derived`` when its file fixes none (an explicit
    ``account.tier`` wins; ``qbr.length: none`` is tech-touch already). The derived tier is not marked as set
    in the file, so :func:`source` can tell the two apart."""
    if not derived or model.account.tier is not None or (model.qbr is not None and model.qbr.length == "none"):
        return model
    block = model.account.model_copy(update={"tier": derived})
    object.__setattr__(block, "__pydantic_fields_set__", set(model.account.model_fields_set))
    return model.model_copy(update={"account": block})


def source(model) -> tuple[str, str]:
    """Return (the account's tier, where it came from, in words) for the internal plan; ("", "") for none."""
    tier = model.account.tier
    if tier is not None and "tier" in model.account.model_fields_set:
        return tier, SOURCES["file"]
    if model.qbr is not None and model.qbr.length == "none":
        return "tech-touch", SOURCES["length"]
    if tier:
        return tier, SOURCES[tier]
    return "", ""

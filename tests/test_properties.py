"""Property-based tests: any valid account builds every format; hostile text renders literally; nothing leaks.

Examples per property: 200 in CI (CI set), 25 locally; HYPOTHESIS_EXAMPLES overrides both. Each property
runs as four parts with different fixed seeds, so the parts spread over pytest-xdist's workers.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from decimal import Decimal

import pytest
import yaml
from hypothesis import HealthCheck, Phase, assume, given, seed, settings
from hypothesis import strategies as st

from qbrgen.account.validate import load_account
from qbrgen.build.assets import assets_for
from qbrgen.render.registry import render
from qbrgen.sections.assemble import build_deck, build_plan, build_proposal

from .render_helpers import deck, overflowing_frames

pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")  # huge example reprs

EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES") or (200 if os.environ.get("CI") else 25))
PARTS = 4
SETTINGS = settings(max_examples=max(1, EXAMPLES // PARTS), deadline=None,
                    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # no shrinking or line tracing: CI time
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                           HealthCheck.data_too_large])
AS_OF = dt.date(2026, 11, 23)
CURRENCIES = [("USD", "en_US"), ("EUR", "de_DE"), ("JPY", "ja_JP"), ("BHD", "ar_BH"), ("KWD", "en_US"),
              ("GBP", "en_GB"), ("CHF", "fr_CH"), ("INR", "hi_IN"), ("KRW", "ko_KR")]
HOSTILE = ["<script>alert(1)</script>", "{{ 7*7 }}", "{% for x in y %}", "=cmd|' /C calc'!A0", "+SUM(A1)",
           "@import url(x)", '<img src="file:///etc/passwd">', "\u202eevil\u202c", "e\u0301\u0302\u0303",
           "😀👍🏽", "مرحبا بالعالم", "漢字テスト", "a" * 10000, "x\x0by\x00z", "Ω≈ç√∫", "\\N{BULLET}", "'; DROP",
           "--- !!python/object", "&amp; &lt;", "NO", "001234", "  padded  "]
LEVELS = ["ic", "manager", "director", "vp", "c-level"]

printable = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)
text = st.one_of(printable, st.sampled_from(HOSTILE))
money = st.one_of(st.just(Decimal(0)), st.decimals(min_value=0, max_value=10**12, places=3, allow_nan=False),
                  st.sampled_from([Decimal("0.005"), Decimal("0.5"), Decimal("999999999999.999")]))
small = st.decimals(min_value=-10**6, max_value=10**6, places=2, allow_nan=False)
day = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31))


@st.composite
def accounts(draw, hostile=False, sentinel=False):
    """Return (account mapping, internal sentinel strings)."""
    t = st.sampled_from(HOSTILE) if hostile else text
    currency, locale = draw(st.sampled_from(CURRENCIES))
    start = draw(day)
    renewal = start + dt.timedelta(days=draw(st.integers(30, 1500)))
    ids = [f"p{i}" for i in range(draw(st.integers(0, 4)))]
    marks = []

    def mark(kind):
        token = f"ZZ{kind}{len(marks)}QQ"
        marks.append(token)
        return token

    def tx():
        return draw(t)

    people = [{"name": f"{tx()} {i}", "title": tx(), "level": draw(st.sampled_from(LEVELS)),
               "function": draw(st.sampled_from(["buying", "using", "adjacent"])),
               "role": draw(st.sampled_from(["champion", "economic-buyer", "technical", "user", "blocker"])),
               "strength": draw(st.integers(1, 5)), "sentiment": draw(st.sampled_from(["advocate", "neutral",
                                                                                      "detractor"])),
               **({"last_contact": draw(day)} if draw(st.booleans()) else {})}
              for i in range(draw(st.integers(0, 12)))]
    products = [{"name": f"{tx()} {i}", "arr": draw(money),
                 **({"capacity": {"unit": tx(), "contracted": draw(st.integers(0, 10**9)),
                                  "used": draw(st.integers(0, 2 * 10**9))}} if draw(st.booleans()) else {})}
                for i in range(draw(st.integers(1, 4)))]
    data = {
        "version": 1,
        "account": {"name": tx(), "segment": draw(st.sampled_from(["smb", "mid-market", "enterprise"])),
                    "currency": currency, "locale": locale, "owner": tx(), "id": tx()},
        "contract": {"start_date": start, "renewal_date": renewal, "term_months": draw(st.integers(1, 60)),
                     "auto_renew": draw(st.booleans()), "products": products,
                     **({"uplift_cap_pct": draw(st.integers(0, 20))} if draw(st.booleans()) else {})},
        "arr_history": sorted(({"date": draw(day), "arr": draw(money)} for _ in range(draw(st.integers(0, 4)))),
                              key=lambda p: p["date"]),
        "health": sorted(({"date": draw(day), "score": draw(st.integers(0, 100))}
                          for _ in range(draw(st.integers(0, 4)))), key=lambda p: p["date"]),
        "stakeholders": people,
        "value": [{"outcome": tx(), "baseline": draw(small), "current": draw(small), "unit": tx(),
                   "better": draw(st.sampled_from(["lower", "higher"])),
                   **({"annual_value": draw(money)} if draw(st.booleans()) else {})}
                  for _ in range(draw(st.integers(0, 8)))],
        "activity": [{"metric": tx(), "value": draw(small)} for _ in range(draw(st.integers(0, 3)))],
        "priorities": [{"id": i, "title": tx(),
                        "horizon": f"{draw(st.integers(2025, 2030))}-Q{draw(st.integers(1, 4))}"} for i in ids],
        "roadmap": [{"title": tx(), "supports": draw(st.lists(st.sampled_from(ids), max_size=2)) if ids else []}
                    for _ in range(draw(st.integers(0, 6)))],
        "success_plan": [{"goal": tx(), "customer_owner": tx(), "vendor_owner": tx(), "due": draw(day),
                          "status": draw(st.sampled_from(["not-started", "on-track", "at-risk", "done"]))}
                         for _ in range(draw(st.integers(0, 6)))],
        "whitespace": [{"unit": f"{tx()} {i}", "deployed": [products[0]["name"]] if draw(st.booleans()) else [],
                        "opportunities": [{"product": tx(), "arr": Decimal(f"13579{len(marks)}.13") if sentinel
                                           else draw(money)} for _ in range(draw(st.integers(0, 2)))]}
                       for i in range(draw(st.integers(0, 5)))],
        "risks": [{"risk": mark("RISK") + tx() if sentinel else tx(),
                   "likelihood": draw(st.sampled_from(["low", "medium", "high"])),
                   "impact": draw(st.sampled_from(["low", "medium", "high", "critical"])),
                   "mitigation": mark("MITIG") if sentinel else tx()} for _ in range(draw(st.integers(0, 4)))],
        "signals": [{"date": draw(day), "kind": draw(st.sampled_from(["sponsor-left", "usage-decline",
                                                                      "competitor-evaluation", "ticket-sentiment"])),
                     "note": mark("NOTE") if sentinel else tx()} for _ in range(draw(st.integers(0, 3)))],
        "renewal": {"increase_pct": draw(st.integers(-10, 25)),
                    "new_capabilities": [tx() for _ in range(draw(st.integers(0, 3)))],
                    "options": [{"name": f"{tx()} {i}", "term_months": draw(st.integers(1, 60)),
                                 "increase_pct": draw(st.integers(0, 10)), "price_protection": draw(st.booleans())}
                                for i in range(draw(st.integers(0, 3)))],
                    "expansion": [{"product": tx(), "arr": draw(money)} for _ in range(draw(st.integers(0, 2)))]},
    }
    if draw(st.booleans()):
        data["usage"] = {"metric": tx(), "monthly": {f"2026-{m:02d}": draw(st.integers(0, 10**7))
                                                      for m in range(1, draw(st.integers(2, 12)) + 1)}}
    if draw(st.booleans()):
        data["qbr"] = {"date": f"{draw(day)} {draw(st.integers(7, 18)):02d}:00",
                       "attendees": [p["name"] for p in people[:3]]}
    return data, marks


class _Dumper(yaml.SafeDumper):
    """Write plain YAML: no anchors or aliases (which qbrgen refuses), dates and Decimals as plain scalars."""

    def ignore_aliases(self, data):
        return True


_Dumper.add_representer(dt.date, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", v.isoformat()))
_Dumper.add_representer(Decimal, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", format(v, "f")))


def _yaml_dump(data) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**6)


def _load(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("acct")
    path = folder / "a.yaml"
    path.write_text(_yaml_dump(data), encoding="utf-8")
    from qbrgen.errors import InputError

    try:
        return load_account(path)
    except InputError as exc:  # generated text may strip to nothing: that is invalid input, not a crash
        messages = " ".join(p.message for p in exc.problems)
        assume("must not be empty" not in messages and "listed twice" not in messages)
        raise


def _render_all(info):
    assets = assets_for(info, AS_OF)
    proposal = build_proposal(info, AS_OF)
    return (render("pptx", build_deck(info, AS_OF), assets), render("docx", proposal, assets),
            render("pdf", proposal, assets), render("md", build_plan(info, AS_OF), assets))


def _package_text(data: bytes) -> str:
    z = zipfile.ZipFile(io.BytesIO(data))
    return "\n".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith((".xml", ".rels")))


def _parts(strategy, check):
    """Return PARTS tests running ``check`` on ``strategy``, each with its own fixed seed and share of examples."""
    tests = []
    for part in range(1, PARTS + 1):
        @seed(20261123 + part)
        @SETTINGS
        @given(strategy)
        def test(tmp_path_factory, generated):
            check(tmp_path_factory, generated)

        tests.append(test)
    return tests


def check_builds(tmp_path_factory, generated):
    data, _ = generated
    info = _load(tmp_path_factory, data)
    pptx, docx, pdf, md = _render_all(info)
    assert pptx[:2] == b"PK" and docx[:2] == b"PK" and pdf[:5] == b"%PDF-" and md.startswith(b"# ")
    assert overflowing_frames(deck(pptx)) == []


def check_hostile_and_no_leak(tmp_path_factory, generated):
    """Hostile text in every field renders literally; sentinel-marked internal values reach no customer file."""
    data, marks = generated
    info = _load(tmp_path_factory, data)
    pptx, docx, pdf, md = _render_all(info)
    xml = _package_text(pptx) + _package_text(docx)
    assert "<script>" not in xml and "_x000B_" not in xml and "\x0b" not in xml
    from qbrgen.render.pdf import render_html

    html = render_html(build_proposal(info, AS_OF), assets_for(info, AS_OF))
    assert "<script>" not in html
    from pypdf import PdfReader

    pdf_text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    customer = xml + pdf_text
    assert [m for m in marks if m in customer] == []
    for word in ("detractor", "blocker", ">advocate<"):
        assert word not in customer
    for row in data["whitespace"]:
        for opp in row["opportunities"]:
            assert f"{opp['arr']:,}" not in customer and str(opp["arr"]) not in customer
    assert all(m in md.decode("utf-8") for m in marks)  # the internal plan keeps them all


for _n, _test in enumerate(_parts(accounts(), check_builds), 1):
    globals()[f"test_any_valid_account_builds_every_format_{_n}"] = _test
for _n, _test in enumerate(_parts(accounts(hostile=True, sentinel=True), check_hostile_and_no_leak), 1):
    globals()[f"test_hostile_text_and_no_leak_{_n}"] = _test


def test_huge_account_paginates_without_overflow(tmp_path):
    huge = _huge()
    path = tmp_path / "huge.yaml"
    path.write_text(_yaml_dump(huge), encoding="utf-8")
    info = load_account(path)
    pptx, docx, pdf, md = _render_all(info)
    prs = deck(pptx)
    titles = [s.shapes[0].text_frame.text if s.shapes[0].has_text_frame else "" for s in prs.slides]
    assert overflowing_frames(prs) == []
    assert len(prs.slides) >= 15  # the delivered capabilities are named on the renewal slide, not paginated
    from .render_helpers import slide_title

    assert any(slide_title(s).endswith("(continued)") for s in prs.slides), titles


def _huge() -> dict:
    people = [{"name": f"Person {i}", "title": "Director of Something Rather Long", "level": LEVELS[i % 5],
               "function": ["buying", "using", "adjacent"][i % 3], "role": "user", "strength": 3,
               "sentiment": "neutral", "last_contact": dt.date(2026, 10, 1)} for i in range(50)]
    return {
        "version": 1,
        "account": {"name": "Huge Holdings", "segment": "enterprise", "currency": "USD", "owner": "Person 0"},
        "contract": {"start_date": dt.date(2024, 1, 1), "renewal_date": dt.date(2027, 1, 1), "term_months": 12,
                     "products": [{"name": "Core", "arr": 1000000,
                                   "capacity": {"unit": "seats", "contracted": 100, "used": 99}}]},
        "usage": {"metric": "Orders", "monthly": {f"{2025 + m // 12}-{m % 12 + 1:02d}": 1000 + m for m in range(24)}},
        "stakeholders": people,
        "value": [{"outcome": f"Outcome number {i} with a descriptive name", "baseline": 100, "current": 50 + i,
                   "unit": "hours", "better": "lower", "annual_value": 10000 + i} for i in range(40)],
        "priorities": [{"id": f"p{i}", "title": f"Priority {i}", "horizon": "2027-Q2"} for i in range(6)],
        "roadmap": [{"title": f"Item {i}", "available": "2027-Q1", "supports": [f"p{i % 6}"]} for i in range(12)],
        "success_plan": [{"goal": f"Goal {i} for the coming quarter", "customer_owner": f"Person {i}",
                          "vendor_owner": "Person 0", "due": dt.date(2027, 3, 1), "status": "on-track"}
                         for i in range(30)],
        "whitespace": [{"unit": f"Unit {i}", "deployed": ["Core"], "opportunities": [{"product": "Extra", "arr": 5000}]}
                       for i in range(20)],
        "risks": [{"risk": f"Risk {i}", "likelihood": "medium", "impact": "high", "mitigation": "Act"}
                  for i in range(30)],
        "renewal": {"increase_pct": 5, "options": [{"name": f"Option {i}", "term_months": 12 * (i + 1),
                                                    "increase_pct": 5 - i} for i in range(4)]},
    }

"""The internal deck is a 180-day deal review, read back from the .pptx; the customer deck has none of it."""

from __future__ import annotations

from qbrgen.build.assets import assets_for
from qbrgen.render.registry import render
from qbrgen.sections.assemble import build_deck

from .conftest import AS_OF
from .intel_helpers import BASE, person, small
from .render_helpers import all_shapes, deck, slide_title, table_cells


def pptx_slides(info, audience):
    data = render("pptx", build_deck(info, AS_OF, audience), assets_for(info, AS_OF))
    return list(deck(data).slides)


def texts(slide) -> str:
    return "\n".join(s.text_frame.text for s in all_shapes(slide) if s.has_text_frame) + "\n" + "\n".join(
        table_cells(slide))


def by_title(slides) -> dict[str, object]:
    out = {}
    for s in slides:
        out.setdefault(slide_title(s), s)
    return out


def review_account(tmp_path):
    people = [person("Ann Lee", "vp", "using", "champion", 5, "advocate", "2026-11-10"),
              person("Bo Kim", "c-level", "buying", "economic-buyer", 3, "neutral", "2026-04-01"),
              person("Cy Diaz", "director", "adjacent", "blocker", 2, "detractor", "2026-11-20")]
    return small(tmp_path, stakeholders=people,
                 contract={**BASE["contract"], "products": [{"name": "Core", "arr": 100000, "capacity": {
                     "unit": "seats", "contracted": 100, "used": 92}}]},
                 arr_history=[{"date": "2025-03-01", "arr": 90000}, {"date": "2026-03-01", "arr": 100000}],
                 risks=[{"risk": "Budget freeze", "likelihood": "high", "impact": "high",
                         "mitigation": "Tie value to the CFO plan", "owner": "Dana Reyes"}],
                 signals=[{"date": "2026-10-05", "kind": "meeting-cancelled", "note": "Ops review skipped"}],
                 renewal={**BASE["renewal"], "milestones_done": [180]})


def test_internal_deck_slides_read_back(tmp_path):
    slides = by_title(pptx_slides(review_account(tmp_path), "internal"))
    expected = ["Internal: 180-day deal review", "Internal: deal review at a glance", "Internal: Stakeholder map",
                "Internal: Coverage: the 3x3 rule", "Internal: renewal timeline", "Internal: Upsell triggers",
                "Internal: Risk register", "Internal: Churn signals", "Internal: Whitespace",
                "Internal: Who should own this renewal (CURE)"]
    assert all(t in slides for t in expected), sorted(slides)

    glance = texts(slides["Internal: deal review at a glance"])
    assert "111.1%" in glance and "target 120%: 8.9 points short" in glance  # 100,000 / 90,000

    people = table_cells(slides["Internal: Stakeholder map"])
    assert "Strength" in people and "Sentiment" in people
    row = people[people.index("Cy Diaz"):people.index("Cy Diaz") + 7]
    assert row[4:6] == ["2", "detractor"]

    grid = table_cells(slides["Internal: Coverage: the 3x3 rule"])
    assert "AT RISK: Bo Kim" in grid and "AT RISK: Cy Diaz" in grid and "Ann Lee" in grid

    timeline = table_cells(slides["Internal: renewal timeline"])
    states = [timeline[i + 3] for i in range(4, len(timeline), 4)]
    # renewal on Mar 1, 2027, 98 days away: 180 done, 150 missed (its window passed), 120 now, the rest upcoming
    assert states == ["Done", "Missed", "Now", "Upcoming", "Upcoming", "Upcoming", "Upcoming"]

    assert "Core" in table_cells(slides["Internal: Upsell triggers"])
    risks = table_cells(slides["Internal: Risk register"])
    assert "Budget freeze" in risks and "Dana Reyes" in risks and "Owner" in risks
    assert "Ops review skipped" in texts(slides["Internal: Churn signals"])
    assert "Recommended owner: Bring the new-business sales team back in" in texts(  # a critical risk
        slides["Internal: Who should own this renewal (CURE)"])


def test_customer_deck_has_no_deal_review(tmp_path):
    slides = pptx_slides(review_account(tmp_path), "customer")
    text = "\n".join(texts(s) for s in slides)
    for word in ("Internal", "AT RISK", "detractor", "Budget freeze", "Missed", "Recommended owner",
                 "points short"):
        assert word not in text


def test_deal_review_shows_contraction_and_stale_data(tmp_path):
    info = small(tmp_path, contract={**BASE["contract"], "products": [{"name": "Core", "arr": 5770000}]},
                 arr_history=[{"date": "2025-03-01", "arr": 5000000}, {"date": "2026-03-01", "arr": 6000000}],
                 usage={"metric": "Orders", "monthly": {"2026-06": 30, "2026-07": 20, "2026-08": 10}})
    glance = texts(by_title(pptx_slides(info, "internal"))["Internal: deal review at a glance"])
    assert "115.4%" in glance and "4.6 points short" in glance  # 5,770,000 on the 5,000,000 of a year ago
    assert "ARR has contracted since the last renewal: $6,000,000 then, $5,770,000 today." in glance
    assert "Usage data is stale: the last month recorded ends on Aug 31, 2026." in glance

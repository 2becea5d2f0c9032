"""Coverage counts working relationships: weak, hostile and lapsed holders leave a cell at risk."""

from __future__ import annotations

from qbrgen.sections.assemble import build_plan
from qbrgen.sections.document import Bullets, Table

from .intel_helpers import ctx_of, person, small


def cell(cov, seniority, function):
    return next(c for c in cov.cells if (c.seniority, c.function) == (seniority, function))


def coverage_part(info):
    plan = build_plan(info, ctx_of(info).as_of)
    return next(p for p in plan.parts if p.id == "coverage")


def test_working_relationships_cover_their_cells(tmp_path):
    cov = ctx_of(small(tmp_path)).figures.coverage
    assert cell(cov, "executive", "using").status == "covered"
    assert cell(cov, "director", "adjacent").status == "covered"
    assert cov.working == ("Ann Lee", "Bo Kim", "Cy Diaz")
    assert not cov.at_risk and not cov.single_threaded


def test_weak_hostile_and_lapsed_holders_leave_cells_at_risk(tmp_path):
    people = [
        person("Ann Lee", "vp", "using", "champion", 5, "advocate"),
        person("Weak Wu", "director", "buying", strength=2),
        person("Hostile Ho", "director", "adjacent", strength=4, sentiment="detractor"),
        person("Lapsed La", "c-level", "buying", "economic-buyer", strength=5, last_contact="2026-05-01"),
        person("Never Ne", "ic", "using", last_contact=None),
    ]
    info = small(tmp_path, stakeholders=people)
    cov = ctx_of(info).figures.coverage
    assert set(cov.at_risk) == {("director", "buying"), ("director", "adjacent"), ("executive", "buying"),
                                ("ic-manager", "using")}
    assert cell(cov, "director", "buying").holders[0].weaknesses == ("weak",)
    assert cell(cov, "director", "adjacent").holders[0].weaknesses == ("hostile",)
    assert cell(cov, "executive", "buying").holders[0].weaknesses == ("lapsed",)
    assert cov.working == ("Ann Lee",)
    assert "no-c-level" in cov.gaps and cov.single_threaded

    part = coverage_part(info)
    grid = next(b for b in part.blocks if isinstance(b, Table))
    director = next(r for r in grid.rows if r[0] == "Director")
    assert director[1] == "AT RISK: Weak Wu" and director[3] == "AT RISK: Hostile Ho"
    bullets = next(b for b in part.blocks if isinstance(b, Bullets)).items
    assert "At risk: Director in the buying team, held only by Weak Wu (strength 2 of 5)." in bullets
    assert "At risk: Director in the adjacent team, held only by Hostile Ho (detractor)." in bullets
    assert ("At risk: VP / C-level in the buying team, held only by Lapsed La (no contact for 206 days, "
            "cadence 91).") in bullets
    assert "At risk: IC / manager in the using team, held only by Never Ne (no contact recorded)." in bullets


def test_a_working_colleague_keeps_a_cell_covered(tmp_path):
    people = [person("Ann Lee", "vp", "using", "champion", 5, "advocate"),
              person("Weak Wu", "director", "buying", strength=1),
              person("Good Go", "director", "buying", strength=4)]
    cov = ctx_of(small(tmp_path, stakeholders=people)).figures.coverage
    assert cell(cov, "director", "buying").status == "covered"


def test_single_threaded_means_one_real_relationship_not_few_names(tmp_path):
    # five names, but only the champion is a working relationship
    people = [person("Ann Lee", "vp", "using", "champion", 5, "advocate"),
              person("B", "director", "buying", strength=2), person("C", "director", "adjacent", strength=2),
              person("D", "c-level", "buying", "economic-buyer", strength=2), person("E", "ic", "using", strength=2)]
    cov = ctx_of(small(tmp_path / "a", stakeholders=people)).figures.coverage
    assert cov.single_threaded and "one-relationship" in cov.gaps

    # three names, all working, with a senior backup for the champion: not single-threaded
    three = [person("Ann Lee", "vp", "using", "champion", 5, "advocate"),
             person("Bo", "director", "buying", strength=4), person("Cy", "ic", "adjacent", strength=3)]
    cov = ctx_of(small(tmp_path / "b", stakeholders=three)).figures.coverage
    assert not cov.single_threaded

    # two working relationships, but the only other one is junior: no backup for the champion
    junior = [person("Ann Lee", "vp", "using", "champion", 5, "advocate"), person("Cy", "ic", "adjacent", strength=5)]
    cov = ctx_of(small(tmp_path / "c", stakeholders=junior)).figures.coverage
    assert cov.single_threaded and "no-backup" in cov.gaps and "one-relationship" not in cov.gaps



def test_one_missed_touch_is_not_a_lapse(tmp_path):
    people = [person("Weekly We", "manager", "using", "champion", strength=4, last_contact="2026-11-10"),  # 13 days
              person("Gone Go", "manager", "buying", strength=4, last_contact="2026-11-01")]  # 22 days: 3 weeks
    cov = ctx_of(small(tmp_path, stakeholders=people)).figures.coverage
    assert cell(cov, "ic-manager", "using").holders[0].weaknesses == ()
    assert cell(cov, "ic-manager", "buying").holders[0].weaknesses == ("lapsed",)
    assert "Weekly We" in cov.working and "Gone Go" not in cov.working

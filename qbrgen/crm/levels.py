"""A stakeholder's level (c-level, vp, director, manager, ic) derived from a job title.

Rules are checked from the most senior level down, so "Vice President" is a vp and not a president,
and "Assistant to the CEO" is caught by the ic rules before "CEO" makes it c-level. Titles are matched
case-insensitively in English, German, French, Spanish, Italian, Portuguese, Dutch, Swedish and
Japanese.
"""

from __future__ import annotations

import re

# Checked first: words that make a title junior whatever else it says.
_IC_FIRST = [
    r"\bassistant\b", r"\bassistent(in)?\b", r"\bassistante?\b", r"\basistente\b", r"\bassistente\b",
    r"\bintern\b", r"\bpraktikant(in)?\b", r"\bstagiaire\b", r"\bbecario\b", r"\bstagista\b", r"秘書", r"アシスタント",
]
_RULES: list[tuple[str, list[str]]] = [
    ("vp", [
        r"\bvice[- ]?president", r"\bvp\b", r"\bsvp\b", r"\bevp\b", r"\bavp\b",
        r"\bvizepr[äa]sident", r"\bvice-?pr[ée]sident", r"\bvicepresident[ea]", r"\bvice-?presidente",
        r"副社長", r"執行役員", r"本部長",
    ]),
    ("c-level", [
        r"\bc[a-z]{1,2}o\b", r"\bchief\b", r"\bpresident\b", r"\bfounder\b", r"\bowner\b", r"\bpartner\b",
        r"\bmanaging director\b", r"\bgeneral manager\b",
        r"gesch[äa]ftsf[üu]hrer", r"\bvorstand", r"\binhaber", r"\bpr[äa]sident",
        r"\bpr[ée]sident", r"directeur g[ée]n[ée]ral", r"\bpdg\b", r"\bdg\b", r"\bfondateur",
        r"director general", r"\bpresidente", r"consejero delegado", r"\bfundador",
        r"direttore generale", r"amministratore delegato", r"diretor[a]? geral",
        r"\balgemeen directeur", r"\bdirecteur-eigenaar", r"verkst[äa]llande direkt[öo]r", r"\bvd\b",
        r"社長", r"代表取締役", r"取締役", r"会長", r"最高.*責任者",
    ]),
    ("director", [
        r"\bdirector", r"\bhead of\b", r"\bhead\b",
        r"\bdirektor", r"(?<!team)(?<!gruppen)leiter(in)?\b", r"\bbereichsleiter", r"\babteilungsleiter",
        r"\bdirect(eur|rice)\b", r"\bresponsable de (la |l')?direction",
        r"\bdirector[a]?\b", r"\bjefe de (área|departamento)", r"\bdirettore", r"\bdiretor[a]?\b",
        r"\bdirecteur\b", r"direkt[öo]r\b", r"部長", r"ディレクター",
    ]),
    ("manager", [
        r"\bmanager\b", r"\blead\b", r"\bsupervisor\b", r"\bteam ?lead", r"\bcontroller\b",
        r"\bteamleiter", r"\bgruppenleiter", r"\bmanagerin\b", r"\bverantwortlich",
        r"\bresponsable\b", r"\bchef de\b", r"\bgestionnaire\b",
        r"\bgerente\b", r"\bjefe\b", r"\bjefa\b", r"\bcoordinador[a]?\b",
        r"\bresponsabile\b", r"\bcapo\b", r"\bgestor[a]?\b", r"\bteamleider\b",
        r"課長", r"マネージャー", r"係長", r"主任",
    ]),
]
_COMPILED = [(level, re.compile("|".join(patterns), re.IGNORECASE)) for level, patterns in _RULES]
_IC = re.compile("|".join(_IC_FIRST), re.IGNORECASE)


def level_of(title: str | None) -> str:
    """Return the level a job title most likely means; 'ic' when nothing senior is found."""
    if not title:
        return "ic"
    if _IC.search(title):
        return "ic"
    for level, pattern in _COMPILED:
        if pattern.search(title):
            return level
    return "ic"

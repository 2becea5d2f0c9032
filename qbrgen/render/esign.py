"""Anchor text for e-signature platforms, placed invisibly at each line of the acceptance block.

Signer 1 is the customer, signer 2 the vendor (the order of the signature columns).

- **DocuSign** places tabs wherever an ``anchorString`` set in the envelope occurs in the document
  ("auto-place" or anchor tagging). The strings are ours to choose; qbrgen writes ``\\s1\\``
  (signature), ``\\n1\\`` (name), ``\\t1\\`` (title) and ``\\d1\\`` (date signed), ``...2\\`` for signer 2.
- **Adobe Acrobat Sign** reads text tags ``{{name_es_:signerN:type}}`` when a document is uploaded:
  ``signature``, ``fullname``, ``title`` and ``date`` fields. A tag must be at least 2 pt.

Only qbrgen's own anchors may exist in a file: text from an account or a CRM export that looks like
one (a note reading ``\\s1\\`` or ``{{Sig1_es_:signer1:signature}}``) would let a signing platform
place a field where the customer never expects it. :func:`neutralise` rewrites such text in the whole
document tree before any renderer sees it (``\\s1\\`` becomes ``/s1/``, a tag's ``{{`` becomes ``{ {``), and
the renderers add the real anchors afterwards.
"""

from __future__ import annotations

import dataclasses
import re

PLATFORMS = ("docusign", "adobe-sign", "none")
ANCHOR_PT = 2.0  # the smallest size Acrobat Sign reads; white, so it never shows

_DOCUSIGN = {"signature": "s", "name": "n", "title": "t", "date": "d"}
_ADOBE = {"signature": ("Sig", "signature"), "name": ("Name", "fullname"), "title": ("Ttl", "title"),
          "date": ("Dte", "date")}


def anchor(platform: str, signer: int, role: str) -> str:
    """Return the anchor text of ``role`` (signature, name, title, date) for signer ``signer`` (1-based), or ''."""
    if platform == "docusign" and role in _DOCUSIGN:
        return f"\\{_DOCUSIGN[role]}{signer}\\"
    if platform == "adobe-sign" and role in _ADOBE:
        prefix, kind = _ADOBE[role]
        return f"{{{{{prefix}{signer}_es_:signer{signer}:{kind}}}}}"
    if platform in PLATFORMS:
        return ""
    raise ValueError(f"unknown e-signature platform '{platform}'; known: {', '.join(PLATFORMS)}")


_DOCUSIGN_LIKE = re.compile(r"\\([A-Za-z][A-Za-z0-9_]{0,40})\\")
_ADOBE_LIKE = re.compile(r"\{\{[^{}]*_es_[^{}]*\}\}")  # every Acrobat Sign text tag carries '_es_'


def neutralise_text(text: str) -> str:
    """Return ``text`` with anything a signing platform would read as an anchor made inert (and still legible)."""
    if "\\" in text:
        text = _DOCUSIGN_LIKE.sub(r"/\1/", text)
    if "{{" in text and "_es_" in text:
        text = _ADOBE_LIKE.sub(lambda m: m.group().replace("{{", "{ {").replace("}}", "} }"), text)
    return text


def neutralise(value):
    """Return a document tree (frozen dataclasses, tuples, strings) with every string neutralised."""
    if isinstance(value, str):
        return neutralise_text(value)
    if isinstance(value, tuple):
        return tuple(neutralise(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: neutralise(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    return value

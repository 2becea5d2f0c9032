"""Anchor text for e-signature platforms, placed invisibly at each line of the acceptance block.

Signer 1 is the customer, signer 2 the vendor (the order of the signature columns).

- **DocuSign** places tabs wherever an ``anchorString`` set in the envelope occurs in the document
  ("auto-place" or anchor tagging). The strings are ours to choose; qbrgen writes ``\\s1\\``
  (signature), ``\\n1\\`` (name), ``\\t1\\`` (title) and ``\\d1\\`` (date signed), ``...2\\`` for signer 2.
- **Adobe Acrobat Sign** reads text tags ``{{name_es_:signerN:type}}`` when a document is uploaded:
  ``signature``, ``fullname``, ``title`` and ``date`` fields. A tag must be at least 2 pt.
"""

from __future__ import annotations

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

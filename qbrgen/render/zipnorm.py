"""Rewrite an OOXML package (.pptx/.docx/.xlsx) so the same content always gives the same bytes."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

_CORE_DATE = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


def normalize_zip(data: bytes, date: dt.date) -> bytes:
    """Return ``data`` re-zipped with fixed entry times, [Content_Types].xml first, and fixed core dates.

    Embedded packages (the workbook behind each chart) are normalised too.
    """
    stamp = (max(date.year, 1980), date.month, date.day, 0, 0, 0)
    iso = f"{date.isoformat()}T00:00:00Z".encode()
    src = zipfile.ZipFile(io.BytesIO(data))
    names = src.namelist()
    order = sorted(names, key=lambda n: (n != "[Content_Types].xml", n != "_rels/.rels", n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in order:
            blob = src.read(name)
            if name.endswith("core.xml"):
                blob = _CORE_DATE.sub(rb"\g<1>" + iso + rb"\g<2>", blob)
            elif name.endswith((".xlsx", ".docx", ".pptx")) and blob[:2] == b"PK":
                blob = normalize_zip(blob, date)
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            info.create_system = 0
            dst.writestr(info, blob)
    return out.getvalue()

"""The OOXML zip: reproducible, small parts stored, larger ones compressed, an embedded package stored whole."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from qbrgen.render.zipnorm import STORE_BELOW, write_package

DAY = dt.date(2026, 11, 23)


def _embedded() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", b"<Types/>" * 300)
        z.writestr("xl/worksheets/sheet1.xml", b"<row/>" * 2000)
    return out.getvalue()


def test_small_parts_are_stored_large_ones_compressed_and_an_embedded_package_stored_whole():
    parts = {"[Content_Types].xml": b"<Types/>", "ppt/slides/slide1.xml": b"<p:sld>" + b"<a:t>x</a:t>" * 500,
             "ppt/embeddings/Sheet1.xlsx": _embedded(), "docProps/core.xml": b"<dcterms:created>x</dcterms:created>"}
    data = write_package(parts, DAY)
    assert data == write_package(dict(reversed(parts.items())), DAY)  # the same bytes whatever the order given
    package = zipfile.ZipFile(io.BytesIO(data))
    kinds = {i.filename: i.compress_type for i in package.infolist()}
    assert kinds["[Content_Types].xml"] == zipfile.ZIP_STORED and len(parts["[Content_Types].xml"]) < STORE_BELOW
    assert kinds["ppt/slides/slide1.xml"] == zipfile.ZIP_DEFLATED
    assert kinds["ppt/embeddings/Sheet1.xlsx"] == zipfile.ZIP_DEFLATED  # compressed whole, as one part
    assert package.namelist()[0] == "[Content_Types].xml"
    assert {i.date_time for i in package.infolist()} == {(2026, 11, 23, 0, 0, 0)}
    inner = zipfile.ZipFile(io.BytesIO(package.read("ppt/embeddings/Sheet1.xlsx")))
    assert {i.compress_type for i in inner.infolist()} == {zipfile.ZIP_STORED}
    assert inner.read("xl/worksheets/sheet1.xml") == b"<row/>" * 2000  # its content unchanged
    assert package.read("ppt/slides/slide1.xml") == parts["ppt/slides/slide1.xml"]

"""Remove from a team template everything Office would fetch or include from outside when the file opens.

Parts are read by a hardened XML parser (lxml with entities, DTD loading and network access off; a
DTD is refused before this runs), never matched as bytes: an attribute in single quotes, written
with character references, or a relationship closed by an end tag is the same element to the parser.
Three things go:

- relationships that point outside the package (``TargetMode="External"`` in any spelling, or a
  target that is a URL or a network path), with the references to them in the part they belong to;
- Word fields that fetch or include content (``INCLUDEPICTURE``, ``INCLUDETEXT``, ``LINK``, ``DDE``,
  ``DDEAUTO``, ``IMPORT``), simple or complex, in every Word part (body, headers, footers, notes,
  comments, glossary); the field's last shown result is kept as plain text or picture;
- a mail-merge data source in Word's settings (it connects to a database or file when opened).
"""

from __future__ import annotations

import re

REL_NS = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships",
          "http://purl.oclc.org/ooxml/officeDocument/relationships")
_REMOTE = re.compile(r"^\s*(?:[a-zA-Z][a-zA-Z0-9+.\-]*:|[\\/]{2})")  # a scheme (http:, file:, mhtml:) or //host
FETCHING_FIELDS = ("INCLUDEPICTURE", "INCLUDETEXT", "LINK", "DDE", "DDEAUTO", "IMPORT")
_FIELD = re.compile(r"^\s*(" + "|".join(FETCHING_FIELDS) + r")\b", re.IGNORECASE)


class UnsafeXml(Exception):
    """A part that the hardened parser refuses (a DTD, an entity, or not well-formed)."""


def parse(blob: bytes):
    """Return the root element of ``blob`` parsed with entities, DTDs and network access off."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             huge_tree=False, remove_comments=False)
    try:
        tree = etree.fromstring(blob, parser).getroottree()
    except etree.XMLSyntaxError as exc:
        raise UnsafeXml(f"not well-formed XML ({exc.msg})") from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise UnsafeXml("declares a DTD or XML entities")
    if any(isinstance(node, etree._Entity) for node in tree.iter()):
        raise UnsafeXml("uses XML entities")
    return tree.getroot()


def serialize(root) -> bytes:
    from lxml import etree

    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def is_external(rel) -> bool:
    """Return whether a Relationship element points outside the package, however it is spelt."""
    mode = (rel.get("TargetMode") or "").strip().lower()
    return mode == "external" or bool(_REMOTE.match(rel.get("Target") or ""))


def source_of(rels: str) -> str:
    """Return the part a .rels part describes: 'ppt/_rels/presentation.xml.rels' -> 'ppt/presentation.xml'."""
    folder, _, file = rels.rpartition("_rels/")
    return folder + file.removesuffix(".rels")


def strip_external(parts: dict[str, bytes], name: str, warnings: list[str]) -> bool:
    """Remove every external relationship and the references to it; return whether anything changed."""
    kinds: dict[str, int] = {}
    attached = False
    for rels in [p for p in parts if p.endswith(".rels")]:
        root = parse(parts[rels])
        removed: dict[str, str] = {}
        for rel in [el for el in root.iter() if _local(el.tag) == "Relationship"]:
            if is_external(rel):
                kind = (rel.get("Type") or "").rsplit("/", 1)[-1] or "link"
                removed[(rel.get("Id") or "").strip()] = kind
                kinds[kind] = kinds.get(kind, 0) + 1
                rel.getparent().remove(rel)
        if not removed:
            continue
        parts[rels] = serialize(root)
        attached |= "attachedTemplate" in removed.values()
        source = source_of(rels)
        if source in parts and source.endswith(".xml"):
            parts[source] = _drop_references(parse(parts[source]), set(removed) - {""})
    if attached:
        warnings.append(f"{name}: removed the link to an attached template on another computer or server")
    if kinds:
        listed = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
        warnings.append(f"{name}: removed links to outside files that Office would fetch on opening ({listed})")
    return bool(kinds)


def _drop_references(root, ids: set[str]) -> bytes:
    for el in list(root.iter()):
        if _local(el.tag) == "attachedTemplate":
            el.getparent().remove(el)
            continue
        for key, value in el.attrib.items():
            if key.startswith("{") and key[1:].split("}", 1)[0] in REL_NS and value.strip() in ids:
                el.set(key, "")
    return serialize(root)


def _word_parts(parts: dict[str, bytes]) -> list[str]:
    return [p for p in parts if p.endswith(".xml") and (p.startswith("word/") or "/word/" in p)]


def strip_fields(parts: dict[str, bytes], name: str, warnings: list[str]) -> bool:
    """Remove Word fields that fetch or include outside content, and mail-merge sources; True if any."""
    found: dict[str, set[str]] = {}
    merge = False
    for part in _word_parts(parts):
        blob = parts[part]
        root = parse(blob)
        kinds = _strip_simple(root) + _strip_complex(root)
        if part.endswith("settings.xml"):
            for el in [e for e in root.iter() if _local(e.tag) == "mailMerge"]:
                el.getparent().remove(el)
                merge = True
        if kinds or (merge and part.endswith("settings.xml")):
            parts[part] = serialize(root)
        for kind in kinds:
            found.setdefault(kind, set()).add(part.rsplit("/", 1)[-1])
    for kind, where in sorted(found.items()):
        warnings.append(f"{name}: removed {kind} field(s), which fetch or include outside content when the file "
                        f"opens ({', '.join(sorted(where))})")
    if merge:
        warnings.append(f"{name}: removed its mail-merge data source (a database or file opened with the document)")
    return bool(found) or merge


def _field_kind(instr: str) -> str | None:
    match = _FIELD.match(instr)
    return match.group(1).upper() if match else None


def _strip_simple(root) -> list[str]:
    kinds = []
    for field in [e for e in root.iter() if _local(e.tag) == "fldSimple"]:
        instr = next((v for k, v in field.attrib.items() if _local(k) == "instr"), "")
        kind = _field_kind(instr)
        if kind is None:
            continue
        kinds.append(kind)
        parent = field.getparent()
        at = parent.index(field)
        for child in list(field):  # the field's shown result stays, as plain runs
            if _local(child.tag) != "fldData":
                parent.insert(at, child)
                at += 1
        parent.remove(field)
    return kinds


def _strip_complex(root) -> list[str]:
    """Remove the begin/instruction/separate/end marks of fetching complex fields (nested ones too)."""
    kinds = []
    stack: list[tuple[list, list[str]]] = []  # (field's mark elements, its instruction text pieces)
    marks = [e for e in root.iter() if _local(e.tag) in {"fldChar", "instrText", "delInstrText"}]
    for el in marks:
        if _local(el.tag) == "fldChar":
            kind = next((v for k, v in el.attrib.items() if _local(k) == "fldCharType"), "")
            if kind == "begin":
                stack.append(([el], []))
            elif stack:
                stack[-1][0].append(el)
                if kind == "end":
                    elements, text = stack.pop()
                    _drop_if_fetching(elements, text, kinds)
        elif stack:
            stack[-1][0].append(el)
            stack[-1][1].append(el.text or "")
        else:  # an instruction outside any field: Word ignores it, unless it fetches
            if _field_kind(el.text or ""):
                kinds.append(_field_kind(el.text or ""))
                el.getparent().remove(el)
    for elements, text in stack:  # a field never ended: judged on what it has
        _drop_if_fetching(elements, text, kinds)
    return kinds


def _drop_if_fetching(elements, text: list[str], kinds: list[str]) -> None:
    """Remove a field's elements when its instruction fetches or includes, noting its kind in ``kinds``."""
    found = _field_kind("".join(text))
    if found:
        kinds.append(found)
        for mark in elements:
            if mark.getparent() is not None:
                mark.getparent().remove(mark)

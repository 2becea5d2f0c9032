"""Load a YAML file into plain mappings and lists that remember the line of every key.

Only PyYAML's safe composer is used (libyaml's when available), and the node tree is turned into values here, not by
PyYAML's constructors, so that:

* every scalar stays the text the user wrote (``NO``, ``on`` and ``001234`` stay strings);
  the model converts it by the field's type, which is the only place that knows what was meant;
* unknown tags (``!!python/object``) are errors, never executed;
* aliases are refused before anything is built (no "billion laughs");
* duplicate keys, several documents, deep nesting, conflict markers, binary and non-UTF-8
  files are reported as :class:`~qbrgen.errors.Problem` with a line, never as a traceback.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from qbrgen.account.paths import read_at_most
from qbrgen.errors import InputError, Problem

# libyaml's safe loader when PyYAML was built with it (12x faster, same marks); the pure-Python one otherwise.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 40
MAX_CHAR_NOTES = 20  # control-character warnings listed one by one; the rest are counted
_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_STD + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_CONFLICT = re.compile(r"^(<{7}|={7}|>{7})(\s|$)", re.MULTILINE)
# Characters XML 1.0 forbids, plus the C1 controls YAML refuses: a spreadsheet export's debris.
_BAD_CHARS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)


class LMap(dict):
    """A mapping that remembers its own line and the line of each key."""

    line: int = 1
    key_lines: dict[str, int]


class LList(list):
    """A list that remembers its own line and the line of each item."""

    line: int = 1
    item_lines: list[int]


@dataclass
class Loaded:
    """A loaded YAML file: its data, its display name and any warnings raised on the way."""

    file: str
    data: LMap
    warnings: list[Problem] = field(default_factory=list)


def format_path(loc: tuple[object, ...] | list[object]) -> str:
    """Return ``a.b[0].c`` for the location ``('a', 'b', 0, 'c')``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def line_of(data: object, loc: tuple[object, ...] | list[object]) -> int | None:
    """Return the line of the deepest part of ``loc`` that exists in ``data``."""
    line = getattr(data, "line", None)
    current = data
    for part in loc:
        if isinstance(current, LMap) and isinstance(part, str) and part in current:
            line = current.key_lines.get(part, line)
            current = current[part]
        elif isinstance(current, LList) and isinstance(part, int) and 0 <= part < len(current):
            line = current.item_lines[part]
            current = current[part]
        else:
            break
    return line


def load_file(path: Path, display: str | None = None) -> Loaded:
    """Return the loaded mapping of the YAML file at ``path``; raise InputError if unusable."""
    name = display or str(path)
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # before open(): opening a FIFO waits for a writer
            raise InputError([Problem(name, None, "", "not a regular file (a device, pipe or socket); "
                                                      "an account file is a YAML text file")])
        with open(path, "rb") as fh:
            raw = read_at_most(fh, MAX_BYTES + 1)
    except OSError as exc:
        raise InputError([Problem(name, None, "", f"cannot read the file: {exc.strerror or exc}")]) from None
    return load_bytes(raw, name)


def peek_account(path: Path) -> tuple[str, str] | None:
    """Return ``account.name`` and ``account.id`` (or "") as :func:`load_file` reads them, reading the file only as
    far as the end of the ``account`` block: a build names output folders before it loads any account in full.
    None when that cannot be told so cheaply (an alias, a tag, no ``account`` mapping, not YAML text)."""
    try:
        with open(path, "rb") as fh:
            raw = read_at_most(fh, MAX_BYTES + 1)
        text, _, _ = _text(raw, str(path))
    except (OSError, InputError):
        return None
    found: dict[str, str | None] = {"name": None, "id": None}
    stack: list[list] = []  # per open collection: [is a mapping, a key comes next, the last key]
    try:
        for event in yaml.parse(text, Loader=SAFE_LOADER):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
                return None
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if event.tag not in (None, "!", _STD + "map", _STD + "seq"):
                    return None
                stack.append([isinstance(event, yaml.MappingStartEvent), True, None])
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
                if len(stack) == 1 and stack[0][2] == "account" and not stack[0][1]:
                    return found["name"] or "", found["id"] or ""  # the account block ends here
                if stack and stack[-1][0]:
                    stack[-1][1] = True
            elif isinstance(event, yaml.ScalarEvent) and stack:
                if event.tag not in (None, "!") and event.tag not in _SCALAR_TAGS:
                    return None
                top = stack[-1]
                if not top[0]:
                    continue
                if top[1]:
                    top[1], top[2] = False, event.value
                    continue
                top[1] = True
                if len(stack) == 2 and stack[0][2] == "account" and top[2] in found and found[top[2]] is None:
                    null = event.implicit[0] and event.value in ("", "~", "null", "Null", "NULL")
                    found[top[2]] = "" if null else event.value  # the first one, as the full load keeps
    except yaml.YAMLError:
        return None
    return None


def load_bytes(raw: bytes, name: str) -> Loaded:
    """Return the loaded mapping of YAML ``raw`` bytes, reported under the file name ``name``."""
    text, dirty, fail = _text(raw, name)
    _check_events(text, fail)
    try:
        node = yaml.compose(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:  # pragma: no cover - the event pass has seen the same text
        raise fail(_yaml_message(exc), _yaml_line(exc)) from None
    if node is None:
        raise fail("the file has no content (only comments); an account file starts with 'version: 1'")
    if not isinstance(node, yaml.MappingNode):
        kind = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        raise fail(f"the top level must be a mapping of fields (like 'version: 1'), not {kind}",
                   node.start_mark.line + 1)

    converter = _Converter(name, dirty)
    data = converter.convert(node, ())
    leftover = sorted(converter.dirty.items())
    for line, chars in leftover[:MAX_CHAR_NOTES]:
        converter.warnings.append(Problem(name, line, "", _removed(chars), "warning"))
    if len(leftover) > MAX_CHAR_NOTES:
        more = len(leftover) - MAX_CHAR_NOTES
        converter.warnings.append(Problem(name, leftover[MAX_CHAR_NOTES][0], "",
                                          f"removed the same kind of characters from {more} more line(s)", "warning"))
    if converter.problems:
        raise InputError(converter.problems)
    return Loaded(name, data, converter.warnings)


def _text(raw: bytes, name: str):
    """Return (text, lines whose invisible characters were removed, a failure maker) of a file's bytes; raise
    InputError for what is not YAML text at all."""

    def fail(message: str, line: int | None = None) -> InputError:
        return InputError([Problem(name, line, "", message)])

    if len(raw) > MAX_BYTES:
        raise fail(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB; an account file is a few KB")
    if not raw.strip(b" \t\r\n\xef\xbb\xbf"):
        raise fail("the file is empty; an account file starts with 'version: 1'")
    if raw.count(b"\x00") > 8 or raw[:4] in (b"\x89PNG", b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0"):
        raise fail("this is a binary file, not YAML text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise fail(f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8", line) from None

    problems = [
        Problem(name, line, "", "unresolved merge conflict marker; finish the merge first")
        for line, _ in _numbered(text, _CONFLICT.finditer(text))
    ]
    if problems:
        raise InputError(problems)

    dirty: dict[int, set[str]] = {}
    for line, m in _numbered(text, _BAD_CHARS.finditer(text)):
        dirty.setdefault(line, set()).add(m.group())
    if dirty:
        text = _BAD_CHARS.sub("", text)

    return text, dirty, fail


def _numbered(text: str, matches):
    """Yield (line, match) for matches in order, counting newlines once over the text (linear, not per match)."""
    line, last = 1, 0
    for m in matches:
        line += text.count("\n", last, m.start())
        last = m.start()
        yield line, m


def _removed(chars: set[str]) -> str:
    codes = ", ".join(f"U+{ord(c):04X}" for c in sorted(chars))
    return f"removed invisible control character(s) {codes} that documents cannot hold"


def _yaml_line(exc: yaml.YAMLError) -> int | None:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return mark.line + 1 if mark is not None else None


def _yaml_message(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    text = f"{context}, {problem}" if context else problem
    return f"YAML syntax error: {text}"


def _check_events(text: str, fail) -> None:
    """Walk the event stream (no recursion) to refuse aliases, deep nesting and several documents."""
    depth = documents = 0
    try:
        for event in yaml.parse(text, Loader=SAFE_LOADER):
            if isinstance(event, yaml.AliasEvent):
                raise fail(
                    f"YAML aliases (*{event.anchor}) are not supported; write the value out in full",
                    event.start_mark.line + 1,
                )
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise fail(f"the data is nested more than {MAX_DEPTH} levels deep", event.start_mark.line + 1)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise fail(
                        "the file holds several YAML documents ('---'); keep one account per file",
                        event.start_mark.line + 1,
                    )
    except yaml.YAMLError as exc:
        raise fail(_yaml_message(exc), _yaml_line(exc)) from None


class _Converter:
    """Turn a composed node tree into LMap/LList/str/None, collecting problems."""

    def __init__(self, name: str, dirty: dict[int, set[str]]):
        self.name = name
        self.dirty = dict(dirty)
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def convert(self, node: yaml.Node, loc: tuple[object, ...]):
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            if node.tag != _STD + "map":
                return self._bad_tag(node, loc)
            out = LMap()
            out.line, out.key_lines = line, {}
            for key_node, value_node in node.value:
                key_line = key_node.start_mark.line + 1
                if not isinstance(key_node, yaml.ScalarNode):
                    self.problems.append(Problem(self.name, key_line, format_path(loc), "a key must be plain text"))
                    continue
                key = key_node.value
                if key == "<<":
                    self.problems.append(
                        Problem(self.name, key_line, format_path(loc), "YAML merge keys ('<<') are not supported")
                    )
                    continue
                if key in out:
                    self.problems.append(
                        Problem(
                            self.name,
                            key_line,
                            format_path((*loc, key)),
                            f"duplicate key '{key}' (first given on line {out.key_lines[key]})",
                        )
                    )
                    continue
                out.key_lines[key] = key_line
                out[key] = self.convert(value_node, (*loc, key))
            return out
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _STD + "seq":
                return self._bad_tag(node, loc)
            out_list = LList()
            out_list.line, out_list.item_lines = line, []
            for i, item in enumerate(node.value):
                out_list.item_lines.append(item.start_mark.line + 1)
                out_list.append(self.convert(item, (*loc, i)))
            return out_list
        if node.tag not in _SCALAR_TAGS:
            return self._bad_tag(node, loc)
        if node.tag == _STD + "null" and node.value in ("", "~", "null", "Null", "NULL"):
            return None
        value = node.value
        end = node.end_mark.line + 1
        lines = [n for n in range(line, end + 1) if n in self.dirty] if self.dirty else []
        found = set(_BAD_CHARS.findall(value))
        for n in lines:
            found |= self.dirty.pop(n)
        if found:
            value = _BAD_CHARS.sub("", value)
            self.warnings.append(Problem(self.name, line, format_path(loc), _removed(found), "warning"))
        return value

    def _bad_tag(self, node: yaml.Node, loc: tuple[object, ...]) -> None:
        self.problems.append(
            Problem(
                self.name,
                node.start_mark.line + 1,
                format_path(loc),
                f"the YAML tag '{node.tag}' is not allowed; write plain values",
            )
        )
        return None

"""Find English left in a document built in another language: the pseudo-language check.

Built with ``--language qps``, every message qbrgen prints is accented and bracketed ("[Ŵîñđöŵ]"), so any
plain ASCII word that is also a word of the catalog's English source, and not a word of the account's own
data, is a sentence that did not go through gettext. Used by the suite and, as a script, by developers::

    python tests/language_helpers.py OUTPUT_FOLDER ACCOUNT.yaml [WORKSPACE.yaml]
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from pathlib import Path

import yaml

WORD = re.compile(r"[A-Za-z]{3,}")
# The parts a reader sees: slides, notes, charts, the body, headers, footers and notes of a Word file, and the
# document properties (a title or subject shows in the file's info). A master's "Click to edit" samples do not.
SHOWN_PARTS = ("ppt/slides/", "ppt/notesSlides/", "ppt/charts/", "word/document.xml", "word/header",
               "word/footer", "word/footnotes", "word/endnotes", "word/charts/", "docProps/core.xml")


def catalog_words() -> set[str]:
    """Return every word of three letters or more in the English source of qbrgen's messages."""
    from qbrgen.build.catalogs import template_catalog

    words: set[str] = set()
    for message in template_catalog():
        for text in (message.id if isinstance(message.id, (list, tuple)) else (message.id,)):
            text = re.sub(r"\{[^{}]*\}|%\(\w+\)s", " ", text or "")
            words.update(w.lower() for w in WORD.findall(text))
    return words


def data_words(*files: Path) -> set[str]:
    """Return every word in the account's and workspace's own values (names, goals, clauses)."""
    words: set[str] = set()

    def walk(node) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(key)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif node is not None:
            words.update(w.lower() for w in WORD.findall(str(node)))

    for file in files:
        if file and file.is_file():
            walk(yaml.safe_load(file.read_text(encoding="utf-8")))
    return words


def document_text(path: Path) -> str:
    """Return the visible text of a .pptx, .docx, .pdf, .md or .html file (XML text nodes for Office files)."""
    data = path.read_bytes()
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    if path.suffix in (".pptx", ".docx"):
        texts = []
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for name in z.namelist():
                if name.endswith(".xml") and name.startswith(SHOWN_PARTS):
                    xml = z.read(name).decode("utf-8", "replace")
                    texts.extend(re.findall(r"<(?:a:t|w:t|c:v)(?: [^>]*)?>([^<]*)<", xml))
        return "\n".join(texts)
    text = data.decode("utf-8", "replace")
    return re.sub(r"<[^>]+>", " ", text) if path.suffix == ".html" else text


def english_left(text: str, vocabulary: set[str], allowed: set[str]) -> list[str]:
    """Return each line of ``text`` holding a catalog word that is not the account's own, the word marked."""
    found = []
    for line in text.splitlines():
        hits = [w for w in WORD.findall(line) if w.lower() in vocabulary and w.lower() not in allowed]
        if hits:
            found.append(f"{', '.join(dict.fromkeys(hits))}  <<  {line.strip()[:160]}")
    return found


def main(folder: str, *data: str) -> int:
    vocabulary = catalog_words()
    allowed = data_words(*(Path(d) for d in data))
    bad = 0
    for path in sorted(Path(folder).rglob("*")):
        if path.suffix in (".pptx", ".docx", ".pdf", ".md", ".html") and "plan" not in path.name:
            for line in english_left(document_text(path), vocabulary, allowed):
                print(f"{path.name}: {line}")
                bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))

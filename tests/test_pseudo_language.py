"""No English left: every example built in the pseudo-language, every format, shows only catalog text.

The pseudo-language ("qps") writes every message accented and bracketed ([Ŵîñđöŵ]); a plain English word
of the catalog's source that is not a word of the account's own data is a sentence that bypassed gettext.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from qbrgen.account.validate import Workspaces, load_account
from qbrgen.build.outputs import render_outputs
from qbrgen.render import pdf_fonts

from .language_helpers import catalog_words, data_words, document_text, english_left

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted([*(ROOT / "examples" / "accounts").glob("*.yaml"), *(ROOT / "examples" / "languages").glob("*.yaml")])
AS_OF = dt.date(2026, 12, 6)
VOCABULARY = catalog_words()


@pytest.mark.parametrize("account", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("audience", ["customer", "internal"])
def test_a_pseudo_language_build_leaves_no_english(account, audience, tmp_path):
    info = load_account(account, Workspaces().for_account(account))
    formats = ("pptx", "docx", "pdf") if audience == "customer" else ("pptx",)
    if info.model.account.locale.startswith(("ja", "zh", "ko")) and pdf_fonts.cjk_family("ja-JP") is None:
        formats = tuple(f for f in formats if f != "pdf")  # no CJK font here: the PDF is refused, by design
    files = render_outputs(info, tmp_path, formats, AS_OF, audience, language="qps", deck_asked=True)
    allowed = data_words(account, ROOT / "examples" / "qbrgen.yaml")
    left = {}
    for path, data in files.items():
        path.write_bytes(data)
        found = english_left(document_text(path), VOCABULARY, allowed)
        if found:
            left[path.name] = found
    assert left == {}


def test_the_check_finds_english():
    """The check itself: an English sentence in a document is found, the account's own words are not."""
    vocabulary = {"renewal", "proposal", "price"}
    assert english_left("[Ŵîñđöŵ] Renewal proposal", vocabulary, set())
    assert not english_left("[Ŵîñđöŵ] Renewal proposal", vocabulary, {"renewal", "proposal"})
    assert not english_left("[Ƥŕîçé] 4,5 %", vocabulary, set())

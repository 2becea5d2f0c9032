"""Contact sheets: build every example and montage each document's pages into one PNG, to look at.

Builds the example accounts (deck, internal deck, DOCX and PDF proposal), converts the deck and the
DOCX to PDF with LibreOffice, renders every page with poppler's ``pdftoppm`` and tiles them with
ImageMagick's ``montage``. Needs ``soffice``, ``pdftoppm`` and ``montage`` on the PATH.

Run: python benchmarks/contact_sheet.py [-o DIR] [--dpi 50] [--as-of 2026-11-20] [ACCOUNT.yaml ...]
Writes DIR/<account>-<document>.png and prints their paths.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples" / "accounts").glob("*.yaml"))


def run(*args: str) -> None:
    """Run a command, failing loudly with its output."""
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"{' '.join(args[:3])} ... failed:\n{done.stdout}{done.stderr}")


def build(accounts: list[Path], out: Path, as_of: str) -> list[Path]:
    """Build the customer documents and the internal deck; return the files to look at."""
    qbrgen = [sys.executable, "-m", "qbrgen"]
    run(*qbrgen, "build", *map(str, accounts), "-o", str(out / "customer"), "--format", "pptx,docx,pdf",
        "--as-of", as_of, "--force")
    run(*qbrgen, "build", *map(str, accounts), "-o", str(out / "internal"), "--format", "pptx",
        "--audience", "internal", "--as-of", as_of, "--force")
    return sorted(p for p in out.rglob("*") if p.suffix in (".pptx", ".docx", ".pdf"))


def to_pdf(files: list[Path], work: Path) -> dict[Path, Path]:
    """Return each file's PDF: LibreOffice converts decks and DOCX files (one call), PDFs stay as they are."""
    office = [f for f in files if f.suffix != ".pdf"]
    pdfs = {f: f for f in files if f.suffix == ".pdf"}
    for f in office:  # copy under a unique name: every account's files share names
        shutil.copy(f, work / f"{f.parent.name}-{f.stem}{f.suffix}")
    if office:
        profile = f"-env:UserInstallation=file://{work / 'lo-profile'}"
        run("soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(work / "pdf"),
            *(str(work / f"{f.parent.name}-{f.stem}{f.suffix}") for f in office))
    for f in office:
        pdfs[f] = work / "pdf" / f"{f.parent.name}-{f.stem}.pdf"
    return pdfs


def sheet(pdf: Path, png: Path, dpi: int, work: Path) -> None:
    """Render every page of ``pdf`` and tile them, four across, into ``png``."""
    pages = work / png.stem
    pages.mkdir()
    run("pdftoppm", "-png", "-r", str(dpi), str(pdf), str(pages / "p"))
    run("montage", *sorted(map(str, pages.glob("p-*.png"))), "-tile", "4x", "-geometry", "+4+4",
        "-background", "#9aa0a6", str(png))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("accounts", nargs="*", type=Path, default=EXAMPLES)
    parser.add_argument("-o", "--out", type=Path, default=Path("contact-sheets"))
    parser.add_argument("--dpi", type=int, default=50)
    parser.add_argument("--as-of", default="2026-11-20")
    args = parser.parse_args()
    for tool in ("soffice", "pdftoppm", "montage"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is not installed")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        files = build(args.accounts, work / "build", args.as_of)
        for source, pdf in to_pdf(files, work).items():
            kind = "internal-deck" if "INTERNAL" in source.name else source.stem + source.suffix.replace(".", "-")
            png = args.out / f"{source.parent.name}-{kind}.png"
            sheet(pdf, png, args.dpi, work)
            print(png)


if __name__ == "__main__":
    main()

"""LibreOffice opening qbrgen's files makes no network connection (issue 27).

Builds one account (the northwind example) as a deck and a DOCX proposal, then converts each to PDF
with LibreOffice twice:

- under ``strace -f -e trace=connect``: every connect() of every LibreOffice process is listed, and
  any to an address that is not this machine (not a Unix socket, not 127.0.0.0/8 or ::1) is reported;
- under ``unshare -n`` (a network namespace with no interface but loopback), where it must still
  convert: nothing in the file needs the network to render.

    python benchmarks/offline_soffice.py [FILE.pptx|FILE.docx ...]

Prints what it saw; exits 1 if a connection left the machine or a conversion failed. Needs soffice
(``libreoffice``) and strace; ``unshare -n`` is skipped where the kernel does not allow it.
"""

from __future__ import annotations

import ipaddress
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONNECT = re.compile(r"connect\(\d+, \{sa_family=(AF_\w+)(.*?)\}")
ADDRESS = re.compile(r'(?:sin_addr=inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)")')


def outside(strace_log: str) -> list[str]:
    """Return the connect() lines of ``strace_log`` whose address is not this machine."""
    found = []
    for line in strace_log.splitlines():
        match = CONNECT.search(line)
        if not match:
            continue
        family, rest = match.groups()
        if family in ("AF_UNIX", "AF_LOCAL", "AF_NETLINK"):
            continue
        address = ADDRESS.search(rest)
        text = (address.group(1) or address.group(2)) if address else ""
        try:
            ip = ipaddress.ip_address(text)
        except ValueError:
            found.append(line.strip())  # a family or address we cannot read counts as outside
            continue
        if not (ip.is_loopback or (ip.version == 6 and ip.ipv4_mapped and ip.ipv4_mapped.is_loopback)):
            found.append(line.strip())
    return found


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(files: list[Path], outdir: Path, profile: Path, wrapper: list[str]) -> subprocess.CompletedProcess:
    command = [*wrapper, soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
               "pdf", "--outdir", str(outdir), *map(str, files)]
    return subprocess.run(["timeout", "60", *command], capture_output=True, text=True, check=False)


def unshare_works() -> bool:
    unshare = shutil.which("unshare")
    return bool(unshare) and subprocess.run([unshare, "-n", "true"], capture_output=True, check=False).returncode == 0


def check(files: list[Path], work: Path) -> list[str]:
    """Convert the files under strace, then without a network; return what went wrong (empty: all held)."""
    problems = []
    profile = work / f"lo-offline-{os.getpid()}"
    names = ", ".join(f.name for f in files)
    for label, wrapper in (("strace", ["strace", "-f", "-qq", "-e", "trace=connect", "-o", str(work / "log")]),
                           ("no network", ["unshare", "-n"] if unshare_works() else None)):
        if wrapper is None:
            print("unshare -n is not allowed here; the conversion without a network was skipped")
            continue
        outdir = work / f"pdf-{label.replace(' ', '-')}"
        done = convert(files, outdir, profile, wrapper)
        pdfs = [outdir / (f.stem + ".pdf") for f in files]
        missing = [p.name for p in pdfs if not p.is_file() or p.stat().st_size == 0]
        if done.returncode != 0 or missing:
            problems.append(f"the conversion under {label} failed (exit {done.returncode}, missing "
                            f"{', '.join(missing) or 'nothing'}): {done.stderr.strip()[-300:]}")
            continue
        if label == "strace":
            log = (work / "log").read_text(errors="replace")
            away = outside(log)
            print(f"{names}: converted under strace; {len(CONNECT.findall(log))} connect() calls, "
                  f"{len(away)} off this machine")
            problems += [f"connected outside: {line}" for line in away]
        else:
            print(f"{names}: converted with no network (unshare -n): "
                  + ", ".join(f"{p.name} {p.stat().st_size:,} bytes" for p in pdfs))
    return problems


def build_example(work: Path) -> list[Path]:
    folder = work / "workspace"
    (folder / "accounts").mkdir(parents=True)
    shutil.copy(ROOT / "examples" / "qbrgen.yaml", folder / "qbrgen.yaml")
    shutil.copy(ROOT / "examples" / "accounts" / "northwind-logistics.yaml", folder / "accounts")
    out = work / "out"
    subprocess.run([sys.executable, "-m", "qbrgen", "build", str(folder), "-o", str(out), "--format", "pptx,docx",
                    "--as-of", "2026-11-23"], check=True, capture_output=True)
    return sorted(out.rglob("*.pptx")) + sorted(out.rglob("*.docx"))


def main(argv: list[str]) -> int:
    if soffice() is None or shutil.which("strace") is None:
        print("needs LibreOffice (soffice) and strace; not run")
        return 0
    with tempfile.TemporaryDirectory(prefix="qbrgen-offline-") as tmp:
        work = Path(tmp)
        files = [Path(a).resolve() for a in argv] or build_example(work)
        problems = check(files, work)
    for problem in problems:
        print(problem)
    print("no connection left the machine" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

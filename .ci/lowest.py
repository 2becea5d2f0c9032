"""Print a pip constraints file pinning every direct dependency to the lowest version pyproject.toml allows."""

import re
import tomllib
from pathlib import Path

project = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text())["project"]
for requirement in project["dependencies"] + project["optional-dependencies"]["test"]:
    match = re.match(r"\s*([A-Za-z0-9_.\-]+)\s*>=\s*([0-9][^,;\s]*)", requirement)
    if match is None:
        raise SystemExit(f"no lower bound in {requirement!r}: every direct dependency needs one")
    print(f"{match.group(1)}=={match.group(2)}")

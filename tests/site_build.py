"""Building the static site for tests (the bundled FAQ, a folder of test content, a team's site
as the README says), and reading what was built."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from conftest import ROOT


def build_site(out: Path, docs_dir: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` into ``out``; ``docs_dir`` replaces content/ when given."""
    config = ROOT / "mkdocs.yml"
    if docs_dir is not None:
        text = config.read_text("utf-8")
        text = re.sub(r"(?m)^docs_dir: .*$", f"docs_dir: {docs_dir}", text)
        text = text.replace("  - site/hooks.py", f"  - {ROOT / 'site' / 'hooks.py'}")
        text = text.replace("watch:\n  - site", f"watch:\n  - {ROOT / 'site'}")
        config = out.parent / f"{out.name}-mkdocs.yml"
        config.write_text(text, "utf-8")
    return run_mkdocs(config, out, cwd=ROOT)


def run_mkdocs(config: Path, out: Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict -f config -d out``, as a user runs it (in the folder of ``config``)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(out)],
        cwd=cwd or config.parent,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


def matcher_data(site: Path) -> dict[str, Any]:
    """The matcher's data the plugin wrote into the built ``site`` (``assets/kbfind/kbfind-data.js``:
    ``window.kbfindData = JSON.parse('…');``)."""
    text = (site / "assets" / "kbfind" / "kbfind-data.js").read_text("utf-8")
    m = re.fullmatch(r"window\.kbfindData = JSON\.parse\('(.*)'\);\n", text, re.DOTALL)
    assert m, text[:200]
    return json.loads(re.sub(r"\\(.)", r"\1", m.group(1), flags=re.DOTALL))


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)


def ids_of(page: Path) -> set[str]:
    """Every ``id`` of an HTML page: where its anchors can land."""
    parser = _Ids()
    parser.feed(page.read_text("utf-8"))
    return parser.ids


def readme_blocks(section: str, language: str) -> list[str]:
    """The ``language`` code blocks of the README's ``## section``, in order."""
    text = (ROOT / "README.md").read_text("utf-8")
    body = text.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(rf"(?ms)^```{language}\n(.*?)^```$", body)

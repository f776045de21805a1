"""Building the static site for tests: the bundled FAQ, or a folder of test content."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

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
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )

"""What only this repository's site does; everything else is the ``kbfind`` plugin's.

``content/`` is the bundled knowledge base, kept as published upstream: its ``README.md`` (where
the FAQ comes from, its licence) is the site's ``about/`` page rather than its home page, which
is the paste page; and the tags page (``site/pages/tags.md``) lives outside ``content/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

PAGES = Path(__file__).resolve().parent / "pages"


@event_priority(100)  # before the kbfind plugin places the paste page at the home page
def on_files(files: Files, config: Any) -> Files:
    readme = files.get_file_from_path("README.md")
    if readme is not None:
        files.remove(readme)
        files.append(File.generated(config, "about.md", abs_src_path=readme.abs_src_path))
    for page in sorted(PAGES.glob("*.md")):
        files.append(File.generated(config, page.name, abs_src_path=str(page)))
    return files

"""Where an entry lives — its file and its section on the site: one fact, used by the CLI, the
library and the site."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from kb.model import Entry
from kb.settings import SITE_URL_ENV

__all__ = ["SITE_URL_ENV", "Locations", "entry_path", "entry_url", "page_url", "site_url"]


_SITE_URL = re.compile(r"^site_url:\s*['\"]?([^'\"#\s]+)", re.MULTILINE)
_INDEX_NAMES = ("index", "readme")


def page_url(page: str) -> str:
    """``k8s-faq.md`` → ``k8s-faq/``; ``ops/index.md`` → ``ops/`` (MkDocs directory URLs)."""
    stem = page[:-3] if page.lower().endswith(".md") else page
    head, _, name = stem.rpartition("/")
    if name.lower() in _INDEX_NAMES:
        return f"{head}/" if head else ""
    return f"{stem}/"


def entry_path(entry: Entry) -> str:
    """The entry's section relative to the site's root: page + ``#`` + id."""
    return f"{page_url(entry.page)}#{entry.id}"


@dataclass(frozen=True)
class Locations:
    """How entries are pointed at for whoever reads the answer: a path that opens from where
    they stand (the content root as they gave it, joined with the page, as ripgrep prints
    paths), and a URL only when a site is known."""

    root: str
    """The content root as the user gave it (or absolute); ``""``: the entry's own label."""
    root_is_file: bool = False
    site: str = ""
    """The site's base URL; ``""`` when no site is known."""

    def source(self, entry: Entry) -> str:
        if not self.root:
            return entry.source
        if self.root_is_file:
            return self.root
        return os.path.join(self.root, *entry.page.split("/"))

    def url(self, entry: Entry) -> str | None:
        return entry_url(entry, self.site) if self.site else None


def entry_url(entry: Entry, base: str) -> str:
    """The entry's section on the site: ``base`` + page + ``#`` + id; relative when no base."""
    prefix = base.rstrip("/") + "/" if base else ""
    return prefix + entry_path(entry)


def site_url(content_root: Path) -> str:
    """``$KBFIND_SITE_URL``, else ``site_url`` of the ``mkdocs.yml`` beside the content folder.

    The content folder is MkDocs' ``docs_dir``, so its configuration sits in the folder above
    (an installed wheel carries the bundled FAQ's as ``kb/mkdocs.yml``). No base: ``""``.
    """
    if env := os.environ.get(SITE_URL_ENV):
        return env
    root = content_root.resolve()
    docs_dir = root if root.is_dir() else root.parent
    try:
        m = _SITE_URL.search((docs_dir.parent / "mkdocs.yml").read_text("utf-8"))
    except (OSError, UnicodeDecodeError):
        return ""
    return m.group(1) if m else ""

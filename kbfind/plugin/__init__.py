"""The ``kbfind`` MkDocs plugin: a paste page on a team's own mkdocs-material site.

``plugins: [search, kbfind]`` adds, and changes nothing else of the site:

- the paste page at ``path`` (default ``paste/``), never in place of one of the site's pages;
- its script, style and the matcher's data under ``assets/kbfind/``. The data is a script that
  sets ``window.kbfindData`` (``file://`` pages can load scripts, not fetch files), made from the
  index ``kbfind --kb DOCS_DIR`` uses, with the anchors this site renders (:mod:`.knowledge`);
- the CJK bigrams of every page in the search index, when some page has Chinese or Japanese text;
- an anchor on each question of an FAQ written as a definition list, which has no heading to
  hold one (:mod:`.anchors`).

Edit links, the anchors of headings, ``README.md`` pages and the theme stay as the site configures them. Options
(:class:`.config.KbfindConfig`) choose the pages that form the knowledge base and turn on the
Docusaurus conventions of :mod:`.docusaurus`.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from mkdocs.utils.templates import TemplateContext

from kb import Entry
from kb.urls import url_path
from kbfind.plugin.anchors import anchor_terms
from kbfind.plugin.config import KbfindConfig
from kbfind.plugin.docusaurus import convert_admonitions, mark_unanswered
from kbfind.plugin.knowledge import Toc, chosen, docs_as_given, matcher_data, matcher_script
from kbfind.plugin.page import ASSETS, PAGES_MARK, SCRIPTS, STYLE, page_list, page_markdown
from kbfind.plugin.search import add_cjk_fields

__all__ = ["KbfindPlugin"]

_HERE = Path(__file__).resolve().parent
_LOG = get_plugin_logger(__name__)


class KbfindPlugin(BasePlugin[KbfindConfig]):  # type: ignore[no-untyped-call]
    """Adds the paste page; see the module's documentation."""

    def __init__(self) -> None:
        super().__init__()
        self._page_uri = ""
        self._pages: list[str] = []
        self._answering: set[str] = set()  # the pages that hold entries (a top README describes, holds none)
        self._files: Files | None = None
        self._sections: dict[str, list[tuple[str, str]]] = {}  # page → (anchor, title) of its entries

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._page_uri = _page_uri(self.config.path)
        return config

    @event_priority(-50)  # after plugins and hooks that add or move pages
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        docs = {f.src_uri: url_path(unquote(f.url)) for f in files.documentation_pages() if f.generated_by is None}
        self._pages = chosen(docs, self.config.include, self.config.exclude)
        if docs and not self._pages:  # a typo in a pattern: the paste page would answer nothing, ever
            _LOG.warning(
                f"include {self.config.include} and exclude {self.config.exclude} leave none of the"
                f" {len(docs)} pages: the paste page answers nothing"
                " (patterns match paths under docs_dir, e.g. 'ops/*')"
            )
        shown = docs_as_given(config.docs_dir, config.config_file_path)
        urls = {page: docs[page] for page in self._pages}
        toc = _toc(config)
        export = matcher_data(Path(config.docs_dir), shown, urls, toc, config.use_directory_urls)
        self._answering = set(export.pages)
        self._sections = {}
        first: dict[tuple[str, str], int] = {}  # (page, anchor) → the first section holding it
        entries = export.data["entries"]
        for k, (entry, src) in enumerate(zip(entries, export.pages, strict=True)):
            at = first.setdefault((src, entry["id"]), k)
            if at != k:  # an explicit {#id} written twice: one anchor, two sections
                taken = entries[at]["title"]
                _LOG.warning(
                    f"{entry['title']!r} in {src} has the anchor #{entry['id']} of {taken!r}: the paste page links"
                    " both to the first; give it another {#id}"
                )
            self._sections.setdefault(src, []).append((entry["id"], entry["title"]))
        if export.problems:
            count = len(export.problems)
            here = os.path.dirname(os.path.abspath(config.config_file_path or ".")) == os.getcwd()
            path = shlex.quote(shown if here else config.docs_dir)  # as given where mkdocs.yml is, else in full
            _LOG.info(f"{count} problem{'s' if count > 1 else ''} in the content; `kb lint --kb {path}` lists them")
        from matcher.model import kb_calibration_path

        carried = str(kb_calibration_path(Path(config.docs_dir)))
        for problem in export.problems:  # the paste page answers with another model than intended
            if problem.path == carried:
                _LOG.warning(str(problem))
        if export.reanchored:
            _LOG.info(_reanchored_note(export.reanchored))
        page = File.generated(
            config, self._page_uri, content=page_markdown(self.config.title, _assets_from(self._page_uri))
        )
        added = [page, File.generated(config, f"{ASSETS}/kbfind-data.js", content=matcher_script(export.data))]
        added += [
            File.generated(config, f"{ASSETS}/{name}", abs_src_path=str(_HERE / "assets" / name))
            for name in (*SCRIPTS, STYLE)
            if name != "kbfind-data.js"
        ]
        for f in added:
            _refuse_clash(files, f)
            files.append(f)
        self._files = files
        return files

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.generated_by is not None:
            return markdown
        if self.config.docusaurus_admonitions:
            markdown = convert_admonitions(markdown)
        if self.config.unanswered_note and page.file.src_uri in self._pages:
            markdown = mark_unanswered(markdown)
        return markdown

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return anchor_terms(html, self._sections.get(page.file.src_uri, ()))

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        if page.file.src_uri == self._page_uri and page.content and self._files is not None:
            wanted = self._answering
            found = sorted((f for f in self._files if f.src_uri in wanted), key=lambda f: f.src_uri)
            links = [(_title(f), f.url_relative_to(page.file)) for f in found]
            page.content = page.content.replace(PAGES_MARK, page_list(links))
        return context

    @event_priority(-50)  # after the search plugin wrote its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        index = Path(config.site_dir) / "search" / "search_index.json"
        if self.config.cjk_search and index.is_file():
            add_cjk_fields(index)


def _reanchored_note(moved: Sequence[tuple[Entry, Entry]]) -> str:
    """What the build says of the sections whose anchor on the site is not kbfind's id: how many, one of
    them, why, and how to make them one."""
    entry, site = moved[0]
    if any(_written_id(e) for e, _ in moved[:50]):
        why = "the site renders no {#id}: add attr_list to markdown_extensions"
    else:
        why = (
            "the site's toc slugify makes other anchors; kbfind's makes them one:"
            " toc: {slugify: !!python/name:kb.slug.slugify}"
        )
    return (
        f"{len(moved)} section{'s have' if len(moved) > 1 else ' has'} another anchor on this site than kbfind's id"
        f" (as '{entry.title}' in {entry.page}: #{site.id} here, #{entry.id} in kbfind), so links the kbfind"
        f" command prints land on their page, not the section; {why}"
    )


def _written_id(entry: Entry) -> bool:
    """The entry's heading gives its id (``## Disk full {#disk}``), which a site without attr_list shows as text."""
    try:
        lines = Path(entry.source).read_text("utf-8", errors="replace").splitlines()
    except OSError:
        return False
    return 0 < entry.line <= len(lines) and "{#" in lines[entry.line - 1]


def _page_uri(path: str) -> str:
    """``paste/`` → ``paste/index.md``; ``""`` → ``index.md``. Only plain path segments are taken."""
    parts = [p for p in path.strip().strip("/").split("/") if p]
    if any(p in (".", "..") or not all(c.isalnum() or c in "-_.~" for c in p) for p in parts):
        raise PluginError(
            f"kbfind: path {path!r} is not a plain path under the site (letters, digits, '-', '_', '.', '/')"
        )
    return "/".join([*parts, "index.md"])


def _assets_from(page_uri: str) -> str:
    """:data:`ASSETS` relative to the paste page (``paste/index.md`` → ``../assets/kbfind``)."""
    folder = page_uri.removesuffix("index.md")
    return get_relative_url(ASSETS, folder) if folder else ASSETS


def _title(f: File) -> str:
    """The page's title as MkDocs shows it (navigation, front matter, first heading, file name)."""
    return (f.page.title if f.page else None) or f.src_uri


def _refuse_clash(files: Files, new: File) -> None:
    for f in files:
        if f.dest_uri == new.dest_uri or f.src_uri == new.src_uri:
            raise PluginError(
                f"kbfind: the site already has {new.url or 'a home page'} ({f.abs_src_path or f.src_uri}); set another "
                "path for the paste page: plugins: [search, {kbfind: {path: …}}]"
            )


def _toc(config: MkDocsConfig) -> Toc:
    """The ``toc`` extension's ``slugify`` and ``separator`` as the site sets them (MkDocs always
    loads ``toc``), which admonitions and tabs its extensions render, and whether ``attr_list``
    makes a heading's ``{#id}`` its anchor."""
    from markdown.extensions.toc import slugify  # type: ignore[import-untyped]

    options: dict[str, Any] = {}
    for name in ("toc", "markdown.extensions.toc"):
        options.update(config.mdx_configs.get(name, {}))
    loaded = {str(e).removeprefix("markdown.extensions.") for e in config.markdown_extensions}
    kinds = {"admonition": "!!!", "pymdownx.details": "???", "pymdownx.tabbed": "==="}
    containers = frozenset(mark for name, mark in kinds.items() if name in loaded)
    return options.get("slugify", slugify), options.get("separator", "-"), containers, "attr_list" in loaded

"""Where an entry lives — its file and its section on the site: one fact, used by the CLI, the
library and the site."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from kb.model import Entry
from kb.settings import SITE_URL_ENV
from kb.sources import docusaurus, is_markdown

__all__ = [
    "SITE_URL_ENV",
    "Locations",
    "entry_path",
    "entry_url",
    "mkdocs_config",
    "page_link",
    "page_url",
    "repository_top",
    "section_link",
    "site",
    "site_url",
    "site_url_problem",
    "url_path",
]


_INDEX_NAMES = {"mkdocs": ("index", "readme"), "sphinx": ("index",), "": ("index", "readme", "_index")}
"""The page names a site serves as their folder's page, by what renders it (:attr:`Locations.renderer`):
MkDocs an ``index.md`` or ``README.md``; Sphinx only its ``index`` (``README.md`` is ``README.html``);
another (Hugo's ``_index.md``, Docusaurus' and GitHub's ``README.md``) all three."""


_NOT_IN_A_PATH = {
    "%": "%25",
    "#": "%23",
    "?": "%3F",
    " ": "%20",
    **{chr(c): f"%{c:02X}" for c in (*range(0x20), *range(0x7F, 0xA0))},  # control characters: an escape, a newline
    **{c: quote(c) for c in "\u2028\u2029\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"},
}
"""What a URL path cannot hold as written: MkDocs escapes these, and a control character, a line
separator or a bidirectional override would cut the link or make it read otherwise."""


def url_path(path: str) -> str:
    """``path`` as it can stand in a URL: a ``#``, ``?``, ``%``, space or control character of a file
    name escaped, as MkDocs escapes it (``a#b.md`` is ``a%23b/``, not ``a`` with the anchor ``b/``);
    other characters, Chinese included, kept as written, as browsers and terminals show them."""
    return "".join(_NOT_IN_A_PATH.get(c, c) for c in path)


def page_url(page: str, directory_urls: bool = True, renderer: str = "mkdocs") -> str:
    """``k8s-faq.md`` → ``k8s-faq/``; ``ops/index.md`` (or ``README.md``) → ``ops/``: MkDocs'
    directory URLs. Without them (``use_directory_urls: false``): ``k8s-faq.html``,
    ``ops/index.html``. Characters a URL path cannot hold are escaped (:func:`url_path`). Which
    names are their folder's page depends on what renders the site (``renderer``, as
    :attr:`Locations.renderer`): Hugo's ``ops/_index.md`` is ``ops/`` on a site that is not MkDocs',
    Sphinx's ``README.md`` is ``README.html``."""
    stem = url_path(page.rsplit(".", 1)[0] if is_markdown(page) else page)
    head, _, name = stem.rpartition("/")
    if (name if name == "_index" else name.lower()) in _INDEX_NAMES.get(renderer, _INDEX_NAMES[""]):
        if directory_urls:
            return f"{head}/" if head else ""
        return f"{head}/index.html" if head else "index.html"
    return f"{stem}/" if directory_urls else f"{stem}.html"


def entry_path(entry: Entry, directory_urls: bool = True, renderer: str = "mkdocs") -> str:
    """The entry's section relative to the site's root: page + ``#`` + id."""
    return f"{page_url(entry.page, directory_urls, renderer)}#{entry.id}"


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
    directory_urls: bool = True
    """The site's pages are folders (MkDocs' default), not ``.html`` files."""
    renderer: str = "mkdocs"
    """What renders the site: ``"mkdocs"`` (a ``mkdocs.yml`` owns the content), ``"sphinx"`` (a
    ``conf.py`` does), else ``""`` (its URL given: Hugo's, Docusaurus'…). It tells which pages are
    their folder's (:func:`page_url`) and whether a relative URL is read from the page's URL."""

    @property
    def mkdocs(self) -> bool:
        return self.renderer == "mkdocs"

    def source(self, entry: Entry) -> str:
        return self.path(entry.page) if self.root else entry.source

    def path(self, page: str) -> str:
        """A file of the content root (``page``: relative to it), as it opens from here."""
        if self.root_is_file:
            return self.root
        return os.path.join(self.root, *page.split("/"))

    def url(self, entry: Entry) -> str | None:
        return entry_url(entry, self.site, self.directory_urls, self.renderer) if self.site else None


def entry_url(entry: Entry, base: str, directory_urls: bool = True, renderer: str = "mkdocs") -> str:
    """The entry's section on the site: ``base`` + page + ``#`` + id; relative when no base."""
    prefix = base.rstrip("/") + "/" if base else ""
    return prefix + entry_path(entry, directory_urls, renderer)


_SITE_URL = re.compile(r"^(?:(?:https?|file)://\S|/(?!/))\S*$", re.IGNORECASE)
"""An absolute URL a browser opens a site at (``https://docs.example.com/``, ``file:///srv/site/``) or a path
from the site's root (``/docs/``, not ``//host/``, another host's): ``ftp://`` or ``ssh://`` publishes
no pages to link to, and a ``javascript:`` or ``data:`` one is no site at all."""


def site_url_problem(url: str) -> str | None:
    """What makes ``url`` no base for links to entries, or ``None``: how ``--site-url``, ``$KBFIND_SITE_URL``
    and a ``mkdocs.yml``'s ``site_url`` are checked alike."""
    if "?" in url or "#" in url:
        return "has a query or a fragment (?…, #…), which links to entries cannot follow"
    if not _SITE_URL.match(url):
        return "is not an http(s) or file URL, nor a path from a site's root"
    return None


def site_url(content_root: Path) -> str:
    """The URL under which ``content_root``'s pages are published; ``""`` when no site is known.

    ``$KBFIND_SITE_URL`` when set; else the ``site_url`` of the ``mkdocs.yml`` that owns the
    content (the nearest one above it whose ``docs_dir`` holds it), followed by the content's
    folder within ``docs_dir``. The bundled FAQ has no site of its own: its ``mkdocs.yml`` only
    previews it (``make serve``), so it never gives links unless one is set.
    """
    return site(content_root)[0]


def site(content_root: Path, url: str | None = None, problems: list[str] | None = None) -> tuple[str, bool, str]:
    """:func:`site_url` (or ``url`` when given: a ``--site-url``), whether that site publishes
    pages as folders — MkDocs' ``use_directory_urls`` of the same ``mkdocs.yml``, true unless it
    says ``false``; one reading of it for both — and what renders it (:attr:`Locations.renderer`).
    A ``mkdocs.yml`` that cannot be read is added to ``problems``: links are then missing, and the
    user should know why, as when a URL (but ``url``, checked by the caller) is no base for links
    (:func:`site_url_problem`)."""
    root = content_root.resolve()
    from kb.bundled import bundled_root

    if url is None and (url := os.environ.get(SITE_URL_ENV) or None) and (wrong := site_url_problem(url)):
        if problems is not None:  # (the kbfind command refuses it as it refuses a --site-url)
            problems.append(f"{SITE_URL_ENV} {url!r} {wrong}; no links are given")
        url = None
    owner = None if root == bundled_root().resolve() else mkdocs_config(root, problems, given=url is not None)
    folders = owner is None or owner[0].get("use_directory_urls", True) is not False
    if owner is None and (sphinx := sphinx_config(root)) is not None:  # pages as Sphinx builds them: x.html
        return _sphinx_site(root, *sphinx, url, problems), False, "sphinx"
    if owner is None:
        return url or "", folders, ""
    base = url if url is not None else owner[0].get("site_url")
    if not isinstance(base, str) or not base:
        return "", folders, "mkdocs"
    if url is None and (wrong := site_url_problem(base)):
        if problems is not None:
            problems.append(f"the site_url of {owner[2]}, {base!r}, {wrong}; no links are given")
        return "", folders, "mkdocs"
    if url is None and (version := mike_version(owner[0])) is not None:
        if not version:
            if problems is not None:
                problems.append(
                    f"{owner[2]} publishes versions with mike and names none to link to (mike's canonical_version,"
                    f" or extra.version.default); no links are given: pass --site-url {base.rstrip('/')}/VERSION/"
                )
            return "", folders, "mkdocs"
        base = f"{base.rstrip('/')}/{url_path(version)}/"
    # The site's URL is its docs_dir's: a --kb below it is published below it too. A URL given
    # that already ends in that folder is the folder's own (how --site-url read before it was the
    # site's): naming the folder twice would link to pages that do not exist.
    folder = (root if root.is_dir() else root.parent).relative_to(owner[1]).as_posix()
    prefix = base.rstrip("/") + "/"
    configured = owner[0].get("site_url")
    the_sites = isinstance(configured, str) and configured.rstrip("/") == base.rstrip("/")  # then it is the site's
    if folder == "." or (url is not None and not the_sites and urlsplit(prefix).path.endswith(f"/{url_path(folder)}/")):
        return prefix, folders, "mkdocs"
    return prefix + url_path(folder) + "/", folders, "mkdocs"


def _sphinx_site(root: Path, conf_dir: Path, configured: str, url: str | None, problems: list[str] | None) -> str:
    """The URL of ``root``'s folder on the Sphinx site: ``url`` (a ``--site-url``, the site's) or the
    ``html_baseurl`` of its ``conf.py``, joined with where ``root`` lies below ``conf_dir``."""
    base = url if url is not None else configured
    if base and url is None and (wrong := site_url_problem(base)):
        if problems is not None:
            problems.append(f"the html_baseurl of {conf_dir / 'conf.py'}, {base!r}, {wrong}; no links are given")
        return ""
    folder = (root if root.is_dir() else root.parent).relative_to(conf_dir).as_posix()
    prefix = base.rstrip("/") + "/" if base else ""
    the_sites = configured.rstrip("/") == base.rstrip("/")  # the html_baseurl given: the site's, not the folder's
    if (
        not prefix
        or folder == "."
        or (url is not None and not the_sites and urlsplit(prefix).path.endswith(f"/{url_path(folder)}/"))
    ):
        return prefix  # a URL given that already ends in the folder is the folder's own
    return prefix + url_path(folder) + "/"


_SPHINX = re.compile(
    rb"\bsphinx|\bmyst_parser\b|^html_(?:theme|baseurl|static_path)\s*=|^(?:root|master)_doc\s*=", re.MULTILINE
)
"""What a Sphinx project's ``conf.py`` says: its extensions, theme or root document; not any ``conf.py``
(gunicorn's names ``static_extensions``)."""
_HTML_BASEURL = re.compile(rb"""^html_baseurl\s*=\s*(?:"([^"\n]*)"|'([^'\n]*)')""", re.MULTILINE)


def site_kind(content_root: Path) -> str:
    """Which site renders ``content_root`` where that changes its pages and anchors: ``"docusaurus"``
    (:func:`kb.sources.docusaurus`), ``"sphinx"`` (:func:`sphinx_config`), ``""`` for MkDocs (a
    ``mkdocs.yml`` owns it; the bundled FAQ, which its ``mkdocs.yml`` previews), else ``"github"``:
    no site of its own, read where the repository is hosted or built by Hugo, which anchor headings
    as GitHub does (``x / y`` → ``x--y``)."""
    if docusaurus(content_root):
        return "docusaurus"
    if sphinx_config(content_root) is not None:
        return "sphinx"
    from kb.bundled import bundled_root

    resolved = content_root.resolve()
    if resolved == bundled_root().resolve() or mkdocs_config(resolved, given=True) is not None:
        return ""
    return "github"


def sphinx_config(content_root: Path) -> tuple[Path, str] | None:
    """The Sphinx project that holds ``content_root`` (MyST pages: the nearest ``conf.py`` above it
    that configures Sphinx), its folder and the ``html_baseurl`` it sets (``""`` when none)."""
    top = repository_top(content_root)
    for folder in _folders_above(content_root):
        try:
            data = (folder / "conf.py").read_bytes()
        except OSError:
            data = b""
        if _SPHINX.search(data):
            m = _HTML_BASEURL.search(data)
            return folder, (m.group(1) or m.group(2) or b"").decode("utf-8", "replace") if m else ""
        if folder == top:  # a conf.py above the repository's top is another project's
            return None
    return None


def repository_top(path: Path) -> Path | None:
    """The top of the git repository that holds ``path`` (the nearest folder above it with a ``.git``),
    ``None`` outside one."""
    return next((folder for folder in _folders_above(path) if (folder / ".git").exists()), None)


def mike_version(config: dict[str, Any]) -> str | None:
    """The version a site published with mike links to, ``""`` when it names none, ``None`` when
    mike does not publish it. mike puts each version in a folder of the site (``/1.2/``, ``/latest/``)
    and redirects only the site's root, so a link needs the folder: the mike plugin's
    ``canonical_version``, else Material's ``extra.version.default`` (its first, when a list)."""
    plugins = config.get("plugins")
    listed = plugins if isinstance(plugins, list) else [plugins] if isinstance(plugins, dict | str) else []
    mike = next((p for p in listed if p == "mike" or (isinstance(p, dict) and "mike" in p)), None)
    extra = config.get("extra")
    shown = extra.get("version") if isinstance(extra, dict) else None
    if mike is None and not (isinstance(shown, dict) and shown.get("provider") == "mike"):
        return None
    options = mike.get("mike") if isinstance(mike, dict) else None
    canonical = options.get("canonical_version") if isinstance(options, dict) else None
    default = shown.get("default") if isinstance(shown, dict) else None
    for named in (canonical, *(default if isinstance(default, list) else [default])):
        if isinstance(named, str | int | float) and str(named).strip("/ "):
            return str(named).strip("/ ")
    return ""


def mkdocs_config(
    content_root: Path, problems: list[str] | None = None, given: bool = False
) -> tuple[dict[str, Any], Path, Path] | None:
    """The configuration of the MkDocs site whose ``docs_dir`` holds ``content_root``, that
    ``docs_dir``, and the file: the nearest ``mkdocs.yml`` (or ``mkdocs.yaml``) above it that owns it.

    Unless the site's URL is ``given`` (``--site-url``: where ``content_root`` lies in the site, and
    how it publishes pages, are still the file's to say), files that set neither ``site_url`` nor
    ``use_directory_urls`` are not parsed, so a tree with no site costs no YAML.
    """
    content_root = content_root.resolve()
    found = [f for folder in _folders_above(content_root) for f in _config_files(folder)]
    if not given and not any(_mentions_links(f) for f in found):
        return None
    for config_file in found:
        config = _load_config(config_file, problems, given)
        docs_dir = config.get("docs_dir", "docs") if config else None
        if config is None or not isinstance(docs_dir, str):
            continue
        docs = (config_file.parent / docs_dir).resolve()
        if _holds(docs, content_root):
            return config, docs, config_file
    return None


def _folders_above(path: Path) -> list[Path]:
    start = path if path.is_dir() else path.parent
    return [start, *start.parents]


def _config_files(folder: Path) -> list[Path]:
    return [f for f in (folder / "mkdocs.yml", folder / "mkdocs.yaml") if f.is_file()]


def _mentions_links(config_file: Path) -> bool:
    try:
        data = config_file.read_bytes()
    except OSError:
        return False
    return b"site_url" in data or b"use_directory_urls" in data


def _holds(docs_dir: Path, content_root: Path) -> bool:
    return content_root == docs_dir or docs_dir in content_root.parents


def _load_config(config_file: Path, problems: list[str] | None = None, given: bool = False) -> dict[str, Any] | None:
    """``mkdocs.yml`` as data, loaded safely: MkDocs' own tags (``!!python/name:…``,
    ``!relative``) become ``None`` and ``!ENV`` reads the environment, as MkDocs would."""
    import yaml

    class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        pass

    Loader.add_constructor("!ENV", _env_tag)
    Loader.add_constructor(None, lambda loader, node: None)
    try:
        data = yaml.load(config_file.read_text("utf-8"), Loader=Loader)  # a safe loader: plain data only
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError) as e:
        reason = e.strerror if isinstance(e, OSError) else getattr(e, "problem", None) or type(e).__name__
        mark = getattr(e, "problem_mark", None)
        where = f"{config_file}:{mark.line + 1}" if mark is not None else str(config_file)
        if problems is not None:
            lost = (
                "where --kb lies in the site and how it links pages are not known; links may miss"
                if given
                else "its site_url is not used for links"
            )
            problems.append(f"{where}: cannot be read ({reason}); {lost}")
        return None
    return data if isinstance(data, dict) else None


def _env_tag(loader: Any, node: Any) -> str | None:
    """``!ENV NAME`` or ``!ENV [NAME, OTHER, default]``: the first variable set, else the default
    (the last item of a list of two or more), as MkDocs reads it."""
    import yaml

    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        names = loader.construct_sequence(node)
        default = names.pop() if len(names) > 1 else None
    for name in names:
        if isinstance(name, str) and os.environ.get(name):
            return os.environ[name]
    return default if isinstance(default, str) else None


def page_link(entry: Entry) -> str:
    """An entry's page as a link to it names it, lower case: its file name, no folder, no
    extension (``failed-loading-swc``)."""
    return entry.page.rsplit("/", 1)[-1].rsplit(".", 1)[0].lower()


def section_link(entry: Entry) -> str:
    """An entry's section as a link to it names it, lower case: its :func:`page_link` and its
    anchor, ``troubleshooting#setting-up-the-ssh-agent``."""
    return f"{page_link(entry)}#{entry.id.lower()}"

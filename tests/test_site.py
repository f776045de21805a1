"""The static site, built: strict build, anchors shared with the CLI, Docusaurus conventions."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import CONTENT, DATA, ROOT
from site_build import build_site

from kb import entry_url, open_kb, site_url
from matcher.spec import FORMAT


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)


def ids_of(page: Path) -> set[str]:
    parser = _Ids()
    parser.feed(page.read_text("utf-8"))
    return parser.ids


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    docs = tmp_path_factory.mktemp("docs")
    shutil.copy(DATA / "docusaurus.md", docs / "notes.md")
    out = docs.parent / "fixture-site"
    result = build_site(out, docs)
    assert result.returncode == 0, result.stderr
    return out


def test_strict_build_has_no_warnings(built_site: Path) -> None:
    assert (built_site / "index.html").exists()
    log = (built_site.parent / "build.log").read_text("utf-8")
    assert "WARNING" not in log and "ERROR" not in log


def test_every_cli_url_lands_on_an_element_with_that_id(built_site: Path) -> None:
    base = site_url(CONTENT)
    assert base == "http://127.0.0.1:8000/"
    with open_kb(CONTENT) as kb:
        entries = list(kb.entries())
    assert len(entries) == 50
    for e in entries:
        url = entry_url(e, base)
        path, _, anchor = url.removeprefix(base).partition("#")
        assert anchor == e.id
        assert anchor in ids_of(built_site / path / "index.html"), url


def test_pages_come_from_content_and_site_sources(built_site: Path) -> None:
    home = (built_site / "index.html").read_text("utf-8")
    assert 'id="kb-paste"' in home and 'id="kb-results"' in home
    assert (built_site / "about" / "index.html").exists()  # content/README.md
    data = json.loads((built_site / "assets/kbfind/kbfind-data.json").read_text("utf-8"))
    assert len(data["entries"]) == 50
    assert data["format"] == FORMAT and [r["name"] for r in data["spec"]["masking"]["rules"]][:3] == [
        "url",
        "uuid",
        "digest",
    ]
    assert not list((ROOT / "site").rglob("*.html"))  # no generated copies in the sources


def test_unanswered_entries_are_marked(built_site: Path) -> None:
    page = (built_site / "k8s-faq" / "index.html").read_text("utf-8")
    with open_kb(CONTENT) as kb:
        unanswered = [e for e in kb.entries() if e.unanswered]
    assert len(unanswered) == 7
    assert page.count("Not answered yet") == 7


def test_search_index_holds_cjk_bigrams(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))
    assert {"cjk", "cjk_title"} <= set(index["config"]["fields"])
    tz = next(d for d in index["docs"] if d["location"] == "k8s-faq/#pod-时区")
    assert tz["cjk_title"] == "时区"


def test_docusaurus_conventions_render(fixture_site: Path) -> None:
    page = (fixture_site / "notes" / "index.html").read_text("utf-8")
    assert re.search(r'<div class="admonition tip">', page)
    assert re.search(r'<div class="admonition caution">', page)
    assert 'class="filename">pod.yaml</span>' in page
    assert {"pod-时区", "pod-fieldref", "empty-section", "pod-时区_1"} <= ids_of(fixture_site / "notes" / "index.html")
    assert page.count("Not answered yet") == 1
    tags = (fixture_site / "tags" / "index.html").read_text("utf-8")
    assert "networking" in tags and "dns" in tags


def test_nothing_is_loaded_from_outside_the_site(built_site: Path) -> None:
    for html in built_site.rglob("*.html"):
        text = html.read_text("utf-8")
        for m in re.finditer(r"<(script|link|img|iframe|source|video|audio)\b([^>]*)>", text):
            if m.group(1) == "link" and re.search(r'rel="(?:canonical|alternate|sitemap)"', m.group(2)):
                continue  # metadata, not something the browser fetches
            for url in re.findall(r'(?:src|href)="([^"]+)"', m.group(2)):
                assert not url.startswith(("http:", "https:", "//")), (html, url)

"""The static site, built: strict build, anchors shared with the CLI, Docusaurus conventions."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import CONTENT, DATA, ROOT
from site_build import build_site, ids_of, matcher_data

from kb import Locations, entry_url, open_kb
from matcher.spec import FORMAT


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
    base = "http://127.0.0.1:8000/"  # site_url of mkdocs.yml
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
    data = matcher_data(built_site)
    assert len(data["entries"]) == 50
    assert data["format"] == FORMAT and [r["name"] for r in data["spec"]["masking"]["rules"]][:3] == [
        "url",
        "path",
        "uuid",
    ]
    assert not list((ROOT / "site").rglob("*.html"))  # no generated copies in the sources
    assert '<li><a href="k8s-faq/">K8S 常见问题</a></li>' in home  # the pages it answers from


def test_the_paste_page_data_is_the_cli_knowledge_base(built_site: Path) -> None:
    """This site's anchors are kbfind's ids and every page is in the KB: the data is exported from
    the very index ``kbfind --kb content`` opens."""
    from matcher.export import browser_data

    with open_kb(CONTENT) as kb:
        assert matcher_data(built_site) == json.loads(json.dumps(browser_data(kb, Locations("content"))))


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


def test_a_page_whose_name_holds_url_characters_is_linked_where_the_site_puts_it(tmp_path: Path) -> None:
    from urllib.parse import unquote

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a#b.md").write_text("## disk full on /var\n\nPrune images.\n", "utf-8")
    (docs / "50% off?.md").write_text("## quota exceeded for bucket\n\nRaise it.\n", "utf-8")
    (docs / "%2e%2e.md").write_text("## lock held by another process\n\nWait.\n", "utf-8")
    out = tmp_path / "site"
    result = build_site(out, docs)
    assert result.returncode == 0, result.stderr
    paths = sorted(e["path"] for e in matcher_data(out)["entries"])
    assert paths == [
        "%252e%252e/#lock-held-by-another-process",  # not "../": a dot segment would leave the site
        "50%25%20off%3F/#quota-exceeded-for-bucket",
        "a%23b/#disk-full-on-var",
    ]
    for path in paths:
        page, _, anchor = path.partition("#")
        assert anchor in ids_of(out / unquote(page) / "index.html"), path
    with open_kb(docs) as kb:
        assert sorted(entry_url(e, "https://kb.example/") for e in kb.entries()) == [
            "https://kb.example/" + p for p in paths
        ]

"""The kbfind MkDocs plugin: its parts, alone, and a site built with every option and hostile
content (a page named ``javascript:…``, a front-matter title that is an ``<img onerror>``)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from browsing import chromium, ready, recording_page, serve
from conftest import DATA, ROOT, kbfind_here
from mkdocs.exceptions import PluginError
from site_build import ids_of, matcher_data, readme_blocks, run_mkdocs

from kb import Locations, open_kb
from kbfind.plugin import KbfindPlugin, _page_uri
from kbfind.plugin.config import KbfindConfig
from kbfind.plugin.knowledge import SiteKnowledge, chosen, matcher_script
from kbfind.plugin.page import page_list, safe_href
from matcher.export import browser_data

EVIL_TITLE = "<img src=x onerror=\"window.__pwned='title'\">"


# -- parts ----------------------------------------------------------------------------------------


def test_options_choose_the_pages_of_the_knowledge_base() -> None:
    pages = ["index.md", "ops/faq.md", "ops/drafts/wip.md", "onboarding.md", "ops/deep/x.md"]
    assert chosen(pages, ["*"], []) == sorted(pages)
    assert chosen(pages, ["ops/*"], ["*/drafts/*"]) == ["ops/deep/x.md", "ops/faq.md"]
    assert chosen(pages, ["ops/*", "index.md"], ["ops/deep/*"]) == ["index.md", "ops/drafts/wip.md", "ops/faq.md"]


def test_the_readmes_options_are_valid_options() -> None:
    options = yaml.safe_load(readme_blocks("Add kbfind to your MkDocs site", "yaml")[1])["plugins"][1]["kbfind"]
    config = KbfindConfig()
    config.load_dict(options)
    failed, warnings = config.validate()
    assert (failed, warnings) == ([], [])
    assert config.path == "help/paste/" and config.exclude == ["*/drafts/*"]


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("paste/", "paste/index.md"),
        ("", "index.md"),
        ("/help/paste", "help/paste/index.md"),
        ("a.b/c_d", "a.b/c_d/index.md"),
    ],
)
def test_the_paste_page_goes_where_it_is_told(path: str, uri: str) -> None:
    assert _page_uri(path) == uri


@pytest.mark.parametrize("path", ["../up", "javascript:alert(1)", "a b", "x/./y", 'q"><script>'])
def test_a_paste_page_path_that_is_not_plain_is_refused(path: str) -> None:
    with pytest.raises(PluginError, match="not a plain path"):
        _page_uri(path)


@pytest.mark.parametrize(
    ("url", "href"),
    [
        ("ops/faq/", "ops/faq/"),
        ("../ops/faq/#x", "../ops/faq/#x"),
        ("javascript%3Aalert%281%29/", "javascript%3Aalert%281%29/"),
        ("javascript:alert(1)/", None),
        (" JavaScript:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("1a:b/", "./1a:b/"),
        ("https://example.org/docs/", "https://example.org/docs/"),
    ],
)
def test_links_are_only_relative_or_http(url: str, href: str | None) -> None:
    assert safe_href(url) == href


def test_the_page_list_shows_titles_as_text() -> None:
    html = page_list([(EVIL_TITLE, "evil/"), ("A &amp; B", "ab/"), ("J", "javascript:alert(1)/")])
    assert "<img" not in html and "&lt;img src=x onerror=&quot;window.__pwned=&#x27;title&#x27;&quot;&gt;" in html
    assert '<li><a href="ab/">A &amp; B</a></li>' in html
    assert "<li>J</li>" in html and "javascript:" not in html


def test_the_data_script_sets_the_data_exactly(tmp_path: Path) -> None:
    data = {"df": {"__proto__": 2, "it's": 1}, "text": "a\\b\n'quoted' \"double\" \u2028 </script> 时区"}
    script = tmp_path / "data.js"
    script.write_text(matcher_script(data), "utf-8")
    node = shutil.which("node") or "/usr/bin/node"
    run = subprocess.run(
        [
            node,
            "-e",
            f"globalThis.window = globalThis; require({str(script)!r}); console.log(JSON.stringify(kbfindData))",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == data


def test_a_knowledge_base_of_some_pages_is_an_index_of_those_pages(tmp_path: Path, cache_dir: Path) -> None:
    """What the paste page gets for chosen pages equals the export of an index of those pages alone."""
    whole, part = tmp_path / "whole" / "docs", tmp_path / "part" / "docs"
    for folder, names in ((whole, ["faq.md", "ops.md", "onboarding.md"]), (part, ["faq.md", "ops.md"])):
        folder.mkdir(parents=True)
        for name in names:
            source = {"faq.md": DATA / "docusaurus.md", "ops.md": ROOT / "content" / "k8s-faq.md"}.get(name)
            text = source.read_text("utf-8") if source else "# Onboarding\n\n## Get access\n\nAsk for a VPN account.\n"
            (folder / name).write_text(text, "utf-8")
    with open_kb(whole) as kb:
        entries = [e for e in kb.entries() if e.page != "onboarding.md"]
    with open_kb(part) as kb:
        expected = browser_data(kb, Locations("docs"))
    assert browser_data(SiteKnowledge.of(entries), Locations("docs")) == expected  # type: ignore[arg-type]


# -- a site with every option and hostile content -------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    docs = folder / "docs"
    (docs / "drafts").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n\nThe team's own home page.\n", "utf-8")
    (docs / "javascript:alert(1).md").write_text(
        "# Scripted\n\n## x509: certificate has expired or is not yet valid\n\nRenew the certificate.\n", "utf-8"
    )
    (docs / "evil.md").write_text(
        f"---\n{yaml.safe_dump({'title': EVIL_TITLE})}---\n\n## Pod 时区\n\n:::tip Mount it\n\nMount `/etc/localtime`.\n\n:::\n\n"
        "## ImagePullBackOff <b>bold</b>\n",
        "utf-8",
    )
    (docs / "drafts" / "wip.md").write_text("## disk quota exceeded\n\nNot ready.\n", "utf-8")
    config = {
        "site_name": "Hostile",
        "use_directory_urls": False,  # pages are evil.html…: the paste page links them so
        "theme": {"name": "material", "font": False},
        "not_in_nav": "/evil.md",  # its title is raw HTML in the theme's navigation: ordinary MkDocs behaviour
        "plugins": [
            "search",
            {
                "kbfind": {
                    "path": "help/paste",
                    "title": "<b>Paste</b>",
                    "exclude": ["drafts/*"],
                    "docusaurus_admonitions": True,
                    "unanswered_note": True,
                }
            },
        ],
        "markdown_extensions": ["admonition"],
    }
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config), "utf-8")
    build = run_mkdocs(folder / "mkdocs.yml", folder / "site")
    assert build.returncode == 0, build.stderr
    return folder / "site"


def test_the_options_shape_the_site(hostile: Path) -> None:
    assert "The team's own home page." in (hostile / "index.html").read_text("utf-8")
    paste = (hostile / "help" / "paste" / "index.html").read_text("utf-8")
    assert 'id="kb-paste"' in paste and "<h1>&lt;b&gt;Paste&lt;/b&gt;</h1>" in paste
    assert '<script src="../../assets/kbfind/kbfind-paste.js" defer></script>' in paste
    data = matcher_data(hostile)
    sources = [e["source"] for e in data["entries"]]
    assert sources.count("docs/evil.md") == 2 and "docs/javascript:alert(1).md" in sources
    assert "docs/drafts/wip.md" not in sources  # excluded
    evil = (hostile / "evil.html").read_text("utf-8")
    assert '<div class="admonition tip">' in evil and evil.count("Not answered yet") == 1
    for e in data["entries"]:  # MkDocs' default slugify: `Pod 时区` is `#pod` on this site
        page, _, anchor = e["path"].partition("#")
        assert anchor in ids_of(hostile / page), e["path"]
    assert "evil.html#pod" in [e["path"] for e in data["entries"]]
    index = json.loads((hostile / "search" / "search_index.json").read_text("utf-8"))
    assert next(d for d in index["docs"] if d["location"] == "evil.html#pod")["cjk_title"] == "时区"


def test_titles_and_paths_from_content_stay_text(hostile: Path) -> None:
    paste = (hostile / "help" / "paste" / "index.html").read_text("utf-8")
    pages = paste.split('<details class="kb-pages">', 1)[1].split("</details>", 1)[0]
    assert "<img" not in pages and "&lt;img src=x" in pages
    assert 'href="../../javascript%3Aalert%281%29.html"' in pages and "javascript:" not in pages


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


@pytest.mark.browser
def test_nothing_from_content_runs_on_the_paste_page(hostile: Path, browser: Any) -> None:
    with serve(hostile) as base, recording_page(browser) as page:
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        ready(page, base + "help/paste/")
        page.fill("#kb-paste", "x509: certificate has expired or is not yet valid: current time 2024-05-01")
        page.wait_for_selector("#kb-results li.kb-match")
        page.fill("#kb-paste", "ImagePullBackOff")
        page.wait_for_selector("#kb-results li")
        page.click(".kb-pages summary")
        assert page.evaluate("window.__pwned") is None and dialogs == []
        hrefs = page.eval_on_selector_all(".kb-pages a, #kb-results a", "els => els.map(e => e.href)")
        assert hrefs and all(h.startswith(base) for h in hrefs), hrefs
        assert page.locator(".kb-pages img, #kb-results img, #kb-results b").count() == 0


def test_a_page_already_at_the_paste_pages_place_is_never_replaced(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", "utf-8")
    (tmp_path / "docs" / "paste.md").write_text("# Our own paste page\n", "utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: T\nplugins:\n  - search\n  - kbfind\n", "utf-8")
    build = run_mkdocs(tmp_path / "mkdocs.yml", tmp_path / "site")
    assert build.returncode != 0
    assert "kbfind: the site already has paste/" in build.stderr and "path for the paste page" in build.stderr


def test_a_site_whose_calibration_cannot_be_used_is_warned_about(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / ".kbfind").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n\n## redis timeout while saving\n\nRaise it.\n", "utf-8")
    (docs / ".kbfind" / "calibration.json").write_text("{not json", "utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: T\nplugins:\n  - search\n  - kbfind\n", "utf-8")
    build = run_mkdocs(tmp_path / "mkdocs.yml", tmp_path / "site")  # --strict: a warning fails it
    assert build.returncode != 0
    assert "calibration.json: not a calibration file (Expecting property name" in build.stderr
    assert "kbfind: kbfind:" not in build.stderr
    assert "; the shipped model is used" in build.stderr
    (docs / ".kbfind" / "calibration.json").unlink()
    assert run_mkdocs(tmp_path / "mkdocs.yml", tmp_path / "site").returncode == 0


def built(tmp_path: Path, pages: dict[str, str], config: str = "site_name: T\nplugins: [search, kbfind]\n") -> Any:
    """``mkdocs build --strict`` of a site of ``pages`` (path under docs → text) and ``config``."""
    for page, text in pages.items():
        (tmp_path / "docs" / page).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / page).write_text(text, "utf-8")
    (tmp_path / "mkdocs.yml").write_text(config, "utf-8")
    return run_mkdocs(tmp_path / "mkdocs.yml", tmp_path / "site")


def test_patterns_that_leave_no_page_are_warned_about(tmp_path: Path) -> None:
    """An include that matches nothing (a typo, a folder renamed) makes a paste page that never answers."""
    docs = tmp_path / "docs"
    (docs / "ops").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n", "utf-8")
    (docs / "ops" / "faq.md").write_text("## redis timeout while saving\n\nRaise it.\n", "utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: T\nplugins:\n  - search\n  - kbfind:\n      include: ['troubleshooting/*']\n")
    build = run_mkdocs(config, tmp_path / "site")  # --strict: a warning fails it
    assert build.returncode != 0
    assert (
        "WARNING -  kbfind: include ['troubleshooting/*'] and exclude [] leave none of the 2 pages: the paste page"
        " answers nothing (patterns match paths under docs_dir, e.g. 'ops/*')"
    ) in build.stderr
    config.write_text("site_name: T\nplugins:\n  - search\n  - kbfind:\n      include: ['ops/*']\n")
    assert run_mkdocs(config, tmp_path / "site").returncode == 0


def test_a_site_on_mkdocs_own_theme_with_chinese_pages_builds(tmp_path: Path) -> None:
    """Its search index has no fields to add the bigrams to (mkdocs-material's has): they are left out."""
    page = "# Home\n\n## Pod 时区\n\n挂载 /etc/localtime。\n"
    build = built(tmp_path, {"index.md": page}, "site_name: T\ntheme: {name: mkdocs}\nplugins: [search, kbfind]\n")
    assert build.returncode == 0, build.stderr
    assert (tmp_path / "site" / "paste" / "index.html").is_file()


@pytest.mark.parametrize("heading", ["Pod 时区", "Disk full {#disk}"])
def test_sections_anchored_otherwise_are_named_with_the_cause_and_the_fix(heading: str, tmp_path: Path) -> None:
    """MkDocs' default slugify drops Chinese letters; without attr_list a {#id} is text: the build says
    which section, which anchors, and what makes them one."""
    config = "site_name: T\ntheme: {name: mkdocs}\nplugins: [search, kbfind]\n"
    build = built(tmp_path, {"faq.md": f"# FAQ\n\n## {heading}\n\nx\n"}, config)
    assert build.returncode == 0, build.stderr
    if heading.startswith("Pod"):
        expected = (
            "1 section has another anchor on this site than kbfind's id (as 'Pod 时区' in faq.md: #pod here,"
            " #pod-时区 in kbfind), so links the kbfind command prints land on their page, not the section;"
            " the site's toc slugify makes other anchors; kbfind's makes them one:"
            " toc: {slugify: !!python/name:kb.slug.slugify}"
        )
    else:
        expected = (
            "1 section has another anchor on this site than kbfind's id (as 'Disk full' in faq.md: #disk-full-disk"
            " here, #disk in kbfind), so links the kbfind command prints land on their page, not the section;"
            " the site renders no {#id}: add attr_list to markdown_extensions"
        )
    assert expected in build.stderr


def test_the_pages_listed_are_those_that_answer(tmp_path: Path) -> None:
    """The top README describes the notes and holds no entry, nor does a page of prose alone."""
    readme, faq = (
        "# Ops notes\n\n## How to use them\n\nRead on.\n",
        "# FAQ\n\n## redis timeout while saving\n\nRaise it.\n",
    )
    assert built(tmp_path, {"README.md": readme, "faq.md": faq}).returncode == 0
    paste = (tmp_path / "site" / "paste" / "index.html").read_text("utf-8")
    pages = paste.split('<details class="kb-pages">', 1)[1].split("</details>", 1)[0]
    assert "Answers come from 1 page<" in pages and "Ops notes" not in pages and "FAQ" in pages


def test_the_plugin_is_registered_under_its_name() -> None:
    from mkdocs.plugins import get_plugins

    assert get_plugins()["kbfind"].load() is KbfindPlugin


# -- from the wheel -------------------------------------------------------------------------------


@pytest.mark.slow
def test_an_installed_wheel_adds_the_paste_page(wheel: Path, installed_wheel: Path, tmp_path: Path) -> None:
    """``plugins: [search, kbfind]`` works from a non-editable install: assets and entry point are
    in the wheel."""
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"kbfind/plugin/assets/{n}" for n in ("kbfind-matcher.js", "kbfind-paste.js", "kbfind.css")} <= names
    target = installed_wheel
    team = tmp_path / "handbook"
    shutil.copytree(DATA / "team-site", team)
    config = team / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("  - search\n", "  - search\n  - kbfind\n"), "utf-8")
    env = {**os.environ, "PYTHONPATH": str(target), "NO_MKDOCS_2_WARNING": "1"}
    probe = "import kbfind.plugin, sys; sys.argv[1:] = ['build', '--strict']; print(kbfind.plugin.__file__)"
    build = subprocess.run(
        [sys.executable, "-c", f"{probe}; from mkdocs.__main__ import cli; cli()"],
        cwd=team,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    assert build.stdout.startswith(str(target))
    assert (team / "site" / "paste" / "index.html").exists()
    with open_kb(team / "docs") as kb:
        assert len(matcher_data(team / "site")["entries"]) == len(kb) > 5


@pytest.mark.parametrize("extensions", ["markdown_extensions: [def_list]\n", ""])
def test_the_questions_of_a_definition_list_faq_get_their_anchors_on_the_site(extensions: str, tmp_path: Path) -> None:
    """A question written as a definition term has no heading: the page gives the term (``<dt>``, or the
    paragraph it opens where the site renders no definition lists) the anchor kbfind links to."""
    faq = (
        "# FAQ\n\n## Why is my *page* not published?\n\nA heading keeps its own.\n\n## Terms\n\n"
        "Why is the build slow?\n: Caches are cold.\n\nWhy does `hugo server` not reload?\n: Use `--poll`.\n"
    )
    config = "site_name: T\ntheme: {name: mkdocs}\nplugins: [search, kbfind]\n" + extensions
    build = built(tmp_path, {"faq.md": faq}, config)
    assert build.returncode == 0, build.stderr
    page = (tmp_path / "site" / "faq" / "index.html").read_text("utf-8")
    tag = "dt" if extensions else "p"
    assert f'<{tag} id="why-is-the-build-slow">Why is the build slow?' in page
    assert f'<{tag} id="why-does-hugo-server-not-reload">Why does <code>hugo server</code> not reload?' in page
    assert page.count('id="why-is-my-page-not-published"') == 1  # a heading's anchor is left as it is
    paths = [e["path"] for e in matcher_data(tmp_path / "site")["entries"]]
    assert paths == [
        "faq/#why-is-my-page-not-published",
        "faq/#why-is-the-build-slow",
        "faq/#why-does-hugo-server-not-reload",
    ]


@pytest.mark.browser
def test_the_answer_preview_keeps_the_authors_angle_brackets_and_reduces_markdown(tmp_path: Path, browser: Any) -> None:
    """Only HTML elements are left out of an answer's lines: ``<pod-name>`` and ``replicas < 5`` are the
    author's text; list markers, code spans, reference links and a table's rule are markup."""
    faq = (
        '# Runbook\n\n## Error from server (NotFound): pods "web-0" not found\n\n'
        "- Delete it with `kubectl delete pod <pod-name> -n <namespace>` when replicas < 5 and surge > 1, as"
        " [the docs][ref] say.<br>\n\n[ref]: https://example.com/docs\n\n"
        "## E: Unable to locate package foo\n\n| Cause | Fix |\n| --- | --- |\n| stale lists | `apt-get update` |\n\n"
        '## Error: Cannot find module webpack\n\n<Tabs>\n<TabItem value="npm" label="npm">\n\nRun npm ci.\n\n</TabItem>\n'
        "</Tabs>\n\n## Error: project not found\n\nReplace <Your Project ID> in <Table name>, see `SHOW CREATE TABLE <table>`.\n"
        "\n## Error: illegal instruction on arm7\n\n<!---\nplease remove after fixing the arm7 bug\n    indented, in the comment\n--->\n"
        "Use `<!-- more -->` and <!-- TODO --> the arm6 build.\n\n## Error: upload aborted\n\n[ERROR]: upload aborted\n"
        "\n## Error: disk quota exceeded\n\n> [!WARNING]\n> Deleting volumes loses data.\n"
        "\n## Error: consul unreachable\n\n{{#include ../consul.md}}\n\nRestart consul.\n"
        '\n## Error: tls.crt not found\n\n<aside class="note">\n<p class="note-title">Running locally</p>\n\nx\n\n</aside>\n'
    )
    assert built(tmp_path, {"index.md": "# Home\n", "faq.md": faq}).returncode == 0
    with serve(tmp_path / "site") as base, recording_page(browser) as page:
        ready(page, base + "paste/")
        for paste, first in (
            ('Error from server (NotFound): pods "api-7f9c" not found', "Delete it with kubectl delete pod"
             " <pod-name> -n <namespace> when replicas < 5 and surge > 1, as the docs say."),
            ("E: Unable to locate package foo", "Cause · Fix"),
            ("Error: Cannot find module webpack", "Run npm ci."),  # an MDX component's tags are markup
            ("Error: project not found", "Replace <Your Project ID> in <Table name>, see SHOW CREATE TABLE <table>."),
            ("Error: illegal instruction on arm7", "Use <!-- more --> and the arm6 build."),  # a comment is hidden
            ("Error: upload aborted", "[ERROR]: upload aborted"),  # a log line, not a link definition
            ("Error: disk quota exceeded", "Deleting volumes loses data."),  # a GitHub alert's marker is markup
            ("Error: consul unreachable", "Restart consul."),  # mdBook includes another file there
            ("Error: tls.crt not found", "Running locally"),  # an mdBook aside's tags are markup
        ):  # fmt: skip
            page.fill("#kb-paste", paste)
            answer = "() => document.querySelector('#kb-results li.kb-match .kb-answer')?.innerText.split('\\n')[0]"
            page.wait_for_function(f"({answer})() === {json.dumps(first)}", timeout=10_000)


def test_the_build_names_the_command_that_lists_the_contents_problems(tmp_path: Path, cache_dir: Path) -> None:
    build = built(tmp_path, {"faq.md": "# Faq\n\n## Error: one\n\nx\n\n```sh\nunclosed fence\n"})
    assert build.returncode == 0, build.stderr
    assert "kbfind: 1 problem in the content; `kb lint --kb docs` lists them" in build.stderr
    lint = kbfind_here("lint", "--kb", str(tmp_path / "docs"), prog="kb")  # the command, run where the site is
    assert lint.returncode == 1 and "never closed" in lint.stdout
    elsewhere = run_mkdocs(tmp_path / "mkdocs.yml", tmp_path / "site", cwd=tmp_path.parent)  # built from elsewhere
    assert f"`kb lint --kb {tmp_path / 'docs'}` lists them" in elsewhere.stderr


def test_two_sections_of_a_page_with_one_anchor_are_warned_about(tmp_path: Path) -> None:
    faq = "# Dup\n\n## Error: a {#same}\n\nx\n\n## Error: b {#same}\n\ny\n"
    build = built(
        tmp_path, {"faq.md": faq}, "site_name: T\nplugins: [search, kbfind]\nmarkdown_extensions: [attr_list]\n"
    )
    assert build.returncode == 1  # --strict: a link that lands on the wrong section is an error there
    assert (
        "kbfind: 'Error: b' in faq.md has the anchor #same of 'Error: a': the paste page links both to the first;"
        " give it another {#id}" in build.stderr
    )


def test_repeated_questions_and_a_question_before_a_heading_of_its_words_land_where_the_site_renders_them(
    tmp_path: Path,
) -> None:
    """The site's table of contents anchors headings only: a question takes its anchor after them (kbfind's
    id and the page agree), and the same question under two sections gets the next anchor each time."""
    faq = (
        "# FAQ\n\nWhere are the logs?\n: In /var/log.\n\nHow do I restart?\n: Run restart.\n\n## Where are the logs?\n\n"
        "Also here.\n\n## Build\n\nCan the cache be shared?\n: Yes.\n\nIs it fast?\n: Yes.\n\n## Serve\n\n"
        "Can the cache be shared?\n: No.\n\nIs it slow?\n: No.\n"
    )
    config = "site_name: T\ntheme: {name: mkdocs}\nplugins: [search, kbfind]\nmarkdown_extensions: [def_list]\n"
    assert built(tmp_path, {"faq.md": faq}, config).returncode == 0
    page = (tmp_path / "site" / "faq" / "index.html").read_text("utf-8")
    assert '<h2 id="where-are-the-logs">Where are the logs?</h2>' in page
    assert '<dt id="where-are-the-logs_1">Where are the logs?</dt>' in page
    assert page.count('<dt id="can-the-cache-be-shared">') == page.count('<dt id="can-the-cache-be-shared_1">') == 1
    assert page.index('id="can-the-cache-be-shared"') < page.index('id="can-the-cache-be-shared_1"')
    paths = {e["title"] + e["path"] for e in matcher_data(tmp_path / "site")["entries"]}
    assert (
        "Where are the logs?faq/#where-are-the-logs_1" in paths
        and "Where are the logs?faq/#where-are-the-logs" in paths
    )

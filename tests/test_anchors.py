"""Entry ids are the anchors the site renders: kbfind's own, and a site's whose ``toc`` slugify
is another (MkDocs' default, pymdownx's), checked against Python-Markdown rendering the page."""

from __future__ import annotations

import time
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pymdownx.slugs
import pytest
from markdown.extensions.toc import slugify as markdown_slugify
from markdown.extensions.toc import slugify_unicode
from test_cli import invoke

from kb import open_kb
from kb.parse import parse_markdown
from kb.slug import anchor_text, slugify
from kbfind.plugin.knowledge import site_anchors
from matcher.evaluate import expected, load_cases, resolved, unknown_labels

PAGE = """\
# Runbook

## Error: pods <pod-name> not found

The pod was replaced.

## dial tcp <node-ip>:<node-port>: connect: connection refused

Check the service.

## secret <secret_name> not found

Create it.

## `kubectl get pods` hangs

Check the API server.

## Pod 时区

设置 TZ。

## Café crème: a_b & c

Twice.

## Café crème: a_b & c

Again.

## Custom {#custom-id}

Explicit.

## custom-id

Collides with the explicit one.

## error: expected &lt;identifier&gt; before numeric constant

Written with entities, the brackets are text: the word stays in the anchor.

## Error: List&lt;String&gt; cannot be cast &amp; x

Generics.
"""


class _HeadingIds(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "h2":
            self.ids.append(dict(attrs)["id"] or "")


def rendered_ids(text: str, slug: Callable[[str, str], str], attr_list: bool = True) -> list[str]:
    """The ``##`` anchors Python-Markdown gives ``text`` with ``toc`` (``slugify=slug``) and
    ``attr_list``, as a MkDocs site renders them."""
    extensions = ["toc", "attr_list"] if attr_list else ["toc"]
    md = markdown.Markdown(extensions=extensions, extension_configs={"toc": {"slugify": slug}})
    parser = _HeadingIds()
    parser.feed(md.convert(text))
    return parser.ids


def test_placeholders_in_angle_brackets_are_left_out_of_the_id() -> None:
    entries, _ = parse_markdown("## Error: pods <pod-name> not found\n\nx\n", "t.md", "t.md")
    assert [e.id for e in entries] == ["error-pods-not-found"]
    assert anchor_text("dial tcp <IP:port>: refused") == "dial tcp : refused"
    assert anchor_text("secret <secret_name> not found") == "secret not found"
    assert anchor_text("`<x>`  stays in code") == "<x> stays in code"
    assert anchor_text("a < b and c > d") == "a < b and c > d"


def test_an_autolink_lookalike_placeholder_is_left_out_of_the_id() -> None:
    text = "## dial tcp <IP:port>: connect: connection refused\n\nx\n"
    entries, _ = parse_markdown(text, "t.md", "t.md")
    assert [e.id for e in entries] == rendered_ids(text, slugify) == ["dial-tcp-connect-connection-refused"]


def test_kbfind_ids_are_the_anchors_of_a_site_using_kbfinds_slugify() -> None:
    entries, _ = parse_markdown(PAGE, "runbook.md", "runbook.md")
    assert [e.id for e in entries] == rendered_ids(PAGE, slugify)


@pytest.mark.parametrize(
    "site_slugify",
    [markdown_slugify, slugify_unicode, pymdownx.slugs.slugify(case="lower")],
    ids=["mkdocs-default", "slugify_unicode", "pymdownx-slugs"],
)
def test_the_plugin_gives_each_entry_the_anchor_its_site_renders(
    site_slugify: Callable[[str, str], str], tmp_path: Path, cache_dir: Path
) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "runbook.md").write_text(PAGE, "utf-8")
    with open_kb(tmp_path / "docs") as kb:
        entries = list(kb.entries())
    anchored = site_anchors(tmp_path / "docs", entries, site_slugify, "-")
    assert [e.id for e in anchored] == rendered_ids(PAGE, site_slugify)
    assert [(e.title, e.line) for e in anchored] == [(e.title, e.line) for e in entries]


@pytest.mark.parametrize("attr_list", [True, False], ids=["attr_list", "no-attr_list"])
def test_a_heading_id_written_in_braces_is_the_anchor_only_where_the_site_renders_it(
    attr_list: bool, tmp_path: Path, cache_dir: Path
) -> None:
    """``{#id}`` needs MkDocs' ``attr_list``; without it the braces are the heading's text, and the
    site's anchor is slugified from all of it, so the paste page links there."""
    page = "# FAQ\n\n## Custom id heading {#my-custom}\n\nDo it.\n\n## Error: disk quota exceeded\n\nClean.\n"
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "faq.md").write_text(page, "utf-8")
    with open_kb(tmp_path / "docs") as kb:
        entries = list(kb.entries())
    anchored = site_anchors(tmp_path / "docs", entries, markdown_slugify, "-", attributes=attr_list)
    assert [e.id for e in anchored] == rendered_ids(page, markdown_slugify, attr_list)
    assert anchored[0].id == ("my-custom" if attr_list else "custom-id-heading-my-custom")
    assert [e.title for e in anchored] == ["Custom id heading", "Error: disk quota exceeded"]


def test_mkdocs_default_slugify_drops_what_kbfind_keeps(tmp_path: Path, cache_dir: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "runbook.md").write_text(PAGE, "utf-8")
    with open_kb(tmp_path / "docs") as kb:
        entries = list(kb.entries())
    anchored = site_anchors(tmp_path / "docs", entries, markdown_slugify, "-")
    ids = {e.line: (e.id, a.id) for e, a in zip(entries, anchored, strict=True)}  # by the heading's line
    assert ids[PAGE.split("\n").index("## Pod 时区") + 1] == ("pod-时区", "pod")
    assert ids[3] == ("error-pods-not-found", "error-pods-not-found")


CONTAINED = """\
# Runbook

## Duplicate

First answer.

!!! note

    ## Duplicate

    A heading inside a note takes a slug first.

    ??? tip "Nested"
        ### Duplicate
        So does one in a collapsible inside it.

=== "Tab"

    ## Duplicate

    ```
    ## not a heading: code in the tab
    ```

```
!!! note
    ## not a heading either: the admonition is in a fence
```

## Duplicate

error: the second answer
"""


def test_headings_inside_admonitions_and_tabs_shift_the_suffixes_as_on_the_site() -> None:
    md = markdown.Markdown(
        extensions=["toc", "attr_list", "admonition", "pymdownx.details", "pymdownx.tabbed", "pymdownx.superfences"],
        extension_configs={"toc": {"slugify": slugify}},
    )
    html = md.convert(CONTAINED)
    assert [t["id"] for t in md.toc_tokens[0]["children"]] == ["duplicate", "duplicate_1", "duplicate_3", "duplicate_4"]
    assert 'id="duplicate_2"' in html  # the nested collapsible's heading, under the note's
    entries, _ = parse_markdown(CONTAINED, "runbook.md", "runbook.md")
    assert [(e.id, e.line) for e in entries] == [("duplicate", 3), ("duplicate_4", 30)]


LAYOUTS = {
    "tabs-with-no-blank-line": '=== "A"\n    ## Dup\n=== "B"\n    ## Dup\n',
    "after-text-in-its-block": "Some text\n!!! note\n    ## Dup\n",
    "body-indented-with-a-tab": "!!! note\n\t## Dup\n",
    "no-space-and-modifiers": '!!!note\n    ## Dup\n\n???note\n    ## Dup\n\n===+ "A"\n    ## Dup\n\n===! "B"\n    ## Dup\n',
    "not-containers": "=== Step 1 ===\n\n    # Dup\n\n!!! Note: this matters\n\n    # Dup\n\n  !!! note\n\n    # Dup\n",
    "heading-indented-in-the-body": "!!! note\n     ## Dup\n",
}


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=LAYOUTS.keys())
def test_container_layouts_give_the_anchors_the_site_renders(layout: str) -> None:
    page = f"## Dup\n\nfirst\n\n{layout}\n## Dup\n\nlast\n"
    md = markdown.Markdown(
        extensions=["toc", "attr_list", "admonition", "pymdownx.details", "pymdownx.tabbed", "pymdownx.superfences"],
        extension_configs={"toc": {"slugify": slugify}},
    )
    html = md.convert(page)
    last = [line for line in html.split("\n") if line.startswith('<h2 id="dup')][-1]  # the page's last heading
    entries, _ = parse_markdown(page, "p.md", "p.md")
    assert f'id="{entries[-1].id}"' in last, (entries[-1].id, last)


def test_only_the_containers_the_site_renders_take_slugs(tmp_path: Path, cache_dir: Path) -> None:
    page = '## Dup\n\nfirst\n\n??? tip\n    ## Dup\n\n=== "Tab"\n    ## Dup\n\n## Dup\n\nlast\n'
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", "utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "p.md").write_text(page, "utf-8")
    with open_kb(tmp_path / "docs") as kb:
        entries = list(kb.entries())
    assert [e.id for e in entries] == ["dup", "dup_3"]  # a mkdocs-material site: all three render
    admonitions_only = site_anchors(tmp_path / "docs", entries, slugify, "-", frozenset({"!!!"}))
    assert [e.id for e in admonitions_only] == ["dup", "dup_1"]  # '??? tip' and '=== "Tab"' stay text and code
    md = markdown.Markdown(extensions=["toc", "admonition"], extension_configs={"toc": {"slugify": slugify}})
    assert '<h2 id="dup_1">Dup</h2>\n<p>last</p>' in md.convert(page)


def test_deeply_nested_containers_neither_crash_nor_crawl() -> None:
    depth = 1000
    page = "## Dup\n\nfirst\n\n" + "".join(" " * (4 * k) + "!!! note\n" for k in range(depth))
    page += " " * (4 * depth) + "## Dup\n\n## Dup\n\nlast\n"
    started = time.perf_counter()
    entries, _ = parse_markdown(page, "p.md", "p.md")
    assert time.perf_counter() - started < 20  # was a RecursionError after minutes
    assert entries[0].id == "dup"


def test_kramdown_attribute_lists_give_the_anchors_a_mkdocs_site_renders_and_show_nowhere() -> None:
    # Jekyll pages: an id at the end of the heading's line is the anchor on either site; one on
    # the next line Python-Markdown does not read, so the anchor there stays the heading's words.
    text = (
        "## Running Jekyll as Non-Superuser (no sudo!)\n{: #no-sudo}\n\nInstall gems in your home.\n\n"
        "## Base-URL problems {: #base-url .wide}\n\nSet `baseurl`.\n\nA note\n{: .note}\n"
    )
    entries, _ = parse_markdown(text, "t.md", "t.md")
    assert (
        [e.id for e in entries]
        == rendered_ids(text, slugify)
        == ["running-jekyll-as-non-superuser-no-sudo", "base-url"]
    )
    assert [e.body for e in entries] == ["Install gems in your home.\n", "Set `baseurl`.\n\nA note\n"]


@pytest.mark.parametrize(
    "heading",
    [
        "## Title {: .wide}",
        "## Title {.wide #id}",
        "## Title {: .wide #id}",
        "## Error: expected {#id} got {#x y}",
        "## Title {:toc}",
        "## Using `{#each items}`",
    ],
)
def test_an_attribute_list_at_a_headings_end_gives_the_anchor_attr_list_gives(heading: str) -> None:
    text = heading + "\n\nbody\n"
    entries, _ = parse_markdown(text, "t.md", "t.md")
    assert [e.id for e in entries] == rendered_ids(text, slugify)


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [  # github-slugger's own fixtures, and what error headings hold
        ("foo bar baz", "foo-bar-baz"),
        ("Привет non-latin 你好", "привет-non-latin-你好"),
        ("😄 emoji", "-emoji"),
        (
            "Error: x509 / certificate signed by unknown authority",
            "error-x509--certificate-signed-by-unknown-authority",
        ),
        ("Port 3000 — already in use", "port-3000--already-in-use"),
        ("snake_case and kebab-case (v1.2)", "snake_case-and-kebab-case-v12"),
    ],
)
def test_github_slug_anchors_as_docusaurus_does(heading: str, anchor: str) -> None:
    from kb.slug import github_slug

    assert github_slug(heading) == anchor


def test_a_docusaurus_sites_entries_take_the_anchors_docusaurus_renders(tmp_path: Path, cache_dir: Path) -> None:
    """A knowledge base in a Docusaurus site (``docusaurus.config.js`` in its folder or above) is
    anchored as Docusaurus renders it: spaced punctuation leaves one dash per space, and a repeated
    heading takes ``-1``; the same page in a MkDocs site keeps Python-Markdown's anchors."""
    page = "# T\n\n## Error: x509 / unknown authority\n\nTrust it.\n\n## Port in use\n\nA.\n\n## Port in use\n\nB.\n"
    site, plain = tmp_path / "site", tmp_path / "plain"
    for folder in (site / "docs", plain / "docs"):
        folder.mkdir(parents=True)
        (folder / "faq.md").write_text(page, "utf-8")
    (site / "docusaurus.config.js").write_text("module.exports = {};\n", "utf-8")
    ids = [e.id for e in open_kb(site / "docs").entries()]
    assert ids == ["error-x509--unknown-authority", "port-in-use", "port-in-use-1"]
    split = tmp_path / "split"  # docs/ beside website/docusaurus.config.js, as Jest and Prettier keep them
    (split / "docs").mkdir(parents=True)
    (split / "website").mkdir()
    (split / "website" / "docusaurus.config.js").write_text("module.exports = {};\n", "utf-8")
    (split / "docs" / "faq.md").write_text(page, "utf-8")
    assert [e.id for e in open_kb(split / "docs").entries()] == ids
    (split / "tools" / "docs").mkdir(parents=True)  # a website/ above, not beside: another site's
    (split / "tools" / "docs" / "faq.md").write_text(page, "utf-8")
    (split / "tools" / "mkdocs.yml").write_text("site_name: tools\n", "utf-8")  # ... this one MkDocs'
    assert [e.id for e in open_kb(split / "tools" / "docs").entries()][-1] == "port-in-use_1"
    (plain / "mkdocs.yml").write_text("site_name: plain\n", "utf-8")
    assert [e.id for e in open_kb(plain / "docs").entries()] == [
        "error-x509-unknown-authority",
        "port-in-use",
        "port-in-use_1",
    ]


def test_a_sphinx_projects_entries_take_the_ids_docutils_makes(tmp_path: Path, cache_dir: Path) -> None:
    """Sphinx anchors a section as docutils' make_id does: ASCII only, no leading digit, a repeat ``id1``."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "conf.py").write_text('extensions = ["myst_parser"]\n', "utf-8")
    (tmp_path / "docs" / "faq.md").write_text(
        "# FAQ\n\n## 401 Unauthorized from the hub\n\nx\n\n## Error in my_module.py\n\ny\n\n## Error in my_module.py\n\nz\n"
        "\n## Straße Øresund łódź\n\nw\n",
        "utf-8",
    )
    assert [e.id for e in open_kb(tmp_path / "docs").entries()] == [
        "unauthorized-from-the-hub",
        "error-in-my-module-py",
        "id1",
        "strasze-oresund-lodz",  # letters docutils spells in ASCII
    ]


def test_a_folder_no_mkdocs_site_owns_is_anchored_as_github_and_hugo_anchor_it(tmp_path: Path, cache_dir: Path) -> None:
    """GitLab's and TiDB's docs, read on their repository or built by Hugo: ``x / y`` is ``x--y``, a repeat
    ``-1``; a case file, ``kb show`` and a front-matter alias that write the ids as MkDocs would still
    name the entries."""
    page = (
        "---\nkbfind:\n  aliases:\n    invalid-status-for-url-501: [remote said 501]\n---\n\n"
        "## Invalid status for `<url>` : 501\n\nRetry.\n\n## Port in use\n\nA.\n\n## Port in use\n\nB.\n"
    )
    for folder in (tmp_path / "docs", tmp_path / "site" / "docs"):
        folder.mkdir(parents=True)
        (folder / "faq.md").write_text(page, "utf-8")
    entries = list(open_kb(tmp_path / "docs").entries())
    assert [e.id for e in entries] == ["invalid-status-for-url--501", "port-in-use", "port-in-use-1"]
    assert [t.text for t in entries[0].templates if t.origin == "alias"] == ["remote said 501"]
    with open_kb(tmp_path / "docs") as kb:
        cases = load_cases(tmp_path / "c.jsonl", b'{"query": "x", "expect": ["faq.md#port-in-use_1"]}\n')
        (case,) = resolved(cases, kb)
    assert [e.id for e in entries if expected(case, e)] == ["port-in-use-1"]
    shown = invoke("show", "--kb", str(tmp_path / "docs"), "invalid-status-for-url-501", prog="kb")
    assert shown.code == 0 and shown.out.startswith("## Invalid status for `<url>` : 501\n")
    (tmp_path / "site" / "mkdocs.yml").write_text("site_name: x\n", "utf-8")  # in a MkDocs site: Python-Markdown's
    ids = [e.id for e in open_kb(tmp_path / "site" / "docs").entries()]
    assert ids == ["invalid-status-for-url-501", "port-in-use", "port-in-use_1"]


def test_an_id_an_entry_has_exactly_names_only_it_where_another_is_spelled_so_loosely(
    tmp_path: Path, cache_dir: Path
) -> None:
    """In a MkDocs site ``## Caveats`` twice and ``## Caveats 1`` are ``caveats``, ``caveats_1`` and
    ``caveats-1``: a case file or a front-matter alias naming ``caveats-1`` names the third alone."""
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", "utf-8")
    (tmp_path / "docs").mkdir()
    page = "---\nkbfind:\n  aliases:\n    caveats-1: [mount is read-only]\n---\n\n"
    page += "## Caveats\n\nA.\n\n## Caveats\n\nB.\n\n## Caveats 1\n\nC.\n"
    (tmp_path / "docs" / "p.md").write_text(page, "utf-8")
    with open_kb(tmp_path / "docs") as kb:
        entries = list(kb.entries())
        assert [e.id for e in entries] == ["caveats", "caveats_1", "caveats-1"]
        assert [e.id for e in entries if any(t.origin == "alias" for t in e.templates)] == ["caveats-1"]
        cases = load_cases(tmp_path / "c.jsonl", b'{"query": "x", "expect": ["p.md#caveats-1"]}\n')
        (case,) = resolved(cases, kb)
        assert [e.id for e in entries if expected(case, e)] == ["caveats-1"]
    github = tmp_path / "plain"  # anchored as GitHub does: a label written as MkDocs would names no entry wrongly
    github.mkdir()
    (github / "p.md").write_text("## Caveats\n\nA.\n\n## Caveats\n\nB.\n", "utf-8")
    with open_kb(github) as kb:
        labelled = load_cases(tmp_path / "d.jsonl", b'{"query": "x", "expect": ["p.md#caveats_1"]}\n')
        assert unknown_labels(labelled, kb) == []

import hashlib
import json
import os
from pathlib import Path

import pytest
from conftest import CONTENT, DATA

from kb import load_entries
from kb.parse import parse_markdown

GOLDEN = DATA / "k8s-faq.entries.json"
FAQ_SHA256 = "3a5e71db0958f3a97acf4df6d35ce12448dbcbfe2e2fa610c131aea1c92c7cd9"
"""The bundled FAQ as its authors wrote it (``shared/content/k8s-faq.md``): kbfind never rewrites it."""


def _summary(path: Path) -> list[dict[str, object]]:
    entries, problems = load_entries(path)
    assert problems == []
    return [
        {
            "id": e.id,
            "title": e.title,
            "kind": e.kind,
            "line": e.line,
            "unanswered": e.unanswered,
            "code": [[c.language, c.title, c.line] for c in e.code],
            "links": [link.url for link in e.links],
            "tags": list(e.tags),
        }
        for e in entries
    ]


def test_bundled_faq_matches_golden_file() -> None:
    summary = _summary(CONTENT)
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n", "utf-8")
    assert len(summary) == 50
    assert summary == json.loads(GOLDEN.read_text("utf-8"))


def test_bundled_faq_is_the_shared_file_byte_for_byte() -> None:
    # Pinned, so that it fails in any checkout, not only beside the shared copy; that copy, where
    # it is found, must be the same file.
    assert hashlib.sha256((CONTENT / "k8s-faq.md").read_bytes()).hexdigest() == FAQ_SHA256
    shared = CONTENT.parent.parent / "shared" / "content" / "k8s-faq.md"
    if shared.exists():
        assert hashlib.sha256(shared.read_bytes()).hexdigest() == FAQ_SHA256


def test_docusaurus_markdown_is_read_as_written() -> None:
    entries, problems = load_entries(DATA / "docusaurus.md")
    assert problems == []
    assert [(e.id, e.title, e.kind, e.line) for e in entries] == [
        ("pod-时区", "Pod 时区", "topic", 10),
        ("pod-fieldref", "常用 fieldRef", "topic", 30),
        ("empty-section", "Empty section", "topic", 36),
        ("pod-时区-1", "Pod 时区", "topic", 38),  # no MkDocs site owns it: anchored as GitHub does
        ("connection-refused-dial-tcp-10001443", "connection refused: dial tcp 10.0.0.1:443", "error", 42),
    ]
    tz = entries[0]
    assert tz.tags == ("networking", "dns")
    assert [(c.language, c.title, c.line) for c in tz.code] == [("yaml", "pod.yaml", 14)]
    assert tz.code[0].code == "env:\n  - name: TZ\n    value: Asia/Shanghai\n"
    assert [(link.text, link.url) for link in tz.links] == [
        ("the docs", "https://kubernetes.io/docs/"),
        ("https://example.com/tz", "https://example.com/tz"),
    ]
    assert ":::tip" in tz.body and "### Solution" in tz.body
    assert entries[2].unanswered and not entries[1].unanswered
    assert entries[4].code[0].language == ""


MDX_PAGE = """---
title: Troubleshooting
---
import Tabs from '@theme/Tabs';
export const meta = {
  owner: 'ops',
};

## Error: EACCES: permission denied, mkdir '/usr/lib/node_modules'

Change npm's default directory {/* since npm 7 */} and
import nothing else: this line is prose, as MDX reads it.
{/* TODO:
   a longer note */}

```js
import os from 'os';
```
"""


def test_an_mdx_page_is_read_without_its_import_and_export_statements() -> None:
    (entry,), problems = parse_markdown(MDX_PAGE, "docs/faq.mdx", "docs/faq.mdx")
    assert not problems
    assert (entry.title, entry.line) == ("Error: EACCES: permission denied, mkdir '/usr/lib/node_modules'", 9)
    assert "Tabs" not in entry.body and "owner" not in entry.body
    assert "import nothing else" in entry.body and "TODO" not in entry.body and "npm 7" not in entry.body
    assert "import os from 'os';" in entry.body  # code in a fence is the answer's
    assert parse_markdown(MDX_PAGE, "docs/README.mdx", "README.mdx") == ([], [])  # describes the folder
    # In a .md page the same lines are text, as CommonMark reads them.
    (entry,), _ = parse_markdown(MDX_PAGE.replace("## Error", "import x\n\n## Error"), "faq.md", "faq.md")
    assert entry.line == 11


def test_a_md_page_that_imports_modules_is_read_as_mdx() -> None:
    """Docusaurus reads ``.md`` pages as MDX: one that imports a module outside its code is one, and
    its ``export`` blocks are code, not the last answer's text; an import shown in a fence is not."""
    page = MDX_PAGE.replace("{/* since npm 7 */} ", "") + "\n## Error: Cannot find module 'webpack'\n\nReinstall.\n\n"
    page += "export const toc = [\n  1,\n];\n"
    entries, problems = parse_markdown(page, "docs/faq.md", "docs/faq.md")
    assert not problems and "owner" not in entries[0].body and entries[1].body.strip() == "Reinstall."
    prettier = "import {\n  Tabs,\n  TabItem,\n} from '@theme/Tabs';\n\n## Error: x\n\nFix.\n\nexport const toc = [\n  1,\n];\n"
    assert parse_markdown(prettier, "docs/faq.md", "docs/faq.md")[0][0].body == "Fix.\n"  # an import over lines
    styled = "import './custom.css';\n\n## Error: x\n\nFix.\n\nexport const toc = [\n  1,\n];\n"
    assert parse_markdown(styled, "docs/faq.md", "docs/faq.md")[0][0].body == "Fix.\n"  # imported for its effects
    for shown in ("```js\nimport os from 'os';\n```\n", 'import the file from "backup.tar" first.\n'):
        (entry,), _ = parse_markdown(f"## Error: x\n\n{shown}\nexport const toc = [1];\n", "docs/faq.md", "docs/faq.md")
        assert entry.body.rstrip().endswith("export const toc = [1];")  # CommonMark's text in a page of markdown


def test_an_mdx_export_that_never_closes_does_not_swallow_the_headings_after_it() -> None:
    text = "export const meta = {\n  owner: 'ops',\n\n## Error: connection refused\n\nRestart.\n\n## Error: EACCES\n\nChown.\n"
    entries, problems = parse_markdown(text, "docs/faq.mdx", "docs/faq.mdx")
    assert [(e.title, e.line) for e in entries] == [("Error: connection refused", 4), ("Error: EACCES", 8)]
    assert [(p.line, p.message) for p in problems] == [
        (
            1,
            "this MDX import/export does not close its brackets before the heading at line 4; it is read as code up to there",
        )
    ]
    _, problems = parse_markdown("## Usage\n\nText.\n\nexport const x = [\n  1,\n", "docs/faq.mdx", "docs/faq.mdx")
    assert [(p.line, p.message) for p in problems] == [
        (5, "this MDX import/export does not close its brackets by the end of the file; it is read as code up to there")
    ]


def test_a_code_block_straight_after_a_jsx_tag_line_is_code_in_mdx() -> None:
    """MDX reads the lines after ``<summary>Log</summary>`` as markdown, where CommonMark would read
    them as the tag's HTML block up to a blank line, fence and all."""
    text = (
        "## Postgres won't start\n\n<details>\n<summary>Log</summary>\n```\nFATAL:  could not open file: Permission"
        " denied\n\nLOG:  database system is shut down\n```\n</details>\n\nMove the data.\n\n## Server crashes\n\nRaise it.\n"
    )
    entries, problems = parse_markdown(text, "docs/faq.mdx", "docs/faq.mdx")
    assert not problems and [e.title for e in entries] == ["Postgres won't start", "Server crashes"]
    assert [t.text for t in entries[0].templates] == ["FATAL:  could not open file: Permission denied"]
    as_md, _ = parse_markdown(text, "docs/faq.md", "docs/faq.md")  # CommonMark's reading, as written
    assert [t.text for t in as_md[0].templates] == []
    # a summary naming an error states it, as a summary followed by a blank line does; a tag's text is text
    titled = "## Build fails\n\n<details>\n<summary>Error: Cannot find module 'webpack'</summary>\n```\nnpm ci\n```\n</details>\n"
    (entry,), _ = parse_markdown(titled, "docs/faq.mdx", "docs/faq.mdx")
    assert [(t.origin, t.text) for t in entry.templates] == [("message", "Error: Cannot find module 'webpack'")]
    assert [e.title for e in parse_markdown("## x\n\n<p># not a heading</p>\ntext\n", "f.mdx", "f.mdx")[0]] == ["x"]
    (listed,), _ = parse_markdown("## x\n\n<p>1. not a list</p>\ntext\n", "f.mdx", "f.mdx")
    assert listed.body == "1\\. not a list\ntext\n"
    bold = "## Build fails\n\n<details>\n<summary>**Error:** Cannot find module 'webpack'</summary>\nRun npm ci.\n"
    (entry,), _ = parse_markdown(bold, "docs/faq.mdx", "docs/faq.mdx")  # bold once: the title, as it shows
    assert entry.body.split("\n")[0] == "**Error: Cannot find module 'webpack'**"


def test_an_mdx_page_is_linked_as_docusaurus_and_mkdocs_route_it() -> None:
    from kb import page_url

    assert page_url("docs/faq.mdx") == "docs/faq/"
    assert page_url("guide/index.mdx") == "guide/"


def test_a_docusaurus_sites_partials_are_no_pages(tmp_path: Path, cache_dir: Path) -> None:
    """Docusaurus publishes no file or folder whose name starts with ``_`` (a partial, imported into
    other pages): an entry there would link to no page. Elsewhere such names are pages (Hugo's
    ``_index.md``, Jekyll's ``_docs/``)."""
    from kb import open_kb

    docs = tmp_path / "site" / "docs"
    (docs / "_partials").mkdir(parents=True)
    (docs / "faq.md").write_text("## Error: port in use\n\nStop it.\n", "utf-8")
    (docs / "_steps.mdx").write_text("## Step 3 - Start the containers\n\nRun up.\n", "utf-8")
    (docs / "_partials" / "more.md").write_text("## More steps\n\nx\n", "utf-8")
    with open_kb(docs) as kb:
        assert sorted(e.page for e in kb.entries()) == ["_partials/more.md", "_steps.mdx", "faq.md"]
    (tmp_path / "site" / "docusaurus.config.ts").write_text("export default {};\n", "utf-8")
    with open_kb(docs) as kb:  # the file above the content decides: not an index built without it
        assert [e.page for e in kb.entries()] == ["faq.md"]


def test_jekylls_markdown_pages_are_read(tmp_path: Path, cache_dir: Path) -> None:
    """Home Assistant's docs are ``.markdown`` (Jekyll's default), a name MkDocs reads too."""
    from kb import open_kb, page_url

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("## Camera\n\nx\n", "utf-8")
    (tmp_path / "docs" / "b.markdown").write_text("## Error 404: not here\n\nLook elsewhere.\n", "utf-8")
    with open_kb(tmp_path / "docs") as kb:
        assert sorted(e.page for e in kb.entries()) == ["a.md", "b.markdown"]
    assert page_url("b.markdown") == "b/"


def test_jekylls_liquid_tags_read_as_the_page_renders_them() -> None:
    """Home Assistant's pages: a details block's title is a title, a term or a link its text, other tags
    nothing; in code, or a code span, they are code."""
    text = (
        '## Error: Failed to create subscriber\n\n{% details "How to fix" %}\nRe-enable it in {% my integrations'
        ' title="**Settings** > **Devices**" %} and edit {% term "`configuration.yaml`" %}.\n{% raw %}\n```yaml\n'
        "{% if x %}\n```\n{% endraw %}\n{% enddetails %}\n\nUse `{% raw %}` in templates.\n"
    )
    (entry,), _ = parse_markdown(text, "nest.markdown", "nest.markdown")
    assert entry.body == (
        "**How to fix**\nRe-enable it in **Settings** > **Devices** and edit `configuration.yaml`.\n\n```yaml\n"
        "{% if x %}\n```\n\n\n\nUse `{% raw %}` in templates.\n"
    )


def test_what_is_not_liquid_stays_as_written() -> None:
    """Hugo's shortcodes, an included file's line, a heading's and indented code's tags are not a
    Liquid title or link to read: each stays as written, and the include is not the answer's text."""
    text = (
        '## Pull fails\n\n{{% alert title="Note" %}}\nRetry.\n{{% /alert %}}\n{{% note %}}\n\n'
        '{% include "snippets/proxy.md" %}\n\n### For {% for x in y %} loops\n\nz\n\n'
        "Indented code:\n\n    {% if x %}\n    echo\n"
    )
    entries, _ = parse_markdown(text, "pull.md", "pull.md")
    assert [(e.title, e.body) for e in entries] == [
        ("Pull fails", '{{% alert title="Note" %}}\nRetry.\n{{% /alert %}}\n{{% note %}}\n'),
        ("For {% for x in y %} loops", "z\n\nIndented code:\n\n    {% if x %}\n    echo\n"),
    ]


def test_answer_is_sliced_from_the_source_lines() -> None:
    text = "## Title\n\nline one\n\n```bash\necho  'spaces  kept'\n```\n\n## Next\n"
    entries, _ = parse_markdown(text, "f.md", "f.md")
    assert entries[0].body == "line one\n\n```bash\necho  'spaces  kept'\n```\n"
    assert entries[1].unanswered


def test_a_section_of_html_comments_alone_has_no_answer_yet() -> None:
    """A ``TODO`` note or an alias is not shown on the site: the heading is a known error, answer to come."""
    text = (
        "## Error: one\n\n<!-- TODO: write the fix -->\n\n## Error: two\n<!-- kbfind-alias: two failed -->\n\n"
        "## Error: three\n\n<!-- not yet --> Restart it.\n\n## Error: four\n\n<!-- never closed\n"
    )
    entries, _ = parse_markdown(text, "f.md", "f.md")
    assert [e.unanswered for e in entries] == [True, True, False, True]
    from kb import Locations
    from kbfind.payload import entry_json

    assert [entry_json(e, Locations(""))["answer"] for e in entries][:3] == ["", "", "<!-- not yet --> Restart it.\n"]


def test_headings_inside_code_fences_are_not_entries() -> None:
    text = "## Real\n\n```md\n## Not a heading\n```\n"
    entries, _ = parse_markdown(text, "f.md", "f.md")
    assert [e.title for e in entries] == ["Real"]


def test_a_fence_closed_as_indented_as_its_list_item_or_quote_is_no_problem() -> None:
    text = (
        "## Monitoring\n\n1. Label the namespace\n\n    ```console\n    oc label ns rook-ceph a=b\n    ```\n\n"
        "> ```text\n> error: x\n> ```\n\n## Unclosed\n\n- step\n\n  ```sh\n  echo never closed\n"
    )
    _, problems = parse_markdown(text, "p.md", "p.md")
    assert [(p.line, p.message) for p in problems] == [(17, "code fence never closed; it runs to the end of the file")]


def test_a_page_of_thousands_of_sections_is_read_in_linear_time() -> None:
    import time

    many = "".join(f"# h{i}\n\nx\n\n" for i in range(10_000))  # each entry once found its tokens by a pass over all
    variants = "## Q\n\nx\n\n" + "".join(f"### If case {i}\n\ny\n\n" for i in range(400))  # and its siblings' names
    start = time.perf_counter()
    assert len(parse_markdown(many, "p.md", "p.md")[0]) == 10_000
    assert [e.title for e in parse_markdown(variants, "p.md", "p.md")[0]] == ["Q"]
    assert time.perf_counter() - start < 20  # a bound, not a benchmark: quadratic and cubic took minutes


def test_kb_lint_reads_a_pages_headings_as_parsing_does() -> None:
    """The outline ``kb lint`` checks is the parser's: a YAML comment in a Hugo code shortcode is
    no heading, and an MDX page's ``import``/``export`` statements are no text."""
    from kb.parse import page_outline

    text = (
        "## Error: sync failed\n\n{{< text yaml >}}\n# a comment in the example\nkind: Pod\n{{< /text >}}\n\n"
        "import Tabs from '@theme/Tabs';\n\n## Error: other\n\nFix.\n"
    )
    lines, headings, asked = page_outline(text, "docs/errors.mdx")
    assert headings == [(2, "Error: sync failed", 0), (2, "Error: other", 9)] and asked == frozenset()
    assert lines[7] == "" and page_outline(text, "docs/errors.md")[0][7] == ""  # a .md page importing is MDX
    assert [e.title for e in parse_markdown(text, "errors.mdx", "errors.mdx")[0]] == [t for _, t, _ in headings]


def test_a_readme_below_the_top_is_its_folders_page() -> None:
    # MkDocs, Docusaurus and GitBook publish eventing/troubleshooting/README.md as that folder's page
    page = "# Debugging Knative Eventing\n\n## Check the Broker\n\nRun `kubectl get broker`.\n"
    (entry,), _ = parse_markdown(page, "docs/eventing/troubleshooting/README.md", "eventing/troubleshooting/README.md")
    assert entry.title == "Check the Broker"
    assert parse_markdown(page, "docs/README.md", "README.md") == ([], [])


def test_a_headings_underline_and_the_rules_between_sections_are_no_answer() -> None:
    page = (
        "Common Error Messages\n---------------------\n\n"
        '### Q: I see "template engine not found". What do I do?\n\nInstall the other Tilt.\n\n---\n\n'
        "How do I...?\n============\n\n### Q: How do I configure my app?\n\nUse config.\n"
    )
    entries, _ = parse_markdown(page, "faq.md", "faq.md")
    # the two groups have no answer of their own: their underlines are not one
    assert [e.title for e in entries] == [
        'Q: I see "template engine not found". What do I do?',
        "Q: How do I configure my app?",
    ]
    assert entries[0].body == "Install the other Tilt.\n"
    # a part's heading written so inside an answer keeps its underline: it still reads as a heading
    (entry,), _ = parse_markdown("Disk full\n=========\n\nCause\n-----\n\nLogs.\n", "p.md", "p.md")
    assert entry.body == "Cause\n-----\n\nLogs.\n"
    (entry,), _ = parse_markdown("Disk full on\nthe node\n=========\n\nFree it.\n", "p.md", "p.md")
    assert (entry.title, entry.body) == ("Disk full on the node", "Free it.\n")  # a heading of two lines, all of it


def test_code_blocks_in_admonitions_and_tabs_are_the_entrys_code_too() -> None:
    """Markdown reads an admonition's or a tab's body as indented code; the site renders its fences."""
    text = (
        '## Service fails to start\n\n!!! warning "Check the logs"\n\n    ```console\n    $ journalctl -u svc\n'
        '    svc: fatal: key missing\n    ```\n\n=== "Linux"\n\n    ```bash\n    sudo systemctl restart svc\n    ```\n\n'
        "Not in a tab:\n\n    ```\n    an indented block that only shows fences\n    ```\n"
    )
    entries, _ = parse_markdown(text, "f.md", "f.md")
    assert [(c.language, c.code, c.line) for c in entries[0].code] == [
        ("console", "$ journalctl -u svc\nsvc: fatal: key missing\n", 5),
        ("bash", "sudo systemctl restart svc\n", 12),
    ]


@pytest.mark.parametrize(
    ("heading", "title", "id_"),
    [
        ("Release {{% version %}} OS requirements {#osrequirements}", "Release OS requirements", "osrequirements"),
        ('Install {{< param "product" >}} on macOS', "Install on macOS", "install-on-macos"),
        ("Quote `{{</* note */>}}` in docs", "Quote `{{</* note */>}}` in docs", "quote-note-in-docs"),  # code
        ("Why `{{% raw %}}` fails", "Why `{{% raw %}}` fails", "why-raw-fails"),  # in a code span: the example
        ('{{% heading "prerequisites" %}}', '{{% heading "prerequisites" %}}', "heading-prerequisites"),  # alone
    ],
)
def test_hugo_shortcodes_in_a_heading_are_left_out_of_its_title_and_its_id_is_its_own(
    heading: str, title: str, id_: str
) -> None:
    """What a shortcode renders only Hugo knows: the heading's words and its ``{#id}`` are read without it."""
    (entry,), _ = parse_markdown(f"# Downloads\n\n## {heading}\n\nLinux.\n", "d.md", "d.md")
    assert (entry.title, entry.id) == (title, id_)

"""An answer's markdown as the terminal shows it: what the page does not show (comments, a site's
markup) is left out, and what it renders is shown as text; code is shown as written."""

from __future__ import annotations

from pathlib import Path

from test_cli import invoke

from kb import open_kb


def _answer(tmp_path: Path, heading: str, body: str, *args: str) -> str:
    """What ``kbfind`` prints for the entry ``heading`` whose answer is ``body``."""
    (tmp_path / "kb").mkdir(exist_ok=True)
    (tmp_path / "kb" / "faq.md").write_text(f"## {heading}\n\n{body}", "utf-8")
    run = invoke("--kb", str(tmp_path / "kb"), *args, heading)
    assert run.code == 0, run.out + run.err
    return run.out.split("\n\n", 1)[1]


def test_a_comment_in_a_nested_list_item_is_left_out_and_its_links_are_not_cited(
    tmp_path: Path, cache_dir: Path
) -> None:
    """DM's Chinese FAQ writes a case it means to link later in a comment of a nested item: the item's text
    is indented four columns under text, which continues the list, not indented code."""
    shown = _answer(
        tmp_path,
        "Error: relay log purged before sync",
        "- 检查 relay 目录：\n    - 检查 relay.meta。<!-- 见案例 [case-2](https://example.com/2)。-->\n"
        "    - 重启 DM-worker。<!-- a comment\n      over two lines -->\n\n"
        "Run:\n\n    echo '<!-- kept: indented code -->'\n",
    )
    assert shown == (
        "  - 检查 relay 目录：\n      - 检查 relay.meta。\n      - 重启 DM-worker。\n\n  Run:\n\n"
        "      echo '<!-- kept: indented code -->'\n"
    )


def test_a_line_of_hugo_shortcodes_alone_is_left_out_and_the_text_they_enclose_kept(
    tmp_path: Path, cache_dir: Path
) -> None:
    """TiDB's pages put ``{{< copyable "shell-regular" >}}`` over their commands and notes in ``{{% notice %}}``:
    markup whose output only Hugo knows; a shortcode in a code span or in code is the author's example."""
    shown = _answer(
        tmp_path,
        "Error: region is unavailable",
        '{{< copyable "shell-regular" >}}\n\n```shell\ntiup ctl pd region\n```\n\n{{% notice note %}}\n'
        'Wait for the leader.\n{{% /notice %}}\n\n{{< details summary="Why" >}}{{< /details >}}\n'
        "Write `{{< alert >}}` to warn. {{< /alert >}}\n\nIn code:\n\n    {{< copyable >}}\n",
    )
    assert shown == (
        "    │ tiup ctl pd region\n\n  Wait for the leader.\n\n  Write `{{< alert >}}` to warn. {{< /alert >}}\n\n"
        "  In code:\n\n      {{< copyable >}}\n"
    )


EMPHASIS = (
    "**原因**：DM-worker 的 relay 日志 __已清理__，*先*检查是否**重要**的 `**code**` 与 **`relay.meta` 的位置**。\n\n"
    "* 2*3*4 = 24, snake_case_name and a_b_c stay; \\*escaped\\* too; ***both*** at once.\n\nRun:\n\n"
    "    **indented code**\n"
)


def test_emphasis_shows_its_text_without_its_markers_and_strong_emphasis_bold_in_colour(
    tmp_path: Path, cache_dir: Path
) -> None:
    """Chinese FAQs open answers with ``**原因**：``: the page shows 原因 in bold. Not markers: a code span's and
    indented code's, a bullet's star, a product's, and underscores inside a word."""
    plain = _answer(tmp_path, "Error: relay log purged before sync", EMPHASIS)
    assert plain == (
        "  原因：DM-worker 的 relay 日志 已清理，先检查是否重要的 `**code**` 与 `relay.meta` 的位置。\n\n"
        "  * 2*3*4 = 24, snake_case_name and a_b_c stay; *escaped* too; both at once.\n\n  Run:\n\n"
        "      **indented code**\n"
    )
    coloured = _answer(tmp_path, "Error: relay log purged before sync", EMPHASIS, "--color", "always")
    assert coloured.startswith(
        "  \x1b[1m原因\x1b[0m：DM-worker 的 relay 日志 \x1b[1m已清理\x1b[0m，先检查是否\x1b[1m重要\x1b[0m的 `**code**` 与"
        " \x1b[1m`relay.meta` 的位置\x1b[0m。\n"
    )


def test_docfx_includes_and_extensions_are_markup_not_the_answers_words(tmp_path: Path, cache_dir: Path) -> None:
    """Microsoft's support articles: ``[!INCLUDE …]`` pastes another file, ``:::image …:::`` shows a picture;
    neither is text of the answer, nor an error text its block title would be."""
    shown = _answer(
        tmp_path,
        "SubnetIsFull",
        "[!INCLUDE [Feedback](../includes/feedback.md)]\n\n### Solution\n\n1. Open the portal.\n\n"
        "[!include[sign-in](../includes/sign-in.md)]\n\n"
        '   :::image type="content" source="media/a.png" alt-text="Screenshot." lightbox="media/a.png":::\n\n'
        ':::zone pivot="cli"\n\nRun `az aks update`.\n\n:::zone-end\n',
    )
    assert shown == "  ### Solution\n\n  1. Open the portal.\n\n  Run `az aks update`.\n"
    with open_kb(tmp_path / "kb") as kb:
        assert [t.text for e in kb.entries() for t in e.templates if t.origin != "heading"] == []

"""MkDocs hooks: the knowledge base's markdown becomes the site, with nothing copied or rewritten.

- the paste page (``site/pages/index.md``) becomes the home page, the tags page is added, and
  ``content/README.md`` (the licence note) becomes ``about/``;
- the paste page's script and the matcher's data (``matcher.export``) are added as assets;
- Docusaurus conventions are converted as each page is rendered: ``:::tip`` blocks become
  admonitions, entries with an empty answer get a "not answered yet" note;
- each page's edit link is ``extra.kbfind.edit_url`` with the page's path;
- the search index gains the CJK bigrams of every title and text (``cjk_title``, ``cjk``), so
  that ``时区`` finds ``Pod 时区`` and ``资源`` finds ``预留资源``: the browser's search splits a
  Chinese query into the index's known tokens, and bigrams are what it finds (the approach of
  Lucene's CJK analyzer, and of ``kb.terms``; no dictionary, nothing to load).

Anchors need no hook: ``mkdocs.yml`` makes the table of contents use ``kb.slug.slugify``, the
function the parser uses for entry ids.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

from kb.terms import CJK_CLASS

SITE = Path(__file__).resolve().parent
PLUGIN_ASSETS = SITE.parent / "kbfind" / "plugin" / "assets"
ASSETS = "assets/kbfind"

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_ADMONITION = re.compile(r"^:::(\w+)(?:\[(.*)\]|\s+(.*))?\s*$")
_TAGS = re.compile(r"<[^<>]{0,2000}>")
_PAGES = "<!-- kbfind:pages -->"
_CJK_RUN = re.compile(f"[{CJK_CLASS}]{{2,}}")
_UNANSWERED = '!!! note "Not answered yet"\n    This error is known, but no answer has been recorded for it yet.\n'


def on_files(files: Files, config: Any) -> Files:
    readme = files.get_file_from_path("README.md")
    if readme is not None:
        files.remove(readme)
        files.append(File.generated(config, "about.md", abs_src_path=readme.abs_src_path))
    for page in sorted((SITE / "pages").glob("*.md")):
        files.append(File.generated(config, page.name, abs_src_path=str(page)))
    for asset in sorted(PLUGIN_ASSETS.iterdir()):
        files.append(File.generated(config, f"{ASSETS}/{asset.name}", abs_src_path=str(asset)))
    files.append(File.generated(config, f"{ASSETS}/kbfind-data.json", content=_matcher_data(config)))
    return files


def _matcher_data(config: Any) -> str:
    from kb import Locations, open_kb
    from matcher.export import browser_data

    docs = Path(config["docs_dir"])
    with open_kb(docs) as kb:
        for problem in kb.problems:
            print(f"kbfind: warning: {problem}")
        shown = Locations(os.path.relpath(docs, Path(config["config_file_path"]).parent))
        return json.dumps(browser_data(kb, shown), ensure_ascii=False, separators=(",", ":"))


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    if not (page.file.abs_src_path or "").startswith(config["docs_dir"]):
        return markdown.replace(_PAGES, _page_list(files, config)) if _PAGES in markdown else markdown
    return mark_unanswered(convert_admonitions(markdown))


def _page_list(files: Files, config: Any) -> str:
    """Links to the knowledge base's pages, by title, for the home page."""
    pages = [f for f in files.documentation_pages() if (f.abs_src_path or "").startswith(config["docs_dir"])]
    items = [f"- [{_title_of(Path(f.abs_src_path))}]({f.src_uri})" for f in sorted(pages, key=lambda f: f.src_uri)]
    return "\n".join([*items, "- [Tags](tags.md)"])


def _title_of(path: Path) -> str:
    """The front matter's ``title:``, else the first ``#`` heading, else the file name."""
    text = path.read_text("utf-8", errors="replace")
    if m := re.search(
        r"(?m)^title:\s*['\"]?(.+?)['\"]?\s*$", text.split("\n---", 1)[0] if text.startswith("---") else ""
    ):
        return m.group(1)
    if m := re.search(r"(?m)^# (.+)$", text):
        return m.group(1).strip()
    return path.stem


def convert_admonitions(markdown: str) -> str:
    """``:::tip Title`` … ``:::`` (Docusaurus) → ``!!! tip "Title"`` with an indented body."""
    out: list[str] = []
    fence = ""
    depth = 0
    for line in markdown.split("\n"):
        indent = "    " * depth
        if m := _FENCE.match(line):
            fence = "" if fence and m.group(1).startswith(fence) else fence or m.group(1)
            out.append(indent + line if line.strip() else line)
            continue
        if not fence and (m := _ADMONITION.match(line.strip())):
            title = (m.group(2) or m.group(3) or "").strip()
            out.append(indent + f"!!! {m.group(1).lower()}" + (f' "{title}"' if title else ""))
            depth += 1
            continue
        if not fence and depth and line.strip() == ":::":
            depth -= 1
            continue
        out.append(indent + line if line.strip() else line)
    return "\n".join(out)


def mark_unanswered(markdown: str) -> str:
    """A note under every ``##`` entry whose answer is empty."""
    from kb.parse import parse_markdown

    entries, _ = parse_markdown(markdown, "page", "page")
    lines = markdown.split("\n")
    for e in sorted((e for e in entries if e.unanswered), key=lambda e: -e.line):
        lines.insert(e.line, "\n" + _UNANSWERED)
    return "\n".join(lines)


def on_page_context(context: dict[str, Any], page: Any, config: Any, nav: Any) -> dict[str, Any]:
    template = config["extra"].get("kbfind", {}).get("edit_url")
    src = page.file.abs_src_path or ""
    if template and src.startswith(config["docs_dir"]) and page.file.src_uri != "about.md":
        page.edit_url = template.format(page=page.file.src_uri)
    return context


def on_post_build(config: Any) -> None:
    path = Path(config["site_dir"]) / "search" / "search_index.json"
    index = json.loads(path.read_text("utf-8"))
    for doc in index["docs"]:
        doc["cjk_title"] = cjk_bigrams(doc.get("title", ""))
        doc["cjk"] = cjk_bigrams(_TAGS.sub(" ", doc.get("text", "")))
    index["config"]["fields"].update({"cjk_title": {"boost": 1000.0}, "cjk": {"boost": 1.0}})
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), "utf-8")


def cjk_bigrams(text: str) -> str:
    """``删除卡在 Terminating`` → ``删除 除卡 卡在``: the overlapping bigrams of each CJK run."""
    grams = [run[i : i + 2] for m in _CJK_RUN.finditer(text) for run in [m.group()] for i in range(len(run) - 1)]
    return " ".join(dict.fromkeys(grams))

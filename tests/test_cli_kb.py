"""The ``kb`` command: list, search and show, as text and as JSON (issue 11, items 4 and 6)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CONTENT, DATA, ROOT, kbfind_here
from test_cli import Ran, invoke

from kb import Locations, open_kb
from kbfind.payload import entry_json
from matcher.model import load

NOTES = """---
tags:
- storage
- ops
---

# Disks

## disk quota exceeded on /var

Prune images:

```bash title="prune"
docker image prune -a
```

## inode exhaustion {#inodes}

Delete small files.
"""


@pytest.fixture
def notes(tmp_path: Path, cache_dir: Path) -> Path:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "disk.md").write_text(NOTES, "utf-8")
    (tmp_path / "notes" / "other.md").write_text("## inode exhaustion {#inodes}\n\nAnother page.\n", "utf-8")
    return tmp_path / "notes"


def kb(*args: str) -> Ran:
    return invoke(*args, prog="kb")


def test_show_json_is_the_entry_as_kbfind_json_gives_it_with_tags(notes: Path) -> None:
    run = kb("show", "disk-quota-exceeded-on-var", "--kb", str(notes), "--json")
    assert run.code == 0 and run.err == ""
    (entry,) = json.loads(run.out)["entries"]
    assert entry["tags"] == ["storage", "ops"]
    assert entry["code"] == [{"language": "bash", "title": "prune", "text": "docker image prune -a\n"}]
    assert entry["answer"].startswith("Prune images:")
    assert (entry["source"], entry["line"], "url" in entry) == (str(notes / "disk.md"), 9, False)
    with open_kb(notes) as base:
        (same,) = [e for e in base.entries() if e.id == "disk-quota-exceeded-on-var"]
        assert entry == {**entry_json(same, Locations(str(notes))), "tags": ["storage", "ops"]}


def test_show_a_repeated_id_gives_every_entry_or_the_one_of_a_page(notes: Path) -> None:
    both = json.loads(kb("show", "inodes", "--kb", str(notes), "--json").out)["entries"]
    assert [e["source"] for e in both] == [str(notes / "disk.md"), str(notes / "other.md")]
    one = json.loads(kb("show", "other.md#inodes", "--kb", str(notes), "--json").out)["entries"]
    assert [e["answer"] for e in one] == ["Another page.\n"]


def test_show_as_text(notes: Path) -> None:
    run = kb("show", "other.md#inodes", "--kb", str(notes))
    assert run == Ran(0, f"## inode exhaustion\n{notes / 'other.md'}:1  (topic)\n\nAnother page.\n\n", "")


def test_show_prints_each_heading_at_its_own_level(tmp_path: Path, cache_dir: Path) -> None:
    """An FAQ's problems under ``###`` or ``####`` are shown with the heading as the file writes it, not as ``##``."""
    (tmp_path / "faq.md").write_text(
        "# FAQ\n\n## Upgrades\n\n### Error: disk full\n\nFree some.\n\n#### Error: port in use\n\nStop it.\n", "utf-8"
    )
    for entry_id, heading in (
        ("error-disk-full", "### Error: disk full"),
        ("error-port-in-use", "#### Error: port in use"),
    ):
        assert kb("show", entry_id, "--kb", str(tmp_path)).out.startswith(heading + "\n"), entry_id


def test_show_an_unknown_id_is_bad_usage(notes: Path) -> None:
    run = kb("show", "nope", "--kb", str(notes))
    assert run == Ran(2, "", f"kb: error: no entry with id 'nope'; 'kb list --kb {notes}' shows the ids\n")
    paged = kb("show", f"{notes}/elsewhere.md#inodes", "--kb", str(notes))
    assert paged.err == (
        f"kb: error: no entry with id '{notes}/elsewhere.md#inodes'; 'kb list --kb {notes}' shows the ids;"
        " in PAGE#ID, PAGE is the file's path under --kb (ops/faq.md#some-id) or as kb list prints it\n"
    )
    # the page as kb list prints it (the --kb path and the page), as a user copies it
    printed = kb("show", f"{notes}/other.md#inodes", "--kb", str(notes))
    assert printed == kb("show", "other.md#inodes", "--kb", str(notes)) and printed.code == 0
    spelled = kb("show", f"{notes}/./sub/../other.md#inodes", "--kb", str(notes))  # another spelling of the path
    assert spelled.out == printed.out
    for linked in (
        "other#inodes",
        "https://docs.example.com/v2/other/#inodes",
        "/other.html#inodes",
    ):  # as links name it
        assert kb("show", linked, "--kb", str(notes)).out == printed.out, linked
    assert (
        kb("show", " ", "--kb", str(notes)).err
        == f"kb: error: the id is empty: pass an entry's id ('kb list --kb {notes}' shows them)\n"
    )


def test_list_json_and_text(notes: Path) -> None:
    data = json.loads(kb("list", "--kb", str(notes), "--json").out)
    assert [(e["id"], e["tags"]) for e in data["entries"]] == [
        ("disk-quota-exceeded-on-var", ["storage", "ops"]),
        ("inodes", ["storage", "ops"]),
        ("inodes", []),
    ]
    text = kb("list", "--kb", str(notes)).out.splitlines()
    assert text[0] == f"{notes / 'disk.md'}:9\terror\tdisk-quota-exceeded-on-var\tdisk quota exceeded on /var"


def test_list_writes_a_control_character_of_a_file_name_as_an_escape(tmp_path: Path, cache_dir: Path) -> None:
    """One line per entry, four tab-separated fields, whatever the file names hold: a tab, or an
    escape sequence that, removed, would name another file."""
    root = tmp_path / "notes"
    root.mkdir()
    for name in ("a\tb.md", "e\x1b[31mn.md"):
        (root / name).write_text("## Error: export failed\n\nRerun it.\n", "utf-8")
    lines = kb("list", "--kb", str(root)).out.splitlines()
    assert [line.split("\t")[0] for line in lines] == [f"{root}/a\\tb.md:1", f"{root}/e\\x1b[31mn.md:1"]
    assert all(line.count("\t") == 3 for line in lines)


def test_search_json_has_scores_and_entries(notes: Path) -> None:
    run = kb("search", "inode", "--kb", str(notes), "--json", "--site-url", "https://kb.example/")
    assert run.code == 0
    data = json.loads(run.out)
    assert data["query"] == "inode"
    assert [h["id"] for h in data["hits"]] == ["inodes", "inodes"]
    hit = data["hits"][0]
    assert list(hit)[:3] == ["id", "title", "score"] and hit["score"] > 0
    assert hit["url"].startswith("https://kb.example/") and "answer" in hit and "tags" in hit


def test_search_says_when_nothing_matched(notes: Path) -> None:
    run = kb("search", "zebra", "--kb", str(notes))
    assert run == Ran(1, "", "kb: nothing matches 'zebra'; try other or fewer words, or 'kb list' for every entry\n")
    data = kb("search", "zebra", "--kb", str(notes), "--json")
    assert (data.code, json.loads(data.out), data.err) == (1, {"query": "zebra", "hits": []}, "")


def test_version_and_h(notes: Path) -> None:
    from kb import __version__

    assert kb("--version") == Ran(0, f"kb {__version__}\n", "")
    assert kb("-h").out == kb("--help").out and "search" in kb("-h").out
    assert "--json" in kb("show", "-h").out
    bare = kb()
    assert bare.code == 2 and "search" in bare.out and bare.err == ""  # the help, and no empty error line


def test_a_kb_without_markdown_is_bad_usage(tmp_path: Path) -> None:
    run = kb("list", "--kb", str(tmp_path))
    assert run.code == 2 and run.err.startswith(
        f"kb: error: {tmp_path}: holds no markdown (.md, .mdx, .markdown) files;"
    )


def test_a_knowledge_base_given_as_an_argument_is_pointed_to_kb(notes: Path, tmp_path: Path) -> None:
    for command in ("list", "lint"):
        run = kb(command, str(notes))
        assert run.code == 2 and run.err == (
            f"kb: error: Got unexpected extra argument(s) ({notes})"
            f" (a knowledge base goes after --kb: kb {command} --kb {notes})\n"
        )
    other = kb("list", "no-such-thing")
    assert other.code == 2 and other.err.endswith("(see kb list --help)\n")
    given = kb("list", "--kb", str(notes), str(notes))  # --kb is there: only the help is pointed to
    assert given.code == 2 and given.err.endswith("(see kb list --help)\n")
    cases = tmp_path / "cases.jsonl"
    cases.write_text('{"query": "x", "expect": [], "kind": "negative"}\n', "utf-8")
    swapped = kb("eval", str(notes), str(cases))
    assert swapped.code == 2 and swapped.err.endswith(
        "a folder, not a file of cases; pass the JSON-lines file, and the knowledge base with --kb\n"
    )


def test_the_bundled_faq(monkeypatch: pytest.MonkeyPatch) -> None:
    run = kb("search", "时区", "--json")
    assert run.code == 0
    hit = json.loads(run.out)["hits"][0]
    assert hit["source"] == str(CONTENT / "k8s-faq.md") and "url" not in hit


def test_kb_calibrate_fits_the_same_model_whatever_model_it_replaces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # From a neutral start to a fixed point: a refit never depends on the model in use.
    cases = tmp_path / "cases.jsonl"
    lines = (DATA / "pastes-real.jsonl").read_text("utf-8").splitlines()[:25]
    negatives = (DATA / "pastes-negative.jsonl").read_text("utf-8").splitlines()[:10]
    cases.write_text("\n".join(lines + negatives) + "\n", "utf-8")
    first, second = tmp_path / "one.json", tmp_path / "two.json"
    for out, model in ((first, ROOT / "matcher" / "model.json"), (second, ROOT / "benchmarks" / "folds" / "kind.json")):
        monkeypatch.setattr("matcher.model._FILE", model)
        done = kbfind_here("calibrate", str(cases), "--write", str(out), prog="kb")
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith(f"wrote {out} (threshold ")
    assert first.read_bytes() == second.read_bytes()
    assert load(first).coef != load(ROOT / "matcher" / "model.json").coef


def test_search_reads_a_pasted_word_with_a_dash_as_text(notes: Path) -> None:
    """As kbfind does: ``-bash: kubectl: command not found`` is what the shell printed, not an option."""
    run = kb("search", "--json", "-bash: disk full", "--kb", str(notes))
    assert run.code == 0 and json.loads(run.out)["query"] == "-bash: disk full"
    assert kb("search", "--bogus", "x", "--kb", str(notes)).err.startswith("kb: error: No such option: --bogus")


def test_show_takes_the_link_kbfind_prints_encoded_at_home_or_in_a_folder(tmp_path: Path, cache_dir: Path) -> None:
    root = tmp_path / "site docs"
    (root / "ops").mkdir(parents=True)
    section = "## Disk full\n\nPrune.\n"
    for page in ("index.md", "faq.md", "ops/faq.md", "reindex.md", "re.md", "时区.md"):
        (root / page).write_text(section, "utf-8")

    def shown(link: str) -> list[str]:
        return [e["source"] for e in json.loads(kb("show", link, "--kb", str(root), "--json").out)["entries"]]

    assert shown("https://docs.example.com/ops/faq/#disk-full") == [str(root / "ops/faq.md")]  # not faq.md too
    assert shown("https://docs.example.com/#disk-full") == [str(root / "index.md")]  # the home page
    assert shown("https://example.org/kb/#disk-full") == [str(root / "index.md")]  # of a site under a prefix
    assert shown("reindex#disk-full") == [str(root / "reindex.md")]  # not re.md
    assert shown("https://docs.example.com/%E6%97%B6%E5%8C%BA/#disk-full") == [str(root / "时区.md")]

"""``kb lint`` and ``kb eval`` as a knowledge base's CI uses them: findings with places, exit codes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import DATA, kbfind_here

NOTES = """---
kbfind:
  aliases:
    files-are-not-visible:
      - "Mounts denied: The path /Users/me/src is not shared from the host"
---

# Notes

## Files are not visible

Share the folder.

## x509: certificate signed by unknown authority

Add the CA.

## x509: certificate signed by unknown authority!

Twice.

## Slow start

Give it memory.

### If you use WSL

Raise the limit.
"""


def kb(tmp_path: Path, text: str = NOTES) -> Path:
    root = tmp_path / "kb"
    root.mkdir()
    (root / "notes.md").write_text(text, "utf-8")
    return root


def test_lint_names_each_finding_with_its_place_and_fails_on_errors(tmp_path: Path, cache_dir: Path) -> None:
    root = kb(tmp_path)
    run = kbfind_here("lint", "--kb", str(root), "--json", prog="kb")
    findings = {(f["line"], f["code"]) for f in json.loads(run.stdout)["findings"]}
    assert (18, "near-duplicate") in findings
    assert (22, "no-error-text") in findings  # "Slow start" names no error and quotes none
    assert (26, "guessed-part") in findings
    assert not any(code == "no-error-text" and line == 10 for line, code in findings)  # it has an alias
    assert run.returncode == 0  # warnings only
    strict = kbfind_here("lint", "--kb", str(root), "--strict", prog="kb")
    assert strict.returncode == 1 and strict.stdout.startswith(f"{root / 'notes.md'}:")


def test_lint_fails_when_an_entry_is_not_found_by_its_own_heading(tmp_path: Path, cache_dir: Path) -> None:
    text = "## disk full\n\nClean up.\n\n## disk full on node\n\nClean up the node.\n\n## disk\n\nDisks.\n"
    run = kbfind_here("lint", "--kb", str(kb(tmp_path, text)), prog="kb")
    assert run.returncode in (0, 1)
    errors = [line for line in run.stdout.splitlines() if ": error: " in line]
    assert run.returncode == (1 if errors else 0)


def test_two_entries_with_one_heading_are_a_warning_that_names_the_other(tmp_path: Path, cache_dir: Path) -> None:
    text = (
        "# Checks\n\n## The cli checks\n\n### unsupported version channel\n\nUpgrade the cli.\n\n"
        "## The control plane checks\n\n### unsupported version channel\n\nUpgrade the control plane.\n"
    )
    run = kbfind_here("lint", "--kb", str(kb(tmp_path, text)), "--json", prog="kb")
    findings = [(f["line"], f["level"], f["code"], f["message"]) for f in json.loads(run.stdout)["findings"]]
    same = [f for f in findings if f[2] in ("same-heading", "not-found")]
    assert len(same) == 1 and same[0][1:3] == ("warning", "same-heading"), findings
    assert "has the heading of another entry (line " in same[0][3]
    assert run.returncode == 0


def test_lint_fails_on_a_knowledge_base_with_no_entries_and_on_an_mdx_export_left_open(
    tmp_path: Path, cache_dir: Path
) -> None:
    empty = kb(tmp_path, "<!-- nothing written yet -->\n")
    run = kbfind_here("lint", "--kb", str(empty), prog="kb")
    assert run.returncode == 1
    assert run.stdout == (
        f"{empty}: error: no entries found: an entry is a '## ' (to '#### ') section of a .md, .mdx or .markdown page,"
        " or a page of text with no heading [no-entries]\n"
    )
    mdx = tmp_path / "mdx"
    mdx.mkdir()
    (mdx / "faq.mdx").write_text("export const meta = {\n\n## Error: connection refused\n\nRestart.\n", "utf-8")
    run = kbfind_here("lint", "--kb", str(mdx), prog="kb")
    assert run.returncode == 1
    assert f"{mdx / 'faq.mdx'}:1: error: this MDX import/export does not close its brackets" in run.stdout
    assert kbfind_here("--kb", str(mdx), "Error: connection refused").returncode == 0


def test_a_folder_whose_only_page_is_its_readme_says_why_it_has_no_entries(tmp_path: Path, cache_dir: Path) -> None:
    """The top README.md describes the folder and holds no entries: a folder of nothing else is told so,
    with the path that answers from it, not that it has no '## ' sections (it has one)."""
    root = tmp_path / "notes"
    root.mkdir()
    (root / "README.md").write_text("# My notes\n\n## Error: the export job failed\n\nRerun it.\n", "utf-8")
    why = f"no entries found: its README.md describes the folder and holds none; pass --kb {root / 'README.md'} to answer from it"
    run = kbfind_here("--kb", str(root), "Error: the export job failed")
    assert (run.returncode, run.stderr) == (1, f"kbfind: warning: {root}: {why}\n")
    assert run.stdout == f"No entries in the knowledge base to answer from; `kb lint --kb {root}` says why.\n"
    assert kbfind_here("lint", "--kb", str(root), prog="kb").stdout == f"{root}: error: {why} [no-entries]\n"
    assert kbfind_here("--kb", str(root / "README.md"), "Error: the export job failed").returncode == 0


def test_a_path_from_the_environment_is_said_to_be_the_environments(tmp_path: Path, cache_dir: Path) -> None:
    missing = tmp_path / "nope"
    run = kbfind_here("x509", env={"KBFIND_KB": str(missing)})
    assert run.returncode == 2
    assert run.stderr == (
        f"kbfind: error: {missing}: no such file or folder; pass --kb PATH to a markdown file or folder"
        " (the path is KBFIND_KB's: set it to one, or unset it for the bundled FAQ)\n"
    )
    given = kbfind_here("--kb", str(missing), "x509", env={"KBFIND_KB": str(tmp_path / "other")})
    assert given.stderr.endswith("pass --kb PATH to a markdown file or folder\n")


def test_a_cache_that_cannot_be_written_is_a_warning_not_a_finding(tmp_path: Path, cache_dir: Path) -> None:
    # A KB repo's CI may have no writable cache; lint judges the content, not the machine.
    not_a_folder = tmp_path / "cache-file"
    not_a_folder.write_text("", "utf-8")
    root = kb(tmp_path, "## x509: certificate signed by unknown authority\n\nAdd the CA.\n")
    run = kbfind_here("lint", "--kb", str(root), prog="kb", env={"KBFIND_CACHE_DIR": str(not_a_folder)})
    assert (run.returncode, run.stdout) == (0, "")
    assert run.stderr == (
        f"kb: warning: {not_a_folder}: cache not writable (Not a directory); index kept in memory\n"
        "kb: 0 errors, 0 warnings\n"
    )


def test_a_front_matter_alias_answers_for_its_entry(tmp_path: Path, cache_dir: Path) -> None:
    root = kb(tmp_path)
    run = kbfind_here("--json", "--kb", str(root), "Mounts denied: The path /home/x is not shared from the host")
    assert json.loads(run.stdout)["matches"][0]["title"] == "Files are not visible"


def test_eval_reports_each_figure_apart_and_fails_below_a_minimum(cache_dir: Path) -> None:
    pastes, docs = DATA / "kbs" / "podman" / "pastes.jsonl", DATA / "kbs" / "podman" / "docs"
    run = kbfind_here("eval", str(pastes), "--kb", str(docs), "--json", prog="kb")
    data = json.loads(run.stdout)
    assert run.returncode == 0 and set(data["figures"]) >= {"all", "real", "negative", "paraphrase"}
    assert set(data["figures"]["real"]) >= {"answered", "top1", "top3", "refused", "confident_wrong"}
    strict = kbfind_here("eval", str(pastes), "--kb", str(docs), "--min-answered", "0.99", prog="kb")
    assert strict.returncode == 1
    assert "kb: below the minimum: answered" in strict.stderr


def test_eval_lists_the_pastes_ranked_right_but_not_answered(tmp_path: Path, cache_dir: Path) -> None:
    """The pastes an author can turn into answers (an alias, the error text): not failures, but
    not answered either, so listed apart, in text and JSON."""
    root = kb(tmp_path, "## Builds are slow\n\nRaise the worker count.\n")
    cases = tmp_path / "cases.jsonl"
    lines = [{"query": "builds are very slow on the runner", "expect": ["Builds are slow"], "kind": "real"}]
    cases.write_text("".join(json.dumps(c) + "\n" for c in lines), "utf-8")
    data = json.loads(kbfind_here("eval", str(cases), "--kb", str(root), "--json", prog="kb").stdout)
    assert (data["failures"], [u["where"] for u in data["unconfident"]]) == ([], [f"{cases}:1"])
    text = kbfind_here("eval", str(cases), "--kb", str(root), prog="kb").stdout
    assert (
        "\n\n1 ranked first but not confident (not answered; an alias would answer it):\n"
        f"- {cases}:1: 'Builds are slow'\n    'builds are very slow on the runner'\n"
        f"    alias under 'Builds are slow' ({root / 'notes.md'}:1): "
        "<!-- kbfind-alias: builds are very slow on the runner -->\nmodel: shipped\n"
    ) in text


def test_the_alias_eval_suggests_answers_the_paste_it_was_made_from(tmp_path: Path, cache_dir: Path) -> None:
    """Pastes kbfind did not answer come with the alias that would: the error line as kbfind read
    it (prompt, command and log framing left out), under the entry the paste expects, found or not."""
    root = kb(tmp_path, "## Builds are slow\n\nRaise the worker count.\n\n## Disk is full\n\nPrune the cache.\n")
    paste = (
        "$ ci-runner build --all\n2024-05-01T10:00:00Z ERROR worker pool exhausted: 4 of 4 busy, job 81 queued for 300s"
    )
    cases = tmp_path / "cases.jsonl"
    cases.write_text(json.dumps({"query": paste, "expect": ["Builds are slow"], "kind": "real"}) + "\n", "utf-8")
    run = kbfind_here("eval", str(cases), "--kb", str(root), "--json", prog="kb")
    data = json.loads(run.stdout)
    assert data["figures"]["real"]["answered"] == 0.0
    (failed,) = [*data["failures"], *data["unconfident"]]
    assert failed["alias"] == {
        "title": "Builds are slow",
        "source": str(root / "notes.md"),
        "line": 1,
        "text": "worker pool exhausted: 4 of 4 busy, job 81 queued for 300s",
    }
    notes = root / "notes.md"
    written = notes.read_text("utf-8")
    notes.write_text(
        written.replace(
            "## Builds are slow\n", f"## Builds are slow\n<!-- kbfind-alias: {failed['alias']['text']} -->\n"
        )
    )
    again = json.loads(kbfind_here("eval", str(cases), "--kb", str(root), "--json", prog="kb").stdout)
    assert again["figures"]["real"]["answered"] == 1.0 and again["unconfident"] == [] and again["failures"] == []
    # A negative, or a paste answered, gets none.
    cases.write_text(json.dumps({"query": paste, "expect": []}) + "\n", "utf-8")
    assert all(
        o["alias"] is None
        for o in json.loads(kbfind_here("eval", str(cases), "--kb", str(root), "--json", prog="kb").stdout)["failures"]
    )


def test_eval_takes_a_label_of_one_pages_entry_as_kb_show_does(tmp_path: Path, cache_dir: Path) -> None:
    root = tmp_path / "kb"
    root.mkdir()
    for page, fix in (("etcd.md", "Defragment etcd."), ("redis.md", "Raise maxmemory.")):
        (root / page).write_text(f"## Symptoms\n\n```\nError: database space exceeded\n```\n\n{fix}\n", "utf-8")
    cases = tmp_path / "cases.jsonl"
    cases.write_text(json.dumps({"query": "Error: database space exceeded", "expect": ["redis.md#symptoms"]}) + "\n")
    run = kbfind_here("eval", str(cases), "--kb", str(root), "--json", prog="kb")
    assert "names no entry" not in run.stderr
    assert json.loads(run.stdout)["figures"]["all"]["top3"] == 1.0  # found among the two, by its page


def test_lint_says_where_the_entry_that_comes_first_is(tmp_path: Path, cache_dir: Path) -> None:
    root = tmp_path / "kb"
    root.mkdir()
    (root / "a.md").write_text("## Slow disk\n\nThe writes stall:\n\n```\nError: disk quota exceeded\n```\n\nMove.\n")
    (root / "b.md").write_text("## Error: disk quota exceeded\n\nRaise the quota.\n")
    run = kbfind_here("lint", "--kb", str(root), prog="kb")
    (line,) = run.stdout.splitlines()
    assert line.endswith(
        "a.md:1: warning: 'Slow disk' is not found by its error text 'Error: disk quota exceeded'; "
        f"'Error: disk quota exceeded' ({root / 'b.md'}:1) comes first [not-found]"
    )


def test_lint_says_where_an_alias_goes_on_a_page_titled_in_its_front_matter(tmp_path: Path, cache_dir: Path) -> None:
    root = kb(tmp_path, "---\ntitle: Slow builds on the CI runners\n---\n\nUse a cache.\n")
    run = kbfind_here("lint", "--kb", str(root), prog="kb")
    assert run.stdout == (
        f"{root / 'notes.md'}:3: warning: 'Slow builds on the CI runners' names no error and quotes none: add an "
        "alias with the message people paste [no-error-text]\n"
    )
    assert run.stderr == (  # where the alias goes: said once, under every finding that asks for one
        "kb: an alias goes under its heading as <!-- kbfind-alias: … --> (after the front matter, for a page titled"
        " there), or in the page's front matter as kbfind: {aliases: {<entry id or heading>: [<error text>, …]}}\n"
        "kb: 0 errors, 1 warning\n"
    )
    assert kbfind_here("lint", "-q", "--kb", str(root), prog="kb").stderr == ""
    as_json = json.loads(kbfind_here("lint", "--json", "--kb", str(root), prog="kb").stdout)
    assert as_json["alias_howto"].startswith("an alias goes under its heading as <!-- kbfind-alias: … -->")


def test_copies_of_a_page_in_version_folders_are_found_as_one_entry(tmp_path: Path, cache_dir: Path) -> None:
    """A docs tree keeping each version of its pages: lint asks nobody to make the headings of
    two versions differ, and kbfind lists the problem once, naming its other versions."""
    section = "## Requested resource not found\n\nUpdate the CLI.\n\n```\nthe server could not find the requested resource\n```\n"
    for folder in ("docs", "versioned_docs/version-1.0"):
        (tmp_path / "kb" / folder).mkdir(parents=True)
        (tmp_path / "kb" / folder / "troubleshooting.md").write_text(section + "\n## Logs\n\nRead the logs.\n", "utf-8")
    root = str(tmp_path / "kb")
    run = kbfind_here("lint", "--kb", root, "--json", prog="kb")
    codes = {f["code"] for f in json.loads(run.stdout)["findings"]}
    assert not codes & {"same-heading", "near-duplicate", "not-found", "copy"}, run.stdout
    assert run.returncode == 0
    found = kbfind_here("--kb", root, "--json", "Requested resource not found")
    match = json.loads(found.stdout)["matches"][0]
    assert match["source"] == f"{root}/docs/troubleshooting.md"
    assert match["copies"] == [
        {"id": match["id"], "source": f"{root}/versioned_docs/version-1.0/troubleshooting.md", "line": 1}
    ]
    assert len(json.loads(found.stdout)["matches"]) == 1 and found.returncode == 0
    shown = kbfind_here("--kb", root, "Requested resource not found").stdout
    assert f"  the same entry: {root}/versioned_docs/version-1.0/troubleshooting.md:1\n" in shown


def test_copies_in_folders_that_are_not_versions_are_warned_about(tmp_path: Path, cache_dir: Path) -> None:
    """Two services' FAQs with one heading and much the same fix are answered as one problem: lint says
    so, since the second service's command is then never shown."""
    section = "## Error: connection refused\n\nThe API is down. Restart it:\n\n```\nkubectl -n {} rollout restart deploy/api\n```\n"
    for service in ("payments", "search", "vault"):  # vault: a word, not a version (v2, version-2.0)
        (tmp_path / "kb" / service).mkdir(parents=True)
        (tmp_path / "kb" / service / "faq.md").write_text(section.format(service), "utf-8")
    for version in ("version-1.0", "version-2.0"):  # two versions of one page: copies, as meant
        (tmp_path / "kb" / version).mkdir(parents=True)
        (tmp_path / "kb" / version / "disk.md").write_text("## Disk full\n\nPrune images.\n", "utf-8")
    root = str(tmp_path / "kb")
    run = kbfind_here("lint", "--kb", root, "--json", prog="kb")
    copies = [f for f in json.loads(run.stdout)["findings"] if f["code"] == "copy"]
    assert [(f["path"], f["line"], f["level"]) for f in copies] == [
        (f"{root}/search/faq.md", 1, "warning"),
        (f"{root}/vault/faq.md", 1, "warning"),
    ]
    assert copies[0]["message"].startswith(
        f"'Error: connection refused' is answered as a copy of 'Error: connection refused' ({root}/payments/faq.md:1)"
    )


def test_a_copy_listed_under_an_entry_tied_with_the_first_is_found(tmp_path: Path, cache_dir: Path) -> None:
    """Two entries answer one alias equally; one of them is kept in two versions of its page. Each
    version is found by the alias (listed as a copy of an entry as good as the first)."""
    alias = '<!-- kbfind-alias: FATAL: password authentication failed for user "app" -->\n\n'
    db = "# Database\n\n## Cannot log in to the database\n" + alias + "Reset the password with `ALTER USER`.\n"
    for folder in ("v1", "v2"):
        (tmp_path / "kb" / folder).mkdir(parents=True)
        (tmp_path / "kb" / folder / "db.md").write_text(db, "utf-8")
    (tmp_path / "kb" / "auth.md").write_text(
        "# Auth\n\n## Login to Postgres fails\n" + alias + "Switch pg_hba.conf to scram-sha-256 and reload.\n", "utf-8"
    )
    run = kbfind_here("lint", "--kb", str(tmp_path / "kb"), "--json", prog="kb")
    assert [f for f in json.loads(run.stdout)["findings"] if f["code"] == "not-found"] == []


def test_a_topic_without_error_text_is_reported_once_for_all_its_versions(tmp_path: Path, cache_dir: Path) -> None:
    page = "# Troubleshooting\n\n## Watchman issues\n\nRun `watchman watch-del-all` and try again.\n"
    for folder in ("docs", "versioned_docs/version-30.0", "versioned_docs/version-29.7"):
        (tmp_path / "kb" / folder).mkdir(parents=True)
        (tmp_path / "kb" / folder / "Troubleshooting.md").write_text(page, "utf-8")
    run = kbfind_here("lint", "--kb", str(tmp_path / "kb"), "--json", prog="kb")
    bare = [f for f in json.loads(run.stdout)["findings"] if f["code"] == "no-error-text"]
    assert [(Path(f["path"]).parent.name, f["line"]) for f in bare] == [("docs", 3)], bare
    assert "(nor do its copies: " in bare[0]["message"] and "version-29.7/Troubleshooting.md:3" in bare[0]["message"]


def test_lint_names_a_content_problem_as_it_names_the_other_findings(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = kb(tmp_path, "---\ntags: [broken\n---\n\n## Slow start\n\nGive it memory.\n")
    monkeypatch.chdir(tmp_path)
    lines = kbfind_here("lint", "--kb", "kb", prog="kb").stdout.splitlines()
    assert [line.split(": ", 1)[0] for line in lines] == [
        os.path.join("kb", "notes.md:2"),
        os.path.join("kb", "notes.md:5"),
    ]
    assert root.is_dir()


def test_a_page_label_that_names_no_entry_is_told_where_its_path_starts(tmp_path: Path, cache_dir: Path) -> None:
    root = kb(tmp_path, "## Disk is full\n\nPrune the cache.\n")
    cases = tmp_path / "cases.jsonl"
    cases.write_text(json.dumps({"query": "x", "expect": [f"{root.name}/notes.md#disk-is-full"]}) + "\n", "utf-8")
    run = kbfind_here("eval", str(cases), "--kb", str(root), prog="kb")
    assert run.stderr.startswith(
        f"kb: warning: {cases}:1: 'kb/notes.md#disk-is-full' names no entry (a page's path is from --kb, as kb show"
    )
    cases.write_text(json.dumps({"query": "x", "expect": ["notes.md#disk-is-full"]}) + "\n", "utf-8")
    assert "names no entry" not in kbfind_here("eval", str(cases), "--kb", str(root), prog="kb").stderr


def test_error_headings_in_the_top_readme_beside_other_pages_are_said_to_answer_nothing(
    tmp_path: Path, cache_dir: Path
) -> None:
    """The top README describes the folder and holds no entries; alone it is named in kbfind's hint, and
    beside a changelog lint names the errors it leaves unanswered."""
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "README.md").write_text(
        "# Troubleshooting\n\n## Usage\n\nRun it.\n\n## Error: cannot bind port 8080\n\nStop the other server.\n\n"
        "## connect ECONNREFUSED 10.0.0.1:5432\n\nStart Postgres.\n",
        "utf-8",
    )
    (tmp_path / "kb" / "CHANGELOG.md").write_text("# Changelog\n\n## 1.0\n\nFirst.\n", "utf-8")
    root = str(tmp_path / "kb")
    run = kbfind_here("lint", "--kb", root, "--json", prog="kb")
    found = [f for f in json.loads(run.stdout)["findings"] if f["code"] == "readme-not-read"]
    assert [(f["path"], f["line"], f["message"]) for f in found] == [
        (
            f"{root}/README.md",
            7,
            "README.md describes the folder, so its sections are not entries: 'Error: cannot bind port 8080' and 1"
            f" more error heading answer nothing; move them to a page of their own, or pass --kb {root}/README.md"
            " to answer from it alone",
        )
    ]


def test_an_error_in_a_page_titles_intro_before_its_sections_is_said_to_answer_nothing(
    tmp_path: Path, cache_dir: Path
) -> None:
    """An FAQ's bold bullets before its first heading are the page's intro, no entry: lint says so at the
    first, and says nothing of a table of contents that links to the sections."""
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "install.md").write_text(
        "# Installation FAQ\n\n- [Error codes](#error-codes)\n\n- **Installation failed with error 0x80070003**\n\n"
        '  Reinstall the runtime.\n\n**Q: I get the error "The system cannot find the path specified"**\n\n'
        "A: Run the installer from a local drive.\n\n## Error codes\n\n| Error message | Cause |\n| --- | --- |\n"
        "| `ERR_SSL_PROTOCOL_ERROR` | old TLS |\n",
        "utf-8",
    )
    root = str(tmp_path / "kb")
    run = kbfind_here("lint", "--kb", root, "--json", prog="kb")
    found = [f for f in json.loads(run.stdout)["findings"] if f["code"] == "intro-not-read"]
    assert [(f["path"], f["line"], f["message"]) for f in found] == [
        (
            f"{root}/install.md",
            5,
            "the text before the first section states or quotes an error ('Installation failed with error 0x80070003'"
            " and 1 more), but a page title's intro is no entry when sections follow: put it under a heading of its"
            " own",
        )
    ]


def test_an_intro_that_points_elsewhere_or_lists_the_errors_answered_below_is_not_warned_about(
    tmp_path: Path, cache_dir: Path
) -> None:
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "startup.md").write_text(
        "# Startup\n\nFor failures about migrations (`Error: no such table: users`), see [Migrations](m.md) instead.\n\n"
        "This page answers `Error: port 8080 is already in use` and more.\n\n"
        "## Error: port 8080 is already in use\n\nStop the other server.\n",
        "utf-8",
    )
    run = kbfind_here("lint", "--kb", str(tmp_path / "kb"), "--json", prog="kb")
    assert [f for f in json.loads(run.stdout)["findings"] if f["code"] == "intro-not-read"] == []
    (tmp_path / "kb" / "startup.md").write_text(  # "see" that says what one sees points nowhere
        "# Startup\n\nIf you see `Error: no such table: users`, migrate.\n\n## Error: port in use\n\nStop it.\n",
        "utf-8",
    )
    run = kbfind_here("lint", "--kb", str(tmp_path / "kb"), "--json", prog="kb")
    assert [f["line"] for f in json.loads(run.stdout)["findings"] if f["code"] == "intro-not-read"] == [3]


def test_lint_leaves_out_the_codes_it_is_told_to_ignore(tmp_path: Path, cache_dir: Path) -> None:
    """An FAQ of how-to questions names no errors: --ignore no-error-text lets --strict guard the rest."""
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "faq.md").write_text("# FAQ\n\n## How do I get support?\n\nAsk.\n", "utf-8")
    root = str(tmp_path / "kb")
    assert kbfind_here("lint", "--kb", root, "--strict", prog="kb").returncode == 1
    quiet = kbfind_here("lint", "--kb", root, "--strict", "--ignore", "no-error-text", prog="kb")
    assert (quiet.returncode, quiet.stdout) == (0, "")
    wrong = kbfind_here("lint", "--kb", root, "--ignore", "no-errors", prog="kb")
    assert wrong.returncode == 2 and wrong.stderr.startswith("kb: error: --ignore 'no-errors' is no finding's code;")
    told = kbfind_here("lint", "--kb", root, "--ignore", "no-error-text", prog="kb")
    assert told.stderr.endswith("kb: 0 errors, 0 warnings\nkb: 1 warning left out by --ignore\n")
    listed = kbfind_here("lint", "--kb", root, "--strict", "--ignore", "copy, no-error-text", prog="kb")
    assert (listed.returncode, listed.stdout) == (0, "")  # comma-separated, as ruff and flake8 take them
    wrong = kbfind_here("lint", "--kb", root, "--ignore", "copy,twin", prog="kb")
    assert wrong.returncode == 2 and wrong.stderr.startswith("kb: error: --ignore 'twin' is no finding's code;")
    (tmp_path / "kb" / "faq.md").write_text("# FAQ\n\n## Error: a {#x}\n\nA.\n\n## Error: b {#x}\n\nB.\n", "utf-8")
    kept = kbfind_here("lint", "--kb", root, "--strict", "--ignore", "duplicate-id", prog="kb")
    assert kept.returncode == 1 and "[duplicate-id]" in kept.stdout  # an error is never left out
    assert kept.stderr.endswith("kb: --ignore leaves out warnings, not errors: duplicate-id stayed\n")


def test_every_code_lint_gives_can_be_ignored() -> None:
    import re

    import kb.outline
    import matcher.lint
    from matcher.lint import CODES

    sources = Path(matcher.lint.__file__).read_text("utf-8") + Path(kb.outline.__file__).read_text("utf-8")
    given = set(re.findall(r'"(?:warning|error)", "([a-z-]+)"', sources)) | set(
        re.findall(r'Note\([^,]+, "([a-z-]+)"', sources)
    )
    given |= {"not-found"}  # its level is chosen: "error" if … else "warning", "not-found"
    assert given - {"warning"} <= set(CODES) and len(given) > 10


def test_an_entry_answered_by_its_translation_is_not_said_to_be_unfound(tmp_path: Path, cache_dir: Path) -> None:
    """Hugo's ``_index.cn.md`` beside ``_index.en.md``: the same answer in two languages; the Chinese
    heading's error text finds the English entry first, which its author cannot change."""
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "_index.en.md").write_text(
        "## [JDBC] `SQLException: Unable to unwrap to interface com.mysql.jdbc.Connection` exception thrown when using"
        " MySQL XA transaction\n\nAnswer: upgrade the driver.\n",
        "utf-8",
    )
    (tmp_path / "kb" / "_index.cn.md").write_text(
        "## [JDBC] 使用 MySQL XA 事务时报 `SQLException: Unable to unwrap to interface com.mysql.jdbc.Connection` 异常\n\n"
        "回答：升级驱动。\n",
        "utf-8",
    )
    run = kbfind_here("lint", "--kb", str(tmp_path / "kb"), "--json", prog="kb")
    assert [f for f in json.loads(run.stdout)["findings"] if f["code"] == "not-found"] == []


def test_translations_are_told_by_language_codes_and_the_folders_docs_trees_keep_them_in() -> None:
    from matcher.lint import _translations

    assert _translations("_index.cn.md", "_index.en.md") and _translations("content/en/faq.md", "content/zh/faq.md")
    assert _translations("docs/faq.md", "i18n/zh/docusaurus-plugin-content-docs/current/faq.md")
    assert not _translations("errors.py.md", "errors.js.md") and not _translations("payments/faq.md", "search/faq.md")


def test_lint_names_the_files_a_page_includes_as_the_site_builds_it(tmp_path: Path, cache_dir: Path) -> None:
    """Traefik's pages include others (``--8<-- "…"``): kbfind reads pages as written, and says so; the
    terminal leaves the directive out of the answer."""
    (tmp_path / "kb").mkdir()

    def included(page: str) -> tuple[list[tuple[int, str]], str]:
        (tmp_path / "kb" / "consul.md").write_text(page, "utf-8")
        run = kbfind_here("lint", "--kb", str(tmp_path / "kb"), "--json", prog="kb")
        findings = json.loads(run.stdout)["findings"]
        found = [(f["line"], f["message"][:30]) for f in findings if f["code"] == "included-not-read"]
        return found, kbfind_here("--kb", str(tmp_path / "kb"), "Error: consul unreachable").stdout

    found, answer = included(
        '## Error: consul unreachable\n\n--8<-- "content/reference/consul.md"\n\nRestart it.\n\n'
        '```\n--8<-- "shown/as/code.md"\n```\n\n{!more.md!}\n'
    )
    assert found == [(3, "includes 'content/reference/co"), (11, "includes 'more.md' as the site")]
    assert "--8<--" not in answer.split("│")[0] and "{!more.md!}" not in answer and "Restart it." in answer
    found, answer = included(  # mdBook's directives, which it expands in code blocks too
        "## Error: consul unreachable\n\n{{#literatego ./testdata/main.go}}\n\nRestart it.\n\n"
        "```go\n{{#include ../src/main.go:imports}}\n```\n\nWrite {{#include}} in prose.\n\n"
        "```handlebars\n{{#each people.friends}}\n```\n\n{{#if user.admin}}\n"  # Handlebars' helpers name no file
    )
    assert found == [(3, "includes './testdata/main.go' "), (8, "includes '../src/main.go:impor")]
    assert "literatego" not in answer and "Restart it." in answer and "Write {{#include}} in prose." in answer


def test_an_include_directive_left_open_on_a_long_line_is_read_in_linear_time() -> None:
    """A bound, not a timing: the first form of mdBook's pattern took 42 s on a line of 10,000 dots."""
    import time

    from kb.kind import INCLUDE

    started = time.perf_counter()
    assert INCLUDE.match("{{#include " + "." * 50_000) is None and INCLUDE.match("{{#include ../" * 5_000) is None
    assert time.perf_counter() - started < 2.0


def test_a_failures_line_says_which_entries_were_confident_and_which_suggestions(
    tmp_path: Path, cache_dir: Path
) -> None:
    """GitLab's runner page: a confident wrong answer, then the right entry a suggestion after it."""
    root = kb(
        tmp_path,
        "## Error: invalid argument on a Windows mount\n\nUse a local volume.\n\n"
        "## Upload fails with error 500 on a Windows mount\n\nRetry the upload.\n",
    )
    cases = tmp_path / "cases.jsonl"
    case = {
        "query": "Error: invalid argument on a Windows mount",
        "expect": ["Upload fails with error 500 on a Windows mount"],
    }
    cases.write_text(json.dumps(case) + "\n", "utf-8")
    text = kbfind_here("eval", str(cases), "--kb", str(root), prog="kb").stdout
    assert (
        f"- {cases}:1: want 'Upload fails with error 500 on a Windows mount'; got (confident) 'Error: invalid argument"
        " on a Windows mount' · (not confident) 'Upload fails with error 500 on a Windows mount'\n"
    ) in text

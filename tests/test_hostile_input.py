"""Input a user did not mean, or could not help: each gets one line saying what is wrong and
what to do, the right exit status, and leaves every file it was not asked to write as it was."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, kbfind_here

from kb.build import SCHEMA_VERSION

KB = ROOT / "tests" / "data" / "kbs" / "helm"
LOG_LINE = "Unable to connect to the server: x509: certificate is valid for 10.0.0.1, not 34.12.56.78\n"


def test_stdin_is_read_up_to_a_bound_and_says_so(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kbfind.cli

    monkeypatch.setattr(kbfind.cli, "STDIN_LIMIT", 4096)
    run = kbfind_here("--json", stdin=LOG_LINE * 1000)
    query = json.loads(run.stdout)["query"]
    assert len(query) <= 4096 and query.endswith("34.12.56.78\n")  # cut where a line ends
    assert run.stderr == (
        "kbfind: warning: stdin holds more than 0 MB; only the first 0 MB were read"
        " (pipe the part that matters, e.g. | tail -n 2000)\n"
    )


def test_a_stream_that_never_ends_is_answered(cache_dir: Path) -> None:
    # `kubectl logs -f | kbfind` or `yes | kbfind`: read up to the bound, then answer.
    endless = subprocess.Popen(["yes", LOG_LINE.strip()], stdout=subprocess.PIPE)
    try:
        assert endless.stdout is not None
        run = subprocess.run(
            [sys.executable, "-m", "kbfind"], stdin=endless.stdout, capture_output=True, text=True, timeout=300
        )
    finally:
        endless.kill()
        endless.wait()
    assert run.returncode == 0 and run.stdout.startswith("✔ Unable to connect to the server: x509")
    assert "stdin holds more than 32 MB; only the first 32 MB were read" in run.stderr


@pytest.mark.parametrize("what", ["fifo", "folder", "read-only", "empty", "root", "dangling"])
def test_kb_calibrate_writes_only_a_regular_file(what: str, cache_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "target"
    if what == "dangling":
        target.symlink_to(tmp_path / "nowhere" / "deeper" / "calibration.json")
    if what == "fifo":
        os.mkfifo(target)
    elif what == "folder":
        target.mkdir()
    elif what == "read-only":
        target.write_text("{}", "utf-8")
        target.chmod(0o444)
    given = {"empty": "", "root": "/"}.get(what, str(target))
    run = kbfind_here("calibrate", "--kb", str(KB / "docs"), str(KB / "pastes.jsonl"), "--write", given, prog="kb")
    reason = {
        "fifo": f"{target}: not a regular file; give the path of a JSON file to write",
        "folder": f"{target}: not a regular file; give the path of a JSON file to write",
        "read-only": f"{target}: the file is read-only; make it writable or write elsewhere",
        "empty": "Invalid value for '--write': an empty path names no file or folder (is a shell variable unset?)"
        " (see kb calibrate --help)",
        "root": "--write needs a file name, e.g. notes/.kbfind/calibration.json",
        "dangling": f"{target}: a symbolic link into a folder that does not exist ({tmp_path / 'nowhere' / 'deeper'})",
    }[what]
    assert (run.returncode, run.stdout, run.stderr) == (2, "", f"kb: error: {reason}\n")
    if what == "fifo":
        assert stat.S_ISFIFO(target.lstat().st_mode)
    elif what == "dangling":
        assert not (tmp_path / "nowhere").exists()  # no folders made where the link points
    elif what == "read-only":
        assert target.read_text("utf-8") == "{}"


@pytest.mark.parametrize("what", ["page", "cases", "new page", "other json"])
def test_kb_calibrate_never_writes_over_notes_cases_or_another_file(what: str, cache_dir: Path, tmp_path: Path) -> None:
    """A slip of ``--write`` must not replace a page of the notes, or the labelled pastes being read,
    with the model: only a new file, or a calibration it wrote, is written."""
    notes = tmp_path / "notes"
    shutil.copytree(KB / "docs", notes)
    cases = tmp_path / "pastes.jsonl"
    shutil.copyfile(KB / "pastes.jsonl", cases)
    page = next(notes.rglob("*.md"))
    other = tmp_path / "settings.json"
    other.write_text('{"theme": "dark"}', "utf-8")
    target = {"page": page, "cases": cases, "new page": notes / "model.md", "other json": other}[what]
    before = {p: p.read_bytes() for p in (page, cases, other)}
    args = ("calibrate", "--kb", str(notes), str(cases), "--threshold-only", "--write", str(target))
    run = kbfind_here(*args, prog="kb")
    reason = (
        f"{target}: a markdown name, read as a page of notes; write the model to a .json file"
        if target.suffix == ".md"
        else f"{target}: the file exists and is not a calibration; kb calibrate replaces only a calibration it"
        " wrote: write elsewhere, or remove the file first"
    )
    assert (run.returncode, run.stdout, run.stderr) == (2, "", f"kb: error: {reason}\n")
    assert {p: p.read_bytes() for p in before} == before and not (notes / "model.md").exists()
    out = tmp_path / "calibration.json"
    for _ in range(2):  # a new file, then the calibration it wrote: replaced
        assert kbfind_here(*args[:-1], str(out), prog="kb").returncode == 0
    assert json.loads(out.read_text("utf-8"))["threshold"] > 0


def test_kb_calibrate_writes_through_a_symbolic_link(cache_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "link.json").symlink_to(tmp_path / "real.json")
    args = ("calibrate", "--kb", str(KB / "docs"), str(KB / "pastes.jsonl"), "--threshold-only")
    run = kbfind_here(*args, "--write", str(tmp_path / "link.json"), prog="kb")
    assert run.returncode == 0 and (tmp_path / "link.json").is_symlink()
    assert json.loads((tmp_path / "real.json").read_text("utf-8"))["threshold"] > 0


def test_with_json_a_usage_error_is_one_json_object_on_stdout_too(cache_dir: Path) -> None:
    for args, message in (
        (
            ("--json", "--limit", "abc", "x"),
            "Invalid value for '--limit': 'abc' is not a valid integer. (see kbfind --help)",
        ),
        (("--json",), "the query is empty: pass the error text as arguments or on stdin"),
    ):
        run = kbfind_here(*args)
        assert (run.returncode, json.loads(run.stdout)) == (2, {"error": message})
        assert run.stderr == f"kbfind: error: {message}\n"
    run = kbfind_here("--", "--json")  # after "--" it is the paste
    assert run.returncode in (0, 1) and not run.stdout.startswith("{")


def test_a_loop_of_symbolic_links_as_kb_is_one_line(cache_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    for prog, args in (("kbfind", ("--kb", str(tmp_path / "a"), "x")), ("kb", ("lint", "--kb", str(tmp_path / "a")))):
        run = kbfind_here(*args, prog=prog)
        assert run.returncode == 2 and run.stderr.startswith(
            f"{prog}: error: {tmp_path / 'a'}: cannot follow its symbolic"
        )
        assert run.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (b'\xff{"query": "x", "expect": []}\n', "{f}: not UTF-8 text (byte 0); save the cases as UTF-8"),
        (b"[" * 100_000 + b"\n", '{f}:1: not a case (nested too deeply); expected {{"query": …, "expect": […]}}'),
        (b'{"query": "x"}\n', '{f}:1: not a case (no \'expect\'); expected {{"query": …, "expect": […]}}'),
        (b'{"query": "x", "expect": [], "kind": 7}\n', '{f}:1: "kind" and "source" must be strings'),
    ],
)
def test_a_case_file_that_is_not_cases_is_one_line(text: bytes, reason: str, cache_dir: Path, tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_bytes(text)
    for command in ("eval", "calibrate"):
        extra = ("--write", str(tmp_path / "out.json")) if command == "calibrate" else ()
        run = kbfind_here(command, str(cases), *extra, prog="kb")
        assert run.returncode == 2 and run.stderr.startswith("kb: error: " + reason.format(f=cases)), run.stderr
        assert run.stderr.count("\n") == 1
    assert not (tmp_path / "out.json").exists()


def test_a_label_that_names_no_entry_is_pointed_out(cache_dir: Path, tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_text(json.dumps({"query": "Pod 时区", "expect": ["Pod 时 区 typo"]}) + "\n", "utf-8")
    run = kbfind_here("eval", str(cases), prog="kb")
    assert run.stderr == f"kb: warning: {cases}:1: 'Pod 时 区 typo' names no entry (kb list shows the titles)\n"
    cases.write_text(json.dumps({"query": "Pod 时区", "expect": ["Pod  时区"]}) + "\n", "utf-8")  # spacing: same title
    assert kbfind_here("eval", str(cases), prog="kb").stderr == ""
    mine = tmp_path / "notes"  # the titles of the notes given, not the bundled FAQ's
    mine.mkdir()
    (mine / "faq.md").write_text("## Disk full\n\nx\n", "utf-8")
    cases.write_text(json.dumps({"query": "disk full", "expect": ["Disk ful"]}) + "\n", "utf-8")
    run = kbfind_here("eval", str(cases), "--kb", str(mine), prog="kb")
    assert run.stderr == f"kb: warning: {cases}:1: 'Disk ful' names no entry (kb list --kb {mine} shows the titles)\n"


def test_a_limit_the_cases_cannot_measure_is_not_met(cache_dir: Path, tmp_path: Path) -> None:
    negatives = tmp_path / "negatives.jsonl"
    negatives.write_text(json.dumps({"query": "postgres: too many connections", "expect": []}) + "\n", "utf-8")
    run = kbfind_here("eval", str(negatives), "--max-confident-wrong", "0", "--min-refused", "1", prog="kb")
    assert run.returncode == 1
    assert run.stderr == "kb: below the minimum: confidently wrong cannot be measured: the cases hold no positives\n"
    figures = json.loads(kbfind_here("eval", str(negatives), "--json", prog="kb").stdout)["figures"]["all"]
    assert (figures["answered"], figures["confident_wrong"], figures["refused"]) == (None, None, 1.0)


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX modes")
def test_a_cache_folder_the_user_names_keeps_its_mode(tmp_path: Path) -> None:
    shared, group = tmp_path / "shared", tmp_path / "group"
    for folder, mode in ((shared, 0o1777), (group, 0o2775)):
        folder.mkdir()
        folder.chmod(mode)
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "faq.md").write_text("## Pod 时区\n\nSet TZ.\n", "utf-8")
    # sticky, like /tmp: no one else can rename or remove what is ours in it, so it is used as it is
    run = kbfind_here("--kb", str(notes), "Pod 时区", env={"KBFIND_CACHE_DIR": str(shared)})
    assert (run.returncode, run.stderr) == (0, "") and stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert stat.S_IMODE((shared / f"index-v{SCHEMA_VERSION}").stat().st_mode) == 0o700
    # writable by the group: not used, and not changed
    (tmp_path / "other").mkdir()  # another knowledge base: this process keeps the first one open
    (tmp_path / "other" / "faq.md").write_text("## Pod 时区\n\nSet TZ.\n", "utf-8")
    run = kbfind_here("--kb", str(tmp_path / "other"), "Pod 时区", env={"KBFIND_CACHE_DIR": str(group)})
    assert run.returncode == 0 and stat.S_IMODE(group.stat().st_mode) == 0o2775
    assert run.stderr == (
        f"kbfind: warning: {group}: cache folder writable by others (make it private, or set KBFIND_CACHE_DIR);"
        " not used, index kept in memory\n"
    )


@pytest.mark.parametrize("prog", ["kbfind", "kb"])
def test_an_empty_kb_is_refused_and_an_empty_variable_counts_as_unset(prog: str, cache_dir: Path) -> None:
    args = ("--kb", "", "x509") if prog == "kbfind" else ("list", "--kb", "")
    run = kbfind_here(*args, prog=prog)
    assert run.returncode == 2  # not the current folder, as Path("") would read it
    assert run.stderr == (
        f"{prog}: error: Invalid value for '--kb' (env var: 'KBFIND_KB'): an empty path names no file or folder"
        f" (is a shell variable unset?) (see {'kbfind' if prog == 'kbfind' else 'kb list'} --help)\n"
    )
    unset = kbfind_here("--json", "pod stuck terminating", env={"KBFIND_KB": ""})
    assert unset.returncode == 0 and json.loads(unset.stdout)["matches"][0]["source"].endswith("k8s-faq.md")


@pytest.mark.parametrize(
    "url", ["notaurl", "http://", "docs.example.com", "ftp://docs.example.com/", "//other.example/"]
)
def test_a_site_url_that_is_not_one_is_refused(url: str, cache_dir: Path) -> None:
    run = kbfind_here("--site-url", url, "pod stuck terminating")
    assert run.returncode == 2
    assert run.stderr == (
        f"kbfind: error: --site-url (or KBFIND_SITE_URL) {url!r} is not an http(s) or file URL, nor a path from a site's root;"
        " give where the site is published, e.g. https://docs.example.com/ or /docs/\n"
    )
    for good in ("https://docs.example.com/ops/", "/ops/", "file:///srv/site/", "HTTP://docs.example.com/"):
        run = kbfind_here("--json", "--site-url", good, "pod stuck terminating")
        assert json.loads(run.stdout)["matches"][0]["url"].startswith(good + "k8s-faq/#")


@pytest.mark.parametrize("url", ["https://ex.org/?q=1", "https://ex.org/docs/#top", "/docs/?v=2"])
def test_a_site_url_with_a_query_or_fragment_is_refused(url: str, cache_dir: Path) -> None:
    """An entry's link is the base, its page and its anchor: after a query or a fragment, neither."""
    run = kbfind_here("pod stuck terminating", env={"KBFIND_SITE_URL": url})
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == (
        f"kbfind: error: --site-url (or KBFIND_SITE_URL) {url!r} has a query or a fragment (?…, #…), which links to"
        " entries cannot follow; give where the site is published, e.g. https://docs.example.com/ or /docs/\n"
    )


def test_a_readme_given_alone_as_kb_is_read_as_a_page(cache_dir: Path, tmp_path: Path) -> None:
    # In a folder a README describes the folder; named alone, it is the knowledge base.
    (tmp_path / "README.md").write_text("## disk full on /var\n\nClean up /var/log.\n", "utf-8")
    run = kbfind_here("--json", "--kb", str(tmp_path / "README.md"), "disk full on /var")
    assert run.returncode == 0 and json.loads(run.stdout)["matches"][0]["title"] == "disk full on /var"
    folder = kbfind_here("--kb", str(tmp_path), "disk full on /var")
    assert folder.returncode == 1 and "no entries found" in folder.stderr


def test_a_kb_file_removed_while_it_is_read_is_said_to_be_gone(tmp_path: Path) -> None:
    from kbfind.cli import UsageProblem, check_content

    class Emptied:  # what kbfind opened before the file was removed: no entries, its root gone
        root = tmp_path / "notes.md"
        problems = ()

        def __len__(self) -> int:
            return 0

    with pytest.raises(UsageProblem) as raised:
        check_content(Emptied(), "kbfind", Emptied.root, quiet=False)  # type: ignore[arg-type]
    assert str(raised.value) == f"{Emptied.root}: no such file or folder; pass --kb PATH to a markdown file or folder"

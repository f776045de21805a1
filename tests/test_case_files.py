"""``kb eval`` and ``kb calibrate`` on the case files and options people really give them: labels
by id, odd but valid JSON, files that are not files, minimums that are not numbers, too few cases."""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest
from conftest import DATA, kbfind_here

from kb import open_kb

X509 = "Unable to connect to the server: x509: certificate is valid for 10.0.0.1, 10.96.0.1, not 34.12.56.78"
TITLE = "Unable to connect to the server: x509: certificate is valid for 10.10.1.2, 10.43.0.1, 127.0.0.1, 192.168.1.10, not 123.123.123.123"


def cases(tmp_path: Path, *rows: dict[str, object], name: str = "cases.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def figures(run_stdout: str) -> dict[str, float]:
    return json.loads(run_stdout)["figures"]["all"]  # type: ignore[no-any-return]


def test_a_label_naming_the_entry_by_id_counts_as_by_title(cache_dir: Path, tmp_path: Path) -> None:
    with open_kb(DATA.parent.parent / "content") as kb:
        entry = next(e for e in kb.entries() if e.title == TITLE)
    for label in (entry.id, TITLE):
        run = kbfind_here("eval", "--json", str(cases(tmp_path, {"query": X509, "expect": [label]})), prog="kb")
        got = json.loads(run.stdout)
        assert (run.returncode, figures(run.stdout)["answered"], figures(run.stdout)["confident_wrong"]) == (0, 1, 0)
        assert got["failures"] == [], label
    strict = kbfind_here(
        "eval", str(cases(tmp_path, {"query": X509, "expect": [entry.id]})), "--max-confident-wrong", "0", prog="kb"
    )
    assert strict.returncode == 0, strict.stderr


@pytest.mark.parametrize("option", ["--min-answered", "--min-refused", "--max-confident-wrong"])
@pytest.mark.parametrize("value", ["nan", "NaN", "-nan"])
def test_a_minimum_that_is_not_a_number_is_refused(option: str, value: str, cache_dir: Path, tmp_path: Path) -> None:
    run = kbfind_here("eval", str(cases(tmp_path, {"query": X509, "expect": [TITLE]})), option, value, prog="kb")
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == f"kb: error: Invalid value for '{option}': {value!r} is not a number. (see kb eval --help)\n"


def test_valid_json_with_line_separators_inside_strings_is_one_case(cache_dir: Path, tmp_path: Path) -> None:
    path = cases(
        tmp_path,
        {"query": "Error: disk full\u2028and\u2029more\u0085", "expect": []},
        {"query": X509, "expect": [TITLE]},
    )
    assert "\u2028" in path.read_text("utf-8")  # written raw, as JSON allows
    run = kbfind_here("eval", "--json", str(path), prog="kb")
    assert run.returncode == 0, run.stderr
    assert figures(run.stdout)["cases"] == 2


def test_a_byte_order_mark_is_read_past(cache_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"query": X509, "expect": [TITLE]}).encode() + b"\n")
    run = kbfind_here("eval", "--json", str(path), prog="kb")
    assert run.returncode == 0, run.stderr
    assert figures(run.stdout)["answered"] == 1


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("null", "not a case (not a JSON object)"),
        ("[1, 2]", "not a case (not a JSON object)"),
        ('"text"', "not a case (not a JSON object)"),
        ('{"query": "x", "expect": []', "not a case (not JSON: Expecting ',' delimiter)"),
        ('{"query": 5, "expect": []}', '"query" must be a string (the paste)'),
        ('{"query": "x", "expect": "title"}', '"expect" must be a list of entry titles or ids ([] for a negative)'),
        (
            '{"query": "x", "expect": [], "kind": "all"}',
            'the kind "all" names the figures of every case; call this kind otherwise',
        ),
    ],
    ids=["null", "list", "string", "unclosed", "query-number", "expect-string", "kind-all"],
)
def test_a_line_that_is_no_case_says_why_in_plain_words(
    line: str, reason: str, cache_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(line + "\n", "utf-8")
    run = kbfind_here("eval", str(path), prog="kb")
    assert run.returncode == 2
    assert run.stderr.startswith(f"kb: error: {path}:1: {reason}"), run.stderr
    assert len(run.stderr.splitlines()) == 1


def test_cases_come_from_a_file_a_pipe_or_stdin(cache_dir: Path, tmp_path: Path) -> None:
    """``kb eval -`` reads them piped in; a FIFO (the shell's ``<(grep … cases.jsonl)``) is read to its
    end; one with no writer is empty, and never blocks."""
    line = json.dumps({"query": X509, "expect": [TITLE]}) + "\n"
    piped = kbfind_here("eval", "--json", "-", stdin=line, prog="kb")
    assert piped.returncode == 0 and json.loads(piped.stdout)["figures"]["all"]["positives"] == 1
    fifo = tmp_path / "cases.fifo"
    os.mkfifo(fifo)
    writer = threading.Thread(target=fifo.write_text, args=(line,))
    writer.start()
    run = kbfind_here("eval", "--json", str(fifo), prog="kb")
    writer.join()
    assert run.returncode == 0 and json.loads(run.stdout)["figures"]["all"]["positives"] == 1
    idle = kbfind_here("eval", str(fifo), prog="kb")  # opened for reading, no writer: nothing to read
    assert (idle.returncode, idle.stderr) == (2, "kb: error: no cases in the given files\n")


def test_a_case_file_written_as_one_json_document_is_told_to_be_json_lines(tmp_path: Path, cache_dir: Path) -> None:
    pretty = tmp_path / "cases.json"
    pretty.write_text(json.dumps([{"query": X509, "expect": [TITLE]}], indent=2), "utf-8")
    run = kbfind_here("eval", str(pretty), prog="kb")
    assert (run.returncode, run.stderr) == (
        2,
        f"kb: error: {pretty}: one JSON document, not JSON lines; write each case on a line of its own\n",
    )


def test_a_case_file_that_cannot_be_one_is_refused(cache_dir: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "cases.fifo"
    os.mkfifo(fifo)
    calibration = kbfind_here(
        "eval", str(cases(tmp_path, {"query": X509, "expect": [TITLE]})), "--calibration", str(fifo), prog="kb"
    )
    assert (calibration.returncode, calibration.stderr) == (
        2,
        f"kb: error: {fifo}: not a calibration file (not a regular file)\n",
    )
    zero = kbfind_here("eval", "/dev/zero", prog="kb")  # endless: read no further than the limit
    assert (zero.returncode, zero.stderr) == (
        2,
        "kb: error: /dev/zero: larger than 64 MB; not a file of labelled pastes\n",
    )
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_full_refit_needs_enough_labelled_pastes(cache_dir: Path, tmp_path: Path) -> None:
    few = cases(tmp_path, {"query": X509, "expect": [TITLE]}, {"query": "the quick brown fox", "expect": []})
    out = tmp_path / "new" / "calibration.json"
    run = kbfind_here("calibrate", str(few), "--write", str(out), prog="kb")
    assert (run.returncode, run.stderr) == (
        2,
        "kb: error: refitting every coefficient needs at least 20 pastes whose label names an entry and 5 negatives"
        " (1 and 1 given): label more, or keep the shipped coefficients with --threshold-only\n",
    )
    assert not out.parent.exists()  # nothing made before the cases were checked
    unnamed = cases(
        tmp_path, {"query": X509, "expect": ["no such entry"]}, {"query": "fox", "expect": []}, name="u.jsonl"
    )
    run = kbfind_here("calibrate", "-q", str(unnamed), "--threshold-only", "--write", str(out), prog="kb")
    assert run.returncode == 2 and "0 pastes whose label names an entry and 1 negatives given" in run.stderr
    done = kbfind_here("calibrate", "-q", str(few), "--threshold-only", "--write", str(out), prog="kb")
    assert (done.returncode, done.stderr) == (0, "")
    assert out.exists()


def test_a_rewritten_calibration_keeps_its_mode(cache_dir: Path, tmp_path: Path) -> None:
    few = cases(tmp_path, {"query": X509, "expect": [TITLE]}, {"query": "the quick brown fox", "expect": []})
    out = tmp_path / "calibration.json"
    out.write_text('{"terms": [], "intercept": 0, "coef": [], "threshold": 0.5}', "utf-8")  # an older model's
    out.chmod(0o600)
    run = kbfind_here("calibrate", "-q", str(few), "--threshold-only", "--write", str(out), prog="kb")
    assert run.returncode == 0, run.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_eval_quiet_says_nothing_but_errors(cache_dir: Path, tmp_path: Path) -> None:
    run = kbfind_here("eval", "-q", str(cases(tmp_path, {"query": X509, "expect": ["no such entry"]})), prog="kb")
    assert run.returncode == 0 and run.stderr == ""
    loud = kbfind_here("eval", str(cases(tmp_path, {"query": X509, "expect": ["no such entry"]})), prog="kb")
    assert "'no such entry' names no entry" in loud.stderr


def test_search_refuses_punctuation_and_keeps_its_message_short(cache_dir: Path) -> None:
    run = kbfind_here("search", "!!!", prog="kb")
    assert (run.returncode, run.stderr) == (
        2,
        "kb: error: the search holds no words or numbers: pass the words to look for\n",
    )
    long = " ".join(f"zzq{i}" for i in range(2000))
    nothing = kbfind_here("search", long, prog="kb")
    assert nothing.returncode == 1 and len(nothing.stderr) < 200, nothing.stderr


def test_duplicate_ids_on_a_page_are_a_lint_error(cache_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "p.md").write_text(
        "## Error: disk quota exceeded on volume {#disk}\n\nrun cleanup.\n\n"
        "## Error: permission denied while opening socket {#disk}\n\nadd user to group.\n",
        "utf-8",
    )
    run = kbfind_here("lint", "--kb", str(tmp_path / "kb"), prog="kb")
    assert run.returncode == 1
    assert run.stdout == (
        f"{tmp_path / 'kb' / 'p.md'}:5: error: 'Error: permission denied while opening socket' has the id 'disk' of"
        " 'Error: disk quota exceeded on volume' (line 1) on the same page: links land on the first; give it another"
        " {#id} [duplicate-id]\n"
    )


def test_an_empty_heading_is_a_lint_error_in_words(cache_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "p.md").write_text("## Error: disk full on node\n\nprune.\n\n## \n\nsome answer\n", "utf-8")
    run = kbfind_here("lint", "--kb", str(tmp_path / "kb"), prog="kb")
    assert run.returncode == 1
    assert run.stdout == (
        f"{tmp_path / 'kb' / 'p.md'}:5: error: an empty heading: give the section a title (its error message, or"
        " its subject) [empty-heading]\n"
    )


def test_cases_with_no_kind_have_a_named_row(cache_dir: Path, tmp_path: Path) -> None:
    run = kbfind_here("eval", str(cases(tmp_path, {"query": X509, "expect": [TITLE]})), prog="kb")
    assert "\n(no kind)        1    1.000" in run.stdout, run.stdout


def test_one_failure_is_said_in_the_singular(cache_dir: Path, tmp_path: Path) -> None:
    run = kbfind_here("eval", str(cases(tmp_path, {"query": X509, "expect": []})), prog="kb")
    assert "\n1 failure:\n" in run.stdout, run.stdout

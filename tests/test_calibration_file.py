"""A knowledge base may carry its own calibration (``.kbfind/calibration.json``, written by ``kb
calibrate``): kbfind, the library and the paste page then answer with it."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import CONTENT, kbfind_here

from kb import open_kb
from matcher import Matcher
from matcher.export import browser_data
from matcher.model import default_calibration, load

NOTES = "## redis timeout while saving the snapshot\n\nRaise `timeout` in redis.conf.\n"
PASTE = "redis: timeout"  # a fragment: a suggestion for the shipped model


def _kb(tmp_path: Path, threshold: float | None = None, text: str | None = None) -> Path:
    root = tmp_path / "notes"
    root.mkdir(parents=True)
    (root / "faq.md").write_text(NOTES, "utf-8")
    if threshold is not None or text is not None:
        (root / ".kbfind").mkdir()
        own = replace(default_calibration(), threshold=threshold if threshold is not None else 0.5)
        (root / ".kbfind" / "calibration.json").write_text(text if text is not None else own.to_json(), "utf-8")
    return root


def test_a_carried_calibration_decides_for_its_knowledge_base(cache_dir: Path, tmp_path: Path) -> None:
    plain = kbfind_here("--kb", str(_kb(tmp_path / "a")), PASTE)
    assert plain.returncode == 1 and "redis timeout" in plain.stdout
    own = kbfind_here("--kb", str(_kb(tmp_path / "b", threshold=0.01)), PASTE)
    assert (own.returncode, own.stderr) == (0, "") and own.stdout.startswith("✔ redis timeout")


def test_the_paste_page_gets_the_same_model(cache_dir: Path, tmp_path: Path) -> None:
    with open_kb(_kb(tmp_path, threshold=0.01)) as kb:
        assert Matcher(kb).calibration.threshold == 0.01
        assert browser_data(kb)["model"]["threshold"] == 0.01


def test_a_calibration_file_that_cannot_be_used_is_one_warning_and_the_shipped_model(
    cache_dir: Path, tmp_path: Path
) -> None:
    shipped = json.loads(default_calibration().to_json())
    damaged = [
        '{"terms": ["old"], "intercept": 0, "coef": [1], "threshold": 0.5}',
        "{not json",
        "[]",
        json.dumps({**shipped, "intercept": 10**400}),  # too large for a float
        json.dumps({**shipped, "coef": [(-1) ** k * 1e308 for k in range(len(shipped["coef"]))]}),  # sums to inf
        "[" * 100_000 + "]" * 100_000,  # nested past the parser's depth
        json.dumps({**shipped, "threshold": True}),
        json.dumps({**shipped, "threshold": "0.5"}),
        json.dumps({**shipped, "coef": dict.fromkeys(map(str, range(len(shipped["coef"]))), 0)}),
        " " * (1 << 20) + json.dumps(shipped),  # over the size limit
    ]
    for i, text in enumerate(damaged):
        root = _kb(tmp_path / str(i), text=text)
        run = kbfind_here("--kb", str(root), PASTE)
        assert run.returncode == 1, text[:80]  # answered as the shipped model answers it
        (line,) = run.stderr.splitlines()
        assert line.startswith(f"kbfind: warning: {root / '.kbfind' / 'calibration.json'}: "), line
        assert line.endswith("; the shipped model is used"), line
    folder = _kb(tmp_path / "folder")
    (folder / ".kbfind").mkdir()
    (folder / ".kbfind" / "calibration.json").mkdir()  # not a file: said, not passed over
    assert kbfind_here("--kb", str(folder), PASTE).stderr.endswith(": not a file; the shipped model is used\n")
    bom = _kb(tmp_path / "bom", threshold=0.01)  # as a Windows editor saves it
    path = bom / ".kbfind" / "calibration.json"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert kbfind_here("--kb", str(bom), PASTE).returncode == 0
    with open_kb(_kb(tmp_path / "range", text='{"terms": [], "intercept": 0, "coef": [], "threshold": 7}')) as kb:
        assert Matcher(kb).calibration == default_calibration()


def test_kb_calibrate_can_choose_the_threshold_alone_and_write_it_where_kbfind_reads_it(
    cache_dir: Path, tmp_path: Path
) -> None:
    root = _kb(tmp_path)
    cases = tmp_path / "cases.jsonl"
    lines = [
        {"query": "redis: timeout", "expect": ["redis timeout while saving the snapshot"], "kind": "real"},
        {"query": "redis timeout while saving", "expect": ["redis timeout while saving the snapshot"], "kind": "real"},
        {"query": "postgres: too many connections", "expect": [], "kind": "negative"},
    ]
    cases.write_text("".join(json.dumps(x) + "\n" for x in lines), "utf-8")
    out = root / ".kbfind" / "calibration.json"
    done = kbfind_here("calibrate", "--kb", str(root), "--threshold-only", str(cases), "--write", str(out), prog="kb")
    assert done.returncode == 0, done.stderr
    written = load(out)
    assert done.stdout == (  # in use from now on: no "try it with" for what is live already
        f"wrote {out.resolve()} (threshold {written.threshold:.2f}); kbfind, kb eval and the paste page answer"
        f" {root} with it from now on\n"
    )
    assert (written.intercept, written.coef) == (default_calibration().intercept, default_calibration().coef)
    assert written.threshold != default_calibration().threshold
    assert kbfind_here("--kb", str(root), PASTE).returncode == 0  # the knowledge base now answers with it


def test_the_bundled_faq_carries_a_model_refitted_on_its_own_pastes() -> None:
    own = load(CONTENT / ".kbfind" / "calibration.json")
    shipped = default_calibration()
    assert own.coef != shipped.coef and own.threshold < shipped.threshold
    with open_kb(CONTENT) as kb:
        assert Matcher(kb).calibration == own


def test_a_refit_learns_each_heading_typed_as_written_and_chooses_its_bar_on_pastes(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from matcher import fitting
    from matcher.evaluate import Case

    seen: list[list[Case]] = []
    table = fitting.feature_table
    monkeypatch.setattr(fitting, "feature_table", lambda cases, kb: seen.append(list(cases)) or table(cases, kb))
    cases = [
        Case(PASTE, ("redis timeout while saving the snapshot",), "real", "x", "a:1"),
        Case("hi", (), "negative", "y", "a:2"),
    ]
    with open_kb(_kb(tmp_path)) as kb:
        fitting.calibrate(cases, kb)
        assert [(c.query, c.expect, c.kind) for c in seen[-1][2:]] == [
            (e.title, (e.title,), "heading") for e in kb.entries()
        ]
        fitting.calibrate(cases, kb, threshold_only=True)
        assert seen[-1] == cases  # the coefficients are kept: nothing is learnt from the headings


def test_a_site_built_from_the_knowledge_base_answers_with_its_calibration(cache_dir: Path, tmp_path: Path) -> None:
    from kb.slug import slugify
    from kbfind.plugin.knowledge import matcher_data

    docs = _kb(tmp_path, threshold=0.01)
    for toc in ((slugify, "-"), (lambda text, sep: text.lower().replace(" ", sep), "_")):  # kbfind's anchors, another's
        export = matcher_data(docs, "", {"faq.md": "faq/"}, toc)
        assert export.data["model"]["threshold"] == 0.01 and export.problems == ()
    broken = _kb(tmp_path / "broken", text="{not json")
    export = matcher_data(broken, "", {"faq.md": "faq/"}, (slugify, "-"))
    assert export.data["model"] == json.loads(json.dumps(export.data["model"])) and len(export.problems) == 1
    assert export.data["model"]["threshold"] == default_calibration().threshold


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a file away needs root (CI is)")
def test_a_calibration_file_another_user_owns_is_not_trusted(cache_dir: Path, tmp_path: Path) -> None:
    root = _kb(tmp_path, threshold=0.01)  # in a shared folder, anyone could set what kbfind is sure of
    os.chown(root / ".kbfind" / "calibration.json", 65534, 65534)
    run = kbfind_here("--kb", str(root), PASTE)
    assert run.returncode == 1
    assert run.stderr.endswith(": owned by another user, so not trusted; the shipped model is used\n")


def test_a_long_running_program_sees_a_calibration_written_later(cache_dir: Path, tmp_path: Path) -> None:
    from matcher import matcher_for

    root = _kb(tmp_path)
    assert matcher_for(root).calibration == default_calibration()
    (root / ".kbfind").mkdir()
    own = replace(default_calibration(), threshold=0.01)
    (root / ".kbfind" / "calibration.json").write_text(own.to_json(), "utf-8")
    assert matcher_for(root).calibration == own
    (root / ".kbfind" / "calibration.json").unlink()
    assert matcher_for(root).calibration == default_calibration()


def test_kb_calibrate_needs_pastes_to_answer_and_negatives(cache_dir: Path, tmp_path: Path) -> None:
    root = _kb(tmp_path)
    for kinds in (["real"], ["negative"]):
        cases = tmp_path / f"{kinds[0]}.jsonl"
        expect = [] if kinds == ["negative"] else ["redis timeout while saving the snapshot"]
        cases.write_text(json.dumps({"query": "redis: timeout", "expect": expect}) + "\n", "utf-8")
        run = kbfind_here("calibrate", "--kb", str(root), str(cases), "--write", str(tmp_path / "c.json"), prog="kb")
        assert run.returncode == 2 and len(run.stderr.splitlines()) == 1, run.stderr
        assert "the bar needs both" in run.stderr and not (tmp_path / "c.json").exists()


def test_kb_eval_says_which_model_it_measured(cache_dir: Path, tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_text(
        json.dumps({"query": PASTE, "expect": ["redis timeout while saving the snapshot"]}) + "\n", "utf-8"
    )
    plain = kbfind_here("eval", str(cases), "--kb", str(_kb(tmp_path / "a")), prog="kb")
    assert plain.stdout.endswith("model: shipped\n")
    root = _kb(tmp_path / "b", threshold=0.01)
    carried = kbfind_here("eval", str(cases), "--kb", str(root), "--json", prog="kb")
    assert json.loads(carried.stdout)["model"] == str(root / ".kbfind" / "calibration.json")
    assert json.loads(carried.stdout)["figures"]["all"]["answered"] == 1.0

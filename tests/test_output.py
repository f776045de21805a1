"""What kbfind prints survives real terminals and real streams (issue 13, items 12 and 14):
content's control sequences never reach the screen, and a closed, full or ASCII-only stream or a
Ctrl-C is one line on stderr, never a traceback."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT
from test_cli import X509_PASTE, invoke

# A title that sets the window title, an answer that writes the clipboard (OSC 52), hides text
# (SGR 8, conceal), moves the cursor, and uses the 8-bit CSI; a tab and newlines that must stay.
HOSTILE = (
    "## disk full \x1b]0;pwned\x07on node\n\n"
    "Run \x1b]52;c;cm0gLXJmIH4=\x07this:\x1b[8m secret\x1b[0m\tthen \x1b[2J\x1b[Hwait\x9b31m.\r\n"
    "\n```bash\ndf -h \x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\\n```\n"
)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a\x1b]52;c;ZWNobyBoaQ==\x07b", "ab"),  # clipboard write, BEL-terminated
        ("a\x1b]0;title\x1b\\b", "ab"),  # window title, ST-terminated
        ("a\x1b]0;unterminated\nnext", "a\nnext"),  # ends at the line's end
        ("a\x1b[8mhidden\x1b[0mb", "ahiddenb"),  # conceal
        ("a\x1b[31;1mred\x1b[m", "ared"),
        ("a\x9b2Jb\x9d0;t\x9cc", "abc"),  # 8-bit CSI and OSC
        ("a\x1bcb\x1b(Bc", "abc"),  # reset, charset
        ("tab\there\nline\r\n\x00\x07\x08\x7f\x85end", "tab\there\nline\nend"),
        ("old Mac\rline\r\rends", "old Mac\nline\n\nends"),  # a bare CR ends a line, as the matcher reads it
        ("中文 ünïcode ✔ → …", "中文 ünïcode ✔ → …"),
    ],
)
def test_control_sequences_are_removed_and_tabs_and_newlines_kept(text: str, shown: str) -> None:
    from kbfind.terminal import safe_text

    assert safe_text(text) == shown


def test_text_is_scanned_for_control_sequences_by_their_first_character_only() -> None:
    # The quick scan lets text through untouched: it must know every character a sequence starts with.
    from kbfind.terminal import _ANY_CONTROL, _CONTROL

    tails = ["", "[31m", "]0;title\x07", "P1$r\x1b\\", "(B", "1m"]
    starts = {c for c in map(chr, range(0x110000)) if any(_CONTROL.match(c + tail) for tail in tails)}
    assert len(starts) == 63 and all(_ANY_CONTROL.fullmatch(c) for c in starts)
    assert _ANY_CONTROL.search("中文 ünïcode ✔ → … tab\tnewline\n") is None


def test_removing_control_sequences_is_linear() -> None:
    from kbfind.terminal import safe_text

    for unit in ["\x1b[", "\x1b]", "\x1b[0;", "\x9b1", "\x1b]0;x\n", "\x1b", "\x1b[" + "0" * 50]:
        text = unit * (200_000 // len(unit))
        start = time.perf_counter()
        safe_text(text + "!")
        assert time.perf_counter() - start < 0.5, repr(unit)


@pytest.fixture
def hostile(tmp_path: Path, cache_dir: Path) -> Path:
    (tmp_path / "hostile.md").write_text(HOSTILE, "utf-8")
    return tmp_path


def _no_controls(text: str) -> None:
    assert not any(c in text for c in "\x1b\x07\x9b\x9c\x9d\r\x00"), repr(text)


def test_content_cannot_drive_the_terminal_in_human_output(hostile: Path) -> None:
    plain = invoke("--kb", str(hostile), "--color", "never", "disk full on node")
    assert plain.code == 0
    _no_controls(plain.out)
    assert plain.out.startswith("✔ disk full on node\n")
    assert "  Run this: secret\tthen wait.\n" in plain.out and "    │ df -h link\n" in plain.out
    coloured = invoke("--kb", str(hostile), "--color", "always", "disk full on node")
    assert "\x1b[1mdisk full on node\x1b[0m" in coloured.out  # kbfind's own styling stays
    for sequence in ("\x1b]", "\x1b[8m", "\x1b[2J", "\x1b[H", "\x9b", "\x07", "\r"):
        assert sequence not in coloured.out, repr(sequence)


def test_content_cannot_drive_the_terminal_in_json(hostile: Path) -> None:
    run = invoke("--json", "--kb", str(hostile), "disk full on node")
    _no_controls(run.out)
    assert "\\u001b" not in run.out and "\\u0007" not in run.out  # not even escaped, for `jq -r`
    best = json.loads(run.out)["matches"][0]
    assert best["title"] == "disk full on node"
    assert best["answer"].startswith("Run this: secret\tthen wait.\n")
    assert best["code"][0]["text"] == "df -h link\n"


def test_content_cannot_drive_the_terminal_from_kb(hostile: Path) -> None:
    (entry,) = json.loads(invoke("list", "--json", "--kb", str(hostile), prog="kb").out)["entries"]
    for args in (["list"], ["show", entry["id"]], ["search", "disk"], ["show", "--json", entry["id"]]):
        run = invoke(*args, "--kb", str(hostile), prog="kb")
        _no_controls(run.out)
        assert "disk full on node" in run.out


def test_a_closed_stdout_is_one_line_and_exit_2(monkeypatch: pytest.MonkeyPatch) -> None:
    from kbfind.cli import app, run

    err = io.StringIO()
    monkeypatch.setattr(sys, "stdout", None)  # what Python makes of a closed descriptor 1
    monkeypatch.setattr(sys, "stderr", err)
    assert run(app, "kbfind", [X509_PASTE]) == 2
    assert err.getvalue() == "kbfind: error: standard output is closed; nothing can be printed\n"


def test_a_full_disk_is_one_line_and_exit_2(monkeypatch: pytest.MonkeyPatch) -> None:
    from kbfind.cli import app, run

    for args in ([X509_PASTE], ["--json", X509_PASTE], ["--help"]):
        err = io.StringIO()
        with open("/dev/full", "w", encoding="utf-8") as full:
            monkeypatch.setattr(sys, "stdout", full)
            monkeypatch.setattr(sys, "stderr", err)
            assert run(app, "kbfind", args) == 2
        assert err.getvalue() == "kbfind: error: cannot write the output: No space left on device\n", args


def test_a_closed_stderr_never_moves_errors_to_stdout(monkeypatch: pytest.MonkeyPatch) -> None:
    from kbfind.cli import app, run

    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", None)
    assert run(app, "kbfind", ["--limit", "0", "x"]) == 2
    assert run(app, "kbfind", [""]) == 2
    assert out.getvalue() == ""


def test_an_ascii_terminal_gets_ascii_marks_and_no_encoding_error() -> None:
    run = invoke(X509_PASTE, encoding="ascii")
    assert run.code == 0, run.err
    assert run.out.startswith("+ Unable to connect to the server: x509")
    assert "valid for = 10.0.0.1, 10.96.0.1 - not = 34.12.56.78" in run.out and "    | kubeadm init" in run.out
    data = invoke("--json", X509_PASTE, encoding="ascii")
    assert data.code == 0 and data.out.isascii()
    assert "签发的证书" in json.loads(data.out)["matches"][0]["answer"]  # escaped, not lost


def test_ctrl_c_is_one_line_and_exit_130(monkeypatch: pytest.MonkeyPatch) -> None:
    import matcher.api

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(matcher.api, "matcher_for", interrupted)
    run = invoke(X509_PASTE)
    assert (run.code, run.out, run.err) == (130, "", "kbfind: interrupted\n")
    kb = invoke("list", prog="kb")
    assert (kb.code, kb.out, kb.err) == (130, "", "kb: interrupted\n")


def test_closed_descriptors_of_a_real_process() -> None:
    """Real process 2 of 2: descriptors 1 and 2 really closed, as ``kbfind … >&- 2>&-`` does."""

    def kbfind(*args: str, close: tuple[int, ...]) -> subprocess.CompletedProcess[bytes]:
        def closing() -> None:
            for fd in close:
                os.close(fd)

        return subprocess.run(
            [sys.executable, "-m", "kbfind", *args],
            cwd=ROOT,
            stdout=None if 1 in close else subprocess.PIPE,
            stderr=None if 2 in close else subprocess.PIPE,
            preexec_fn=closing,
            timeout=120,
        )

    no_stdout = kbfind(X509_PASTE, close=(1,))
    assert (no_stdout.returncode, no_stdout.stderr) == (
        2,
        b"kbfind: error: standard output is closed; nothing can be printed\n",
    )
    no_stderr = kbfind("--bogus", close=(2,))
    assert (no_stderr.returncode, no_stderr.stdout) == (2, b"")


@pytest.mark.parametrize("args", [["pod stuck terminating"], ["nothing like any entry at all"], ["--help"]])
def test_a_reader_that_stops_reading_is_told_apart_from_no_answer(args: list[str], cache_dir: Path) -> None:
    """``| head -0`` (or a reader that exits before the answer is written) closes the pipe: the exit status
    is SIGPIPE's 141, as ``yes | head -1`` gives under ``pipefail``, not 1 ("nothing confident"), and
    nothing is said on stderr."""
    code = "import sys; from kbfind.__main__ import kbfind; sys.argv[0] = 'kbfind'; kbfind()"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # before the interpreter has even started
    assert (proc.wait(timeout=120), proc.stderr.read()) == (141, b"")


def test_an_answers_mdx_component_tags_are_left_out_in_the_terminal(tmp_path: Path, cache_dir: Path) -> None:
    """Docusaurus' <Tabs> and <TabItem …> are markup the site renders as tabs; an author's <pod-name> stays."""
    (tmp_path / "faq.mdx").write_text(
        '## Error: Cannot find module webpack\n\n<Tabs groupId="pm">\n  <TabItem value="npm" label="npm" default>\n\n'
        "Run `npm ci` in <project-dir>.\n\n<Your Project ID>\n\n  </TabItem>\n</Tabs>\n",
        "utf-8",
    )
    out = invoke("--kb", str(tmp_path), "Error: Cannot find module webpack").out
    assert "Tabs" not in out and "TabItem" not in out and "Run npm ci in <project-dir>." in out.replace("`", "")
    assert "<Your Project ID>" in out  # words, not attributes: the author's placeholder


def test_a_definition_list_faqs_answer_shows_without_its_marker(tmp_path: Path, cache_dir: Path) -> None:
    (tmp_path / "faq.md").write_text(
        "# FAQ\n\nWhy does the build fail with `Error: out of memory`?\n:   Raise the heap.\n\n"
        "How do I reset it?\n:   Run reset.\n",
        "utf-8",
    )
    out = invoke("--kb", str(tmp_path), "Error: out of memory").out
    assert "\n  Raise the heap.\n" in out and ": " not in out.split("\n\n", 1)[1].split("\n")[0]


def test_a_github_alerts_marker_shows_its_kind_in_the_terminal(tmp_path: Path, cache_dir: Path) -> None:
    """``> [!WARNING]`` is the marker GitHub renders as a titled alert: the terminal names its kind, as it
    does an admonition's; a quoted ``[!x]`` that is not an alert's stays as written."""
    (tmp_path / "faq.md").write_text(
        "## Error: connection refused to the daemon\n\n> [!WARNING]\n> Restarting stops every container.\n\n"
        "> [!todo] later\n\nIn code:\n\n    > [!TIP]\n",
        "utf-8",
    )
    out = invoke("--kb", str(tmp_path), "Error: connection refused to the daemon").out
    assert "\n  > Warning:\n  > Restarting stops every container.\n" in out
    assert "[!WARNING]" not in out and "> [!todo] later" in out and "      > [!TIP]" in out  # code as written


def test_html_elements_in_an_answers_text_show_their_text_only(tmp_path: Path, cache_dir: Path) -> None:
    """mdBook's asides and ``<details>`` write their titles in tags (``<p class="note-title">…</p>``,
    ``<summary>…</summary>``): the terminal shows the text, as the page does; an author's ``<pod-name>``
    and a tag in a code span stay as written."""
    (tmp_path / "faq.md").write_text(
        '## Error: tls.crt not found\n\n<aside class="note" role="note">\n<p class="note-title">Running locally</p>\n\n'
        "Delete <pod-name>, then write `<p>` in <b>bold</b>.\n\n</aside>\n\n<details>\n<summary>Why?</summary>\n\n"
        "Certificates come late.\n\n</details>\n\n<details><summary>Still failing?</summary>\n\n<b>Restart it\n\n</details>\n",
        "utf-8",
    )
    out = invoke("--kb", str(tmp_path), "Error: tls.crt not found").out
    assert "\n  Running locally\n" in out and "\n  Why?\n" in out and "aside" not in out and "<b>" not in out
    assert "\n  Still failing?\n" in out and "\n  Restart it\n" in out  # tags left open on the line too
    assert "Delete <pod-name>, then write `<p>` in bold." in out
    (tmp_path / "faq.md").write_text(
        "## Error: key not set\n\nRun git config <section>.<key> or curl -H <header>.\n", "utf-8"
    )
    assert (
        "Run git config <section>.<key> or curl -H <header>." in invoke("--kb", str(tmp_path), "Error: key not set").out
    )

"""One matcher, two runtimes: the browser's JavaScript reproduces Python's golden output exactly.

For every corpus of ``tests/parity.py`` (every labelled paste, every line of the bundled FAQ,
other scripts and widths, a generated 2,000-entry knowledge base), Python's stages must still
equal the golden file (regenerate it deliberately with ``python tests/parity.py``), and node
running ``kbfind-matcher.js`` on the exported data must produce the same, stage by stage.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from parity import MATCHER_JS, STAGES_JS, Corpus, corpora, python_stages, read
from test_matching import HOST_KEY

from kb import open_kb
from matcher import Matcher
from matcher.export import browser_data

STAGES = ("segments", "terms", "candidates", "result")
NODE = shutil.which("node") or shutil.which("nodejs")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("parity")


def _corpora(root: Path) -> dict[str, Corpus]:
    return {c.name: c for c in corpora(root)}


NAMES = [
    "k8s-faq", "argo-cd", "cert-manager", "gitlab-runner", "helm", "homebrew", "kind", "podman", "flutter", "npm",
    "generated-2k",
]  # fmt: skip


def same(want: Any, got: Any) -> bool:
    """Equal, numbers to 10 significant digits: JavaScript's ``Math.exp`` and C's ``exp`` may
    differ in the last bit, which the golden files' 12 digits show when it falls on a rounding
    boundary (0.00272167638905|5). Everything else — text, order, counts — exactly."""
    if isinstance(want, bool) or isinstance(got, bool):
        return type(want) is type(got) and want == got
    if isinstance(want, float | int) and isinstance(got, float | int):
        return math.isclose(want, got, rel_tol=1e-10, abs_tol=1e-15)
    if isinstance(want, list) and isinstance(got, list):
        return len(want) == len(got) and all(same(w, g) for w, g in zip(want, got, strict=True))
    if isinstance(want, dict) and isinstance(got, dict):
        return want.keys() == got.keys() and all(same(want[k], got[k]) for k in want)
    return bool(want == got)


def first_difference(want: list[dict[str, Any]], got: list[dict[str, Any]]) -> str | None:
    """``None`` when equal (:func:`same`), else the first query and stage that differ, and how."""
    if len(want) != len(got):
        return f"{len(got)} queries, golden has {len(want)}"
    for w, g in zip(want, got, strict=True):
        for stage in STAGES:
            if not same(w[stage], g[stage]):
                return f"query {w['query'][:120]!r}: stage {stage!r} differs:\n  want {w[stage]}\n  got  {g[stage]}"
    return None


def need_node() -> None:
    if NODE is None:
        if os.environ.get("CI"):
            pytest.fail("node is not installed; .ci/run installs it with apt (nodejs)")
        pytest.skip("node is not installed (apt-get install nodejs)")


def browser_stages(folder: Path, queries: list[str]) -> list[dict[str, Any]]:
    """The JavaScript matcher's stages for ``queries`` on ``folder / "data.json"``."""
    (folder / "queries.json").write_text(json.dumps(queries), "utf-8")  # escaped: an input may hold lone surrogates
    run = subprocess.run(
        [str(NODE), str(STAGES_JS), str(MATCHER_JS), str(folder / "data.json"), str(folder / "queries.json")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)  # type: ignore[no-any-return]


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_browser_reproduces_python_exactly(name: str, generated: Path, tmp_path: Path, cache_dir: Path) -> None:
    need_node()
    corpus = _corpora(generated)[name]
    golden = read(name)
    assert [c["query"] for c in golden] == list(corpus.queries), "the corpus changed: run python tests/parity.py"
    with open_kb(corpus.kb) as kb:
        m = Matcher(kb)
        order = {e.key: i for i, e in enumerate(kb.entries())}
        python = [python_stages(m, order, q) for q in corpus.queries]
        (tmp_path / "data.json").write_text(json.dumps(browser_data(kb, matcher=m), ensure_ascii=False), "utf-8")
    assert first_difference(golden, python) is None, "Python changed: " + str(first_difference(golden, python))
    browser = browser_stages(tmp_path, list(corpus.queries))
    assert first_difference(golden, browser) is None, first_difference(golden, browser)


def test_a_difference_is_reported_with_its_stage() -> None:
    golden = [{"query": "q", "segments": [1], "terms": [], "candidates": [], "result": {}}]
    changed = [{**golden[0], "terms": [["x"]]}]
    assert first_difference(golden, golden) is None
    assert first_difference(golden, changed) == "query 'q': stage 'terms' differs:\n  want []\n  got  [['x']]"


def test_numbers_agree_to_ten_digits_and_nothing_else_is_loose() -> None:
    golden = [{"query": "q", "segments": [], "terms": [], "candidates": [[7, 0.25, 0.00272167638905]], "result": {}}]
    last_bit = [{**golden[0], "candidates": [[7, 0.25, 0.00272167638906]]}]
    assert first_difference(golden, last_bit) is None
    for changed in ([[7, 0.25, 0.0027217]], [[8, 0.25, 0.00272167638905]], [[7, 0.25]]):
        assert first_difference(golden, [{**golden[0], "candidates": changed}]) is not None
    assert not same([True], [1.0]) and not same({"a": 1}, {"b": 1}) and not same("0.5", 0.5)


def test_the_heading_look_up_draws_the_same_candidates_in_the_browser(tmp_path: Path, cache_dir: Path) -> None:
    """Headings outscored by entries saying their words more often, with invisible or compatibility
    characters: the browser adds the same entries to the candidates, in the same order."""
    need_node()
    crowd = "".join(f"## Web tool {n}\n\nweb web web\n\n" for n in range(40))
    listing = " ".join(f"project{n}" for n in range(300))
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "a.md").write_text(
        f"{crowd}## Web\n\nweb: {listing}\n\n## Web\u200b\n\nweb: {listing}\n", "utf-8"
    )
    (tmp_path / "kb" / "b.md").write_text(f"## ＷＥＢ\n\nweb: {listing}\n\n## 4.3\n\nReleased.\n", "utf-8")
    queries = ["Web", "  web ", "WEB", "Web\u200b", "4.3", "Web\nweb", "web tool 7"]
    python = _agree_in_the_browser(tmp_path, queries)
    assert [len(p["candidates"]) for p in python][:3] == [22, 22, 22]  # 20 keyword hits, then Web and ＷＥＢ


def test_an_error_chain_pasted_across_lines_is_read_as_one_in_the_browser_too(tmp_path: Path, cache_dir: Path) -> None:
    need_node()
    (tmp_path / "kb").mkdir()
    quoted = '```\n* 1 error occurred:\n\t* request path "auth/login/foo": lease count quota exceeded\n```\n'
    (tmp_path / "kb" / "a.md").write_text(f"## Lease count quota exceeded\n\n{quoted}\nTune it.\n\n## Other\n\nx\n")
    queries = [
        'Code: 429. Errors:\n\n* 1 error occurred:\n\t* request path "auth/login/bar": lease count quota exceeded',
        'Error from server: error when creating "x":\n  failed calling webhook "w":\n    dial tcp: i/o timeout\nnext',
        "Events:\n  Warning  Failed  kubelet  Error: ImagePullBackOff",  # opens no chain: no error
        '  - message: >-\n      request path "auth/login/x":\n      lease count quota exceeded\n    reason: Quota',
    ]
    _agree_in_the_browser(tmp_path, queries)


def test_the_lines_around_a_stack_trace_are_read_alike_in_the_browser(tmp_path: Path, cache_dir: Path) -> None:
    page = (
        "## Port already in use\n\n```\nError: listen EADDRINUSE: address already in use :::8081\n```\n\n"
        "Stop the other process.\n\n## Unhandled error event\n\nThrow less.\n"
    )
    queries = [
        "events.js:183\n      throw er; // Unhandled 'error' event\n      ^\n\nError: listen EADDRINUSE :::8081\n"
        "    at Server.setupListenHandle [as _listen2] (net.js:1360:14)",
        "Jan 01 10:00:00 h node[1]: node:events:491\nJan 01 10:00:00 h node[1]:       throw er; // Unhandled 'error' event\n"
        "Jan 01 10:00:00 h node[1]:       ^\nJan 01 10:00:00 h node[1]: Error: listen EADDRINUSE :::8081",
        '  File "x.py", line 2\n    print "hi"\n          ~~^^^\nSyntaxError: Missing parentheses',
        "events.js:183\n      throw er; // Unhandled 'error' event\n      ^",
    ]
    _agree_in_the_browser(tmp_path, queries, page)


def test_versioned_copies_share_no_error_text_in_the_browser_either(tmp_path: Path, cache_dir: Path) -> None:
    need_node()
    section = "## {}\n\nIf you get `the server could not find the requested resource` error, update it.\n\n## Providers\n\nx\n"
    for version, heading in (("master", "Requested resource not found"), ("v1", "Requested  Resource Not Found")):
        (tmp_path / "kb" / version).mkdir(parents=True)
        (tmp_path / "kb" / version / "a.md").write_text(section.format(heading), "utf-8")
    (tmp_path / "kb" / "b.md").write_text(
        "## Out of date\n\n```\nthe server could not find the requested resource\n```\n"
    )
    (tmp_path / "kb" / "v0").mkdir()  # the same heading and page name, its answer rewritten: not a copy
    (tmp_path / "kb" / "v0" / "a.md").write_text(
        "## Requested resource not found\n\nRestart the API server and wait for it.\n\n## Providers\n\nx\n"
    )
    queries = ["error: cannot create provider: the server could not find the requested resource", "requested resource"]
    python = _agree_in_the_browser(tmp_path, queries)
    shown = [*python[1]["result"]["matches"], *python[1]["result"]["suggestions"]]
    listed = [(m["source"].rsplit("/", 2)[-2], len(m["copies"])) for m in shown]
    assert ("master", 1) in listed and ("v0", 0) in listed and not any(v == "v1" for v, _ in listed), listed
    (tmp_path / "kb" / "b.md").unlink()
    _agree_in_the_browser(tmp_path, queries)


def test_links_to_a_page_of_one_entry_are_read_alike_in_the_browser(tmp_path: Path, cache_dir: Path) -> None:
    need_node()
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "failed-loading-swc.md").write_text("# SWC failed to load\n\nReinstall next.\n", "utf-8")
    (tmp_path / "kb" / "install-problems.md").write_text("## Disk full\n\nFree it.\n\n## Proxy\n\nSet it.\n", "utf-8")
    (tmp_path / "kb" / "native-module.md").write_text("# Native module mismatch\n\nRebuild it.\n", "utf-8")
    queries = [
        "failed to load SWC binary, see more info here: https://nextjs.org/docs/messages/failed-loading-swc",
        "Error: see https://example.com/docs/install-problems.",  # a page of two problems names neither
        "Error: https://example.com/failed-loading-swc.html#other and https://example.com/x/failed_loading",
        # a hint's pointer below its error, a link alone under its label; not below a warning
        "[ERROR] the build broke\n  Hint:\n    Rebuild it.\n    See https://x.dev/native-module/ for more.",
        "[ERROR] the build broke\n  Error reference:\n    https://x.dev/errors/native-module/",
        "Error: the build broke\nnpm WARN deprecated x\nSee https://x.dev/native-module/ for more.",
    ]
    python = _agree_in_the_browser(tmp_path, queries)
    assert [m["title"] for m in python[0]["result"]["matches"]] == ["SWC failed to load"]
    assert python[1]["result"]["matches"] == []
    assert [[m["title"] for m in p["result"]["matches"]] for p in python[3:]] == [["Native module mismatch"]] * 2 + [[]]


def test_a_stated_error_a_line_holds_whole_is_looked_up_alike_in_the_browser(tmp_path: Path, cache_dir: Path) -> None:
    need_node()
    shutil.copytree(Path(__file__).parent / "data" / "spot" / "github-ssh" / "docs", tmp_path / "kb")
    queries = [HOST_KEY, HOST_KEY.replace("failed.", "failed for the second time today, again.")]
    python = _agree_in_the_browser(tmp_path, queries)
    assert [m["title"] for m in python[0]["result"]["matches"]][:1] == ["Error: Host key verification failed"]


def test_copies_crowding_the_candidates_are_read_past_in_the_browser_too(tmp_path: Path, cache_dir: Path) -> None:
    need_node()
    crowd = "".join(
        f"## Gateway notes {n}\n\nThe upstream upstream gateway gateway proxy proxy timed out {n}.\n\n"
        for n in range(3)
    )
    page = crowd + "## Gateway timeout\n\n```\nupstream gateway proxy timed out after 30s\n```\n\nRaise the timeout.\n"
    for version in range(8):
        (tmp_path / "kb" / f"v{version}").mkdir(parents=True)
        (tmp_path / "kb" / f"v{version}" / "gateway.md").write_text(page, "utf-8")
    python = _agree_in_the_browser(tmp_path, ["upstream gateway proxy timed out after 45s", "gateway"])
    assert len(python[0]["candidates"]) > 20


def test_only_answered_copies_under_the_same_titles_are_one_in_the_browser_too(tmp_path: Path, cache_dir: Path) -> None:
    need_node()
    error = "## Error: EACCES: permission denied, mkdir '/usr/lib/node_modules'\n\n"
    denied = "## Error: failed to read state: AccessDenied: Access Denied\n\nGrant `storage.admin` to the account.\n"
    pages = {
        "docs/faq.md": "# FAQ\n\n" + error,
        "versioned_docs/version-1.0/faq.md": "# FAQ\n\n" + error + "Do not use sudo.\n",
        "versioned_docs/version-2.0/faq.md": "# FAQ\n\n" + error + "Do not use sudo.\n",
        "content/aws/_index.md": "# AWS provider\n\n" + denied,
        "content/gcp/_index.md": "# GCP provider\n\n" + denied,
    }
    for name, text in pages.items():
        (tmp_path / "kb" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "kb" / name).write_text(text, "utf-8")
    queries = [
        "Error: EACCES: permission denied, mkdir '/usr/lib/node_modules'",
        "Error: failed to read state: AccessDenied: Access Denied, status code: 403",
    ]
    python = _agree_in_the_browser(tmp_path, queries)
    result = python[0]["result"]
    shown = [(m["source"].rsplit("kb/", 1)[-1], len(m["copies"])) for m in [*result["matches"], *result["suggestions"]]]
    assert sorted(shown) == [("docs/faq.md", 0), ("versioned_docs/version-1.0/faq.md", 1)], shown


def _agree_in_the_browser(tmp_path: Path, queries: list[str], page: str | None = None) -> list[dict[str, Any]]:
    """What Python makes of each query against the knowledge base in ``tmp_path/kb`` (``page``: its
    one page, written first), once the browser is checked to make exactly the same of it."""
    need_node()
    if page is not None:
        (tmp_path / "kb").mkdir()
        (tmp_path / "kb" / "a.md").write_text(page, "utf-8")
    with open_kb(tmp_path / "kb") as kb:
        m = Matcher(kb)
        order = {e.key: i for i, e in enumerate(kb.entries())}
        python = [python_stages(m, order, q) for q in queries]
        (tmp_path / "data.json").write_text(json.dumps(browser_data(kb, matcher=m), ensure_ascii=False), "utf-8")
    browser = browser_stages(tmp_path, queries)
    assert first_difference(python, browser) is None, first_difference(python, browser)
    return python


def test_file_names_in_paths_and_runtime_notices_are_read_alike_in_the_browser(tmp_path: Path, cache_dir: Path) -> None:
    page = (
        "## `nf_conntrack_max: permission denied`\n\nSet conntrack-max-per-core to 0.\n\n"
        "## Page crashed\n\nGive the container more `/dev/shm`.\n\n## Invalid JSON\n\nFix the file.\n"
        "\n## Too few PGs per OSD\n\n```\ntoo few PGs per OSD (16 < min 30)\n```\n\nRaise pg_num.\n"
        "\n## Installation issues\n\n```\nInstallation failed with error 0x80070003\n```\n\nReboot.\n"
        "\n## Task `setupDependencies` not found in root project\n\nRemove it.\n"
    )
    queries = [
        "open /proc/sys/net/netfilter/nf_conntrack_max: permission denied",
        "open 'C:\\Program Files\\app\\nf_conntrack_max': permission denied",
        "npm WARN package.json my-app@1.0.0 No repository field.\nnpm ERR! Unexpected token in JSON at position 0",
        "(node:25) UnhandledPromiseRejectionWarning: Unhandled promise rejection. This error originated either by"
        " throwing inside of an async function without a catch block. (rejection id: 1)\n"
        "(node:25) UnhandledPromiseRejectionWarning: Error: Page crashed!\n"
        "(node:25) [DEP0018] DeprecationWarning: Unhandled promise rejections are deprecated.",
        "too many PGs per OSD (469 > max 300)",  # the opposite of an error text and of a title
        "too few PGs per OSD (12 < min 30)",
        "Installation failed with error code 0x8000ffff",  # another code of a kind an error text names
        "Task 'setupDependencies' not found in root project 'demo'.",  # a quoted value's words
        "2023-05-01T10:00:00.000Z\tinfo\tservice/telemetry.go:84\tSetting up own telemetry...\n"
        "2023-05-01T10:00:01.000Z\terror\texporterhelper/queued_retry.go:183\tExporting failed.\t"
        '{"kind": "exporter", "error": "context deadline exceeded", "message": "a \\"quoted\\" one"}',
        'Error from server (BadRequest): {"kind":"Status","message":"spec.replicas is invalid"}',
        'time="2023-05-01" level=error msg="upload failed" payload={"id": "a1", "error": "x"}',
        "no available IPs for the PVCs of ceph-OSDs on IPAddressPools",  # acronyms' plurals
        "-bash: /usr/local/bin/nvm: Permission denied\nsh: 1: node: not found",  # the shell's label
        "Could not connect. See https://docs.example.com/tools/a.html#_page-crashed for help",  # a link
        "Error: open https://example.com/a/#invalid-json\u00a0or https://example.com/A#Page-Crashed",
    ]
    _agree_in_the_browser(tmp_path, queries, page)


def test_a_heading_written_in_quotes_typed_without_them_is_looked_up_in_the_browser_too(
    tmp_path: Path, cache_dir: Path
) -> None:
    """A topic whose title holds the paste's words and whose answer quotes it does not outrank the entry
    whose heading is the message, written in quotes (Open WebUI's ``### "Required environment variable not
    found"``): typed without them, it is that heading, in Python and the browser alike."""
    need_node()
    page = (
        "# Migration\n\n## Set required environment variables\n\nCommands fail with `Required environment variable"
        " not found` if `SECRET_KEY` is missing. Export the environment variables first.\n\n"
        '## "Required environment variable not found"\n\nExport SECRET_KEY.\n'
    )
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "migration.md").write_text(page, "utf-8")
    python = _agree_in_the_browser(
        tmp_path, ["Required environment variable not found", "`Required environment variable not found`"]
    )
    for run in python:
        first = [*run["result"]["matches"], *run["result"]["suggestions"]][0]
        assert first["title"] == '"Required environment variable not found"', run["result"]


def test_a_heading_typed_with_its_emphasis_is_looked_up_alike_in_the_browser(tmp_path: Path, cache_dir: Path) -> None:
    """``## The _subject_ part of the template`` renders as its words; typed either way, it is the heading."""
    page = "## The _subject_ part of the template\n\nSubject text.\n\n## The body of the template\n\nBody text.\n"
    python = _agree_in_the_browser(
        tmp_path, ["The _subject_ part of the template", "the **subject** part of the template"], page
    )
    for run in python:
        assert [(m["title"], m["score"] >= 0.5) for m in run["result"]["matches"][:1]] == [
            ("The subject part of the template", True)
        ]

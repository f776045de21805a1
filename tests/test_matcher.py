"""The matcher on the bundled FAQ: headings, the issue's examples, refusals and the library API."""

import json

import pytest
from conftest import CONTENT

from kb import load_entries
from matcher import Match, analyze, match

X509 = "Unable to connect to the server: x509: certificate is valid for 10.10.1.2, 10.43.0.1, 127.0.0.1, 192.168.1.10, not 123.123.123.123"
ORPHANED = "orphaned pod found, but error not a directory occurred when trying to remove the volumes dir"
TWINS = [
    {
        "didn't have free ports for the requested pod ports",
        "1 node(s) didn't have free ports for the requested pod ports.",
    },
    {"node(s) had volume node affinity conflict", "1 node(s) had volume node affinity conflict"},
]

ENTRIES, _ = load_entries(CONTENT)  # parsed, not indexed: collecting tests writes no cache


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.id for e in ENTRIES])
def test_every_heading_typed_as_written_is_answered_confidently_by_its_own_entry(entry) -> None:  # type: ignore[no-untyped-def]
    twins = next((t for t in TWINS if entry.title in t), {entry.title})
    for typed in (entry.title, entry.title.lower()):
        result = analyze(typed, CONTENT)
        assert result.matches, typed
        assert result.matches[0].entry.title in twins


def test_x509_paste_with_other_addresses() -> None:
    found = match(
        "Unable to connect to the server: x509: certificate is valid for 10.0.0.1, 10.96.0.1, not 34.12.56.78"
    )
    assert found[0].entry.title == X509
    assert 0 < found[0].score <= 1
    assert found[0].params == (("valid for", ("10.0.0.1", "10.96.0.1")), ("not", ("34.12.56.78",)))


def test_klog_orphaned_pod_line() -> None:
    paste = (
        'E1127 10:22:33.123456    4242 kubelet_volumes.go:154] orphaned pod "0c4e3d2a-1b2c-4d5e-8f90-123456789abc" '
        "found, but error not a directory occurred when trying to remove the volumes dir"
    )
    found = match(paste)
    assert found[0].entry.title == ORPHANED
    assert found[0].explanation.normalized == (
        "orphaned pod <uuid> found, but error not a directory occurred when trying to remove the volumes dir"
    )


def test_the_bundled_faq_gives_every_heading_test_an_entry() -> None:
    assert len(ENTRIES) >= 50


def test_unrelated_text_is_refused() -> None:
    result = analyze("the quick brown fox jumps over the lazy dog")
    assert result.matches == ()


def test_match_returns_typed_match_objects() -> None:
    found = match('orphaned pod "abc" found, but error not a directory occurred when trying to remove the volumes dir')
    assert isinstance(found[0], Match)
    assert str(found[0]).startswith(f"{ORPHANED} — match ")
    assert found[0].entry.source == "content/k8s-faq.md" and found[0].entry.line == 496


def test_scores_are_probabilities_and_sorted() -> None:
    result = analyze(
        "0/10 nodes are available: 3 node(s) had volume node affinity conflict, 7 node(s) didn't match Pod's node affinity/selector."
    )
    scores = [m.score for m in (*result.matches, *result.suggestions)]
    assert len(result.matches) >= 2  # something to check
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert [m.score for m in result.matches] == sorted((m.score for m in result.matches), reverse=True)


def test_library_accepts_a_path_to_other_content(tmp_path, cache_dir) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "faq.md").write_text("## redis: connection refused on port 6379\n\nStart redis.\n", "utf-8")
    found = match("Error: redis: connection refused on port 6380", tmp_path)
    assert [m.entry.title for m in found] == ["redis: connection refused on port 6379"]


def test_a_compact_json_dump_is_answered_from_its_last_item() -> None:
    items = [{"type": "Normal", "reason": "Started", "message": f"Started container web-{i}"} for i in range(3000)]
    items.append({"type": "Warning", "message": ORPHANED.replace("pod", 'pod "0c4e3d2a"', 1)})
    paste = json.dumps({"items": items})  # one line of 15,000 pieces
    assert [m.entry.title for m in match(paste)][:1] == [ORPHANED]


def test_json_log_lines_are_answered_like_the_text_they_hold() -> None:
    docker = json.dumps({"log": f"E1130 10:22:33.123456 4242 kubelet_volumes.go:154] {ORPHANED}\n", "stream": "stderr"})
    assert [m.entry.title for m in match(docker)][:1] == [ORPHANED]


def test_an_entry_is_weighed_on_the_stronger_of_its_stated_and_quoted_errors(tmp_path, cache_dir) -> None:  # type: ignore[no-untyped-def]
    """A page titled by its error that also quotes it: the paste of the quoted output is scored
    on whichever case is stronger, the heading it states or the quote, not on the quote alone
    because it holds more of the paste's words."""
    from kb import open_kb
    from matcher.features import candidate_features, explained
    from matcher.matcher import Matcher

    (tmp_path / "ssh.md").write_text(
        "# Error: Agent admitted failure to sign\n\nLinux only.\n\n```shell\n$ ssh -vT git@github.com\n"
        "> Agent admitted failure to sign using the key.\n> Permission denied (publickey).\n```\n\n"
        "# Error: Unknown key type\n\nUpgrade the client.\n",
        "utf-8",
    )
    paste = "Agent admitted failure to sign using the key."
    with open_kb(tmp_path) as kb:
        m = Matcher(kb)
        stages = m.stages(paste)
        (view,) = stages.views
        best = next(s for s in stages.scored if s.entry.title == "Error: Agent admitted failure to sign")
        p, bm25 = next((p, b) for p, b in stages.candidates if p.entry == best.entry)
        cases = candidate_features(view, p, m.weights, explained(view.content, p, m.weights)[0], bm25)
        assert {t.origin for _, t in cases if t is not None} == {"heading", "body"}
        assert best.score == max(m.calibration.probability(f) for f, _ in cases)
        assert m.match(paste)[0].entry.title == "Error: Agent admitted failure to sign"


def test_an_error_text_several_candidates_quote_counts_as_shared(tmp_path, cache_dir) -> None:  # type: ignore[no-untyped-def]
    """git prints ``fatal: Could not read from remote repository.`` under every failure; where
    several entries quote it, matching it tells them apart no more than any other words do."""
    from kb import open_kb
    from matcher.features import shared_texts
    from matcher.matcher import Matcher

    trailer = "```\nfatal: Could not read from remote repository.\n```\n"
    (tmp_path / "git.md").write_text(
        "## Broken pipe on git push\n\n```\nWrite failed: Broken pipe\n```\n\n" + trailer + "\n"
        "## Error: Host key verification failed\n\n" + trailer + "\n## Unrelated\n\nNothing.\n",
        "utf-8",
    )
    paste = "Write failed: Broken pipe\nfatal: Could not read from remote repository."
    with open_kb(tmp_path) as kb:
        m = Matcher(kb)
        stages = m.stages(paste)
        assert shared_texts(p for p, _ in stages.candidates) == {"fatal: could not read from remote repository."}
        shared = {s.entry.title: s.features.shared for s in stages.scored}
        assert shared["Error: Host key verification failed"] == 1.0
        assert (
            shared["Broken pipe on git push"] == 0.0
        )  # its own quote, Write failed: Broken pipe, is the stronger case


def test_versioned_copies_of_one_page_do_not_share_their_error_text(tmp_path, cache_dir) -> None:  # type: ignore[no-untyped-def]
    """A docs tree keeping each version of a page (``docs/master``, ``docs/v1.20``) states its
    problem once per copy, headings differing in letter case at most: the text only those copies
    quote still tells the problem apart, as it does with one copy."""
    from kb import open_kb
    from matcher.matcher import Matcher

    section = "## {}\n\nIf you get `the server could not find the requested resource` error, update the plugin.\n"
    for version, heading in (("master", "Plugin out of date"), ("v1.20", "Plugin Out Of  Date")):
        (tmp_path / version).mkdir()
        (tmp_path / version / "troubleshoot.md").write_text(
            section.format(heading) + "\n## Providers\n\nProvider pods log to stdout.\n", "utf-8"
        )
    (tmp_path / "other.md").write_text(section.format("Wrong API version"), "utf-8")
    paste = "kubectl crossplane: error: the server could not find the requested resource"

    def shared() -> dict[str, float]:
        with open_kb(tmp_path) as kb:
            return {s.entry.page: s.features.shared for s in Matcher(kb).stages(paste).scored}

    assert shared() == {"master/troubleshoot.md": 1.0, "v1.20/troubleshoot.md": 1.0, "other.md": 1.0}
    (tmp_path / "other.md").unlink()  # only the copies of one problem quote it now
    assert shared() == {"master/troubleshoot.md": 0.0, "v1.20/troubleshoot.md": 0.0}


def _versions(root, pages: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    for name, text in pages.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, "utf-8")


COPY = (
    "## {}\n\nThe Crossplane CLI is older than the cluster's API: update it with `crossplane xpkg install`,"
    " then install the provider again.\n\n```\nthe server could not find the requested resource\n```\n"
)


def test_copies_of_an_entry_in_other_versions_of_its_page_are_listed_once(tmp_path, cache_dir) -> None:  # type: ignore[no-untyped-def]
    """Docusaurus keeps ``versioned_docs/version-1.0/x.md`` beside ``docs/x.md``: one problem,
    listed once, its other versions named with it; a page of another name, or an answer rewritten,
    is another entry."""
    from kb import open_kb
    from matcher.matcher import Matcher

    _versions(
        tmp_path,
        {
            "docs/troubleshooting.md": COPY.format("Requested resource not found"),
            "versioned_docs/version-1.0/troubleshooting.md": COPY.format("Requested Resource  Not Found"),
            "versioned_docs/version-0.9/troubleshooting.md": COPY.format("Requested resource not found"),
            "versioned_docs/version-0.8/troubleshooting.md": "## Requested resource not found\n\nRestart the "
            "API server and wait.\n\n```\nthe server could not find the requested resource\n```\n",
            "guides/install.md": COPY.format("Requested resource not found"),
        },
    )
    with open_kb(tmp_path) as kb:
        result = Matcher(kb).analyze("error: the server could not find the requested resource", limit=5)
    listed = {m.entry.page: [c.page for c in m.copies] for m in (*result.matches, *result.suggestions)}
    assert listed == {
        "docs/troubleshooting.md": [
            "versioned_docs/version-0.9/troubleshooting.md",
            "versioned_docs/version-1.0/troubleshooting.md",
        ],
        "versioned_docs/version-0.8/troubleshooting.md": [],  # its answer was rewritten
        "guides/install.md": [],  # another page
    }


def test_copies_do_not_crowd_the_entry_a_paste_is_about_out_of_the_candidates(tmp_path, cache_dir) -> None:  # type: ignore[no-untyped-def]
    """Eight versions of a page whose three other sections say the paste's words more often: the
    entry it is about is still scored, and listed once with its seven copies."""
    from kb import open_kb
    from matcher.matcher import Matcher
    from matcher.retrieval import candidate_count

    crowd = "".join(
        f"## Gateway notes {n}\n\nThe upstream upstream gateway gateway proxy proxy timed out {n}.\n\n"
        for n in range(3)
    )
    page = crowd + "## Gateway timeout\n\n```\nupstream gateway proxy timed out after 30s\n```\n\nRaise the timeout.\n"
    for version in range(8):
        _versions(tmp_path, {f"v{version}/gateway.md": page})
    with open_kb(tmp_path) as kb:
        assert candidate_count(len(kb)) < 3 * 8  # the copies of the three fill the candidates
        result = Matcher(kb).analyze("upstream gateway proxy timed out after 45s", limit=5)
    first = [*result.matches, *result.suggestions][0]
    assert (first.entry.title, first.entry.page, len(first.copies)) == ("Gateway timeout", "v0/gateway.md", 7)


def test_only_answered_copies_under_the_same_titles_are_one_problem(tmp_path, cache_dir) -> None:  # type: ignore[no-untyped-def]
    """An empty section (a known error, no answer yet) never stands for its answered version; one
    heading on each ``_index.md`` of a Hugo site, under other page titles, is one problem per
    page; and their common error text counts as shared, as two pages of other names quoting it."""
    from kb import open_kb
    from matcher.features import shared_texts
    from matcher.matcher import Matcher

    error = "## Error: EACCES: permission denied, mkdir '/usr/lib/node_modules'\n\n"
    denied = "## Error: failed to read state: AccessDenied: Access Denied\n\nGrant `{}` to the account.\n"
    _versions(
        tmp_path,
        {
            "docs/faq.md": "# FAQ\n\n" + error,
            "versioned_docs/version-1.0/faq.md": "# FAQ\n\n" + error + "Do not use sudo.\n",
            "content/aws/_index.md": "# AWS provider\n\n" + denied.format("storage.admin"),
            "content/gcp/_index.md": "# GCP provider\n\n" + denied.format("storage.admin"),
        },
    )
    with open_kb(tmp_path) as kb:
        m = Matcher(kb)
        result = m.analyze("Error: EACCES: permission denied, mkdir '/usr/lib/node_modules'")
        listed = {(x.entry.page, x.entry.unanswered, len(x.copies)) for x in (*result.matches, *result.suggestions)}
        assert {("docs/faq.md", True, 0), ("versioned_docs/version-1.0/faq.md", False, 0)} <= listed
        stages = m.stages("Error: failed to read state: AccessDenied: Access Denied, status code: 403")
        assert {s.entry.page for _, s in stages.ranked} >= {"content/aws/_index.md", "content/gcp/_index.md"}
        assert "failed to read state: accessdenied: access denied" in shared_texts(p for p, _ in stages.candidates)


def test_a_tree_of_copies_weighs_words_as_one_copy_does(tmp_path, cache_dir) -> None:  # type: ignore[no-untyped-def]
    """Four versions of a page: each word is held by four entries of four times as many, and a word
    held by one problem weighs what it weighs with one copy (before: about 30% less, so every
    match looked weaker than on the page kept once)."""
    from kb import open_kb
    from matcher.matcher import Matcher

    page = (
        "# Troubleshooting\n\n## Watchman crawl failed\n\n```\njest-haste-map: Watchman crawl failed. Retrying"
        " once with node crawler.\n```\n\nRun `watchman watch-del-all`.\n\n## Tests time out\n\nRaise the timeout.\n"
    )
    _versions(tmp_path / "one", {"docs/Troubleshooting.md": page})
    _versions(tmp_path / "four", {f"versioned_docs/version-{n}/Troubleshooting.md": page for n in range(4)})
    words = ["watchman", "crawl", "timeout", "failed", "jest-haste-map", "<path>"]
    with open_kb(tmp_path / "one") as one, open_kb(tmp_path / "four") as four:
        assert (len(four), four.problem_count()) == (8, 2)
        w1, w4 = Matcher(one).weights, Matcher(four).weights
        assert [w4(t) for t in words] == [w1(t) for t in words] and w4.unit == w1.unit


def test_only_copies_count_once_in_the_weights_of_a_mixed_tree(tmp_path, cache_dir) -> None:  # type: ignore[no-untyped-def]
    """Forty notes beside a page kept in eight versions: a word of one note and a word of the kept
    page weigh what they weigh with the page kept once; two sections of one page under one heading
    are two problems."""
    from kb import open_kb
    from matcher.matcher import Matcher

    notes = {f"notes/n{n}.md": f"# Note {n}\n\n## Problem {n}\n\nFix{n} it.\n" for n in range(40)}
    page = "# FAQ\n\n## Usage\n\nRun `tool serve`.\n\n## Usage\n\nOr `tool watch`.\n\n## Crash\n\nUpgrade zorp.\n"
    _versions(tmp_path / "once", {**notes, "docs/faq.md": page})
    _versions(tmp_path / "eight", {**notes, **{f"v{n}/faq.md": page for n in range(8)}})
    with open_kb(tmp_path / "once") as once, open_kb(tmp_path / "eight") as eight:
        assert (len(once), once.problem_count()) == (43, 43)  # the two Usage sections are two problems
        assert (len(eight), eight.problem_count()) == (64, 43)
        w1, w8 = Matcher(once).weights, Matcher(eight).weights
        words = ["fix7", "zorp", "serve", "watch", "usage", "problem"]
        assert [w8(t) for t in words] == [w1(t) for t in words] and w8.unit == w1.unit

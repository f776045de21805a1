"""Entries and vocabularies survive the index's stored form unchanged, field for field."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from conftest import CONTENT, DATA
from hypothesis import given, settings
from hypothesis import strategies as st

from kb import Entry, load_entries, open_kb
from kb.model import CodeBlock
from kb.parse import parse_markdown
from kb.stored import entry_from_stored, entry_to_stored, vocabulary_from_stored, vocabulary_to_stored
from kb.vocabulary import Vocabulary, vocabulary

FIXTURE = """---
tags: [networking, "dns 解析"]
---

## dial tcp 10.0.0.1:443: connect: connection refused {#refused}

The API server is down. Check it:

```bash title="on the node"
crictl ps -a | grep kube-apiserver
echo "quotes ' and \\\\ backslashes"
```

```
no language, no title
```

See [the docs](https://kubernetes.io/docs/) and https://example.com/a?b=1&c=%22d%22.
"""

ROOTS = [CONTENT, DATA / "docusaurus.md", *sorted(p for p in (DATA / "kbs").iterdir() if p.is_dir())]


def every_entry() -> list[Entry]:
    entries, _ = parse_markdown(FIXTURE, "notes/fixture.md", "fixture.md")
    for root in ROOTS:
        entries += load_entries(root)[0]
    return entries


ENTRIES = every_entry()


def test_the_fixture_entry_has_code_blocks_links_and_tags() -> None:
    fixture = ENTRIES[0]
    assert (fixture.id, fixture.kind, fixture.tags) == ("refused", "error", ("networking", "dns 解析"))
    assert [(c.language, c.title) for c in fixture.code] == [("bash", "on the node"), ("", "")]
    assert [link.url for link in fixture.links] == [
        "https://kubernetes.io/docs/",
        "https://example.com/a?b=1&c=%22d%22",
    ]


def test_every_field_of_an_entry_is_exercised() -> None:
    """Each field differs from its default in some entry below, so a field the stored form
    forgets fails the round trip (add an entry that sets it if this fails)."""
    for f in dataclasses.fields(Entry):
        default = None if f.default is dataclasses.MISSING else f.default
        assert any(getattr(e, f.name) != default for e in ENTRIES), f.name


def test_every_entry_round_trips_through_plain_data() -> None:
    assert len(ENTRIES) > 150
    for e in ENTRIES:
        stored = entry_to_stored(e)
        assert entry_from_stored(stored) == e
        assert entry_from_stored(json.loads(json.dumps(stored))) == e  # nothing but lists, strings, numbers


def test_code_is_kept_once_where_the_answer_holds_it() -> None:
    fixture = ENTRIES[0]
    stored = entry_to_stored(fixture)
    assert stored["code"] == [["bash", "on the node", 9, 63, 133], ["", "", 14, 142, 164]]
    assert "crictl" not in json.dumps(stored["code"])
    assert entry_from_stored(stored) == fixture


def test_code_the_answer_does_not_hold_is_kept_as_text() -> None:
    e = Entry(
        id="x",
        title="t",
        kind="topic",
        body="see below\nls -l\n",
        source="f.md",
        line=1,
        code=(CodeBlock("sh", "", "ls -l", 3), CodeBlock("", "", "not in the body", 9), CodeBlock("", "", "ls -l", 12)),
    )
    stored = entry_to_stored(e)
    assert stored["code"] == [["sh", "", 3, 10, 15], ["", "", "not in the body", 9], ["", "", "ls -l", 12]]
    assert entry_from_stored(stored) == e


def test_every_vocabulary_round_trips() -> None:
    for e in ENTRIES:
        v = vocabulary(e)
        assert vocabulary_from_stored(vocabulary_to_stored(v)) == v
    assert vocabulary_from_stored(vocabulary_to_stored(Vocabulary(frozenset(), frozenset(), 0))) == Vocabulary(
        frozenset(), frozenset(), 0
    )


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.text(max_size=200), st.text(max_size=200))
def test_any_text_s_vocabulary_round_trips(title: str, body: str) -> None:
    v = vocabulary(Entry(id="x", title=title, kind="topic", body=body, source="f.md", line=1))
    assert vocabulary_from_stored(vocabulary_to_stored(v)) == v


@pytest.mark.parametrize("root", [CONTENT, DATA / "docusaurus.md", DATA / "kbs" / "podman"], ids=lambda p: p.name)
def test_an_index_gives_back_the_entries_and_vocabularies_it_was_given(root: Path, cache_dir: Path) -> None:
    parsed = sorted(load_entries(root)[0], key=lambda e: (e.page, e.line))
    with open_kb(root) as kb:
        assert list(kb.entries()) == parsed
        for docnum in range(kb.slots):
            entry, stored_vocabulary = kb.document(docnum)
            assert stored_vocabulary == vocabulary(entry)

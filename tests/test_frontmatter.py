"""Front matter is real YAML, loaded safely (issue 11, item 5): any valid YAML gives its tags;
invalid YAML is one problem naming the file and the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb import load_entries
from kb.frontmatter import FrontMatterError, read_tags


@pytest.mark.parametrize(
    ("front_matter", "tags"),
    [
        ("tags:\n- Dev\n- Ops\n", ("Dev", "Ops")),  # a block list at the key's own indent
        ("tags:\n  - Dev\n  - Ops\n", ("Dev", "Ops")),
        ("tags: [Dev, 'Ops', \"K8s\"]\n", ("Dev", "Ops", "K8s")),
        ("tags: k8s\n", ("k8s",)),
        ("tags: k8s, network ,dns\n", ("k8s", "network", "dns")),
        ("tags: [1.28, 2024]\n", ("1.28", "2024")),
        ("tags:\n  - label: Demo\n    permalink: /demo\n", ("Demo",)),  # Docusaurus tag objects
        ("tags: [a, a, b]\n", ("a", "b")),
        ("title: |\n  Multi\n  line\nsidebar:\n  order: 3\ntags: [x]  # a comment\n", ("x",)),
        ("title: no tags\n", ()),
        ("tags:\n", ()),
        ("", ()),
        ("# only a comment\n", ()),
    ],
)
def test_any_valid_yaml_gives_its_tags(front_matter: str, tags: tuple[str, ...]) -> None:
    assert read_tags(front_matter) == tags


@pytest.mark.parametrize(
    ("front_matter", "line", "message"),
    [
        ("tags: [a\n  what is this\n", 0, "did not find expected ',' or ']' (while parsing a flow sequence)"),
        ("title: ok\ntitle2 broken\nnext: 1: 2\n", 1, "could not find expected ':' (while scanning a simple key)"),
        ('title: "unterminated\n', 0, "found unexpected end of stream (while scanning a quoted scalar)"),
    ],
)
def test_invalid_yaml_names_its_line(front_matter: str, line: int, message: str) -> None:
    with pytest.raises(FrontMatterError) as e:
        read_tags(front_matter)
    assert (e.value.line, str(e.value)) == (line, f"front matter is not valid YAML: {message}")


def test_yaml_that_is_not_a_mapping_is_a_problem() -> None:
    with pytest.raises(FrontMatterError, match="front matter is a YAML list, not 'key: value' lines"):
        read_tags("- a\n- b\n")


def test_loading_is_safe_no_python_objects() -> None:
    with pytest.raises(FrontMatterError, match="could not determine a constructor"):
        read_tags("tags: !!python/object/apply:os.system ['echo pwned']\n")


def test_hostile_yaml_is_a_problem_not_a_crash() -> None:
    with pytest.raises(FrontMatterError):
        read_tags("tags: " + "[" * 100_000)
    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(12)
    )
    assert read_tags(laughs + "tags: [*m, ok]\n") == ("ok",)


def test_a_file_with_invalid_front_matter_is_one_problem_at_its_line(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text("---\ntags:\n- Dev\n- Ops\n---\n\n## redis timeout\n\nRestart.\n", "utf-8")
    (tmp_path / "bad.md").write_text("---\ntitle: x\ntags: [a\n---\n\n## disk full\n\nClean.\n", "utf-8")
    entries, problems = load_entries(tmp_path)
    tags = {e.title: e.tags for e in entries}
    assert tags == {"redis timeout": ("Dev", "Ops"), "disk full": ()}
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'bad.md'}:3: front matter is not valid YAML: did not find expected ',' or ']' "
        "(while parsing a flow sequence); front matter ignored"
    ]


def test_anchors_that_nest_a_list_in_itself_make_no_huge_message(tmp_path: Path) -> None:
    """A few hundred bytes of YAML anchors stand for billions of items: the problem names the value's
    kind, cut short, and no message (nor the cache that keeps it) grows with what the anchors expand to."""
    nest = '["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'
    for name in "abcdefg":
        nest = f"[&{name} {nest}, " + ", ".join([f"*{name}"] * 7) + "]"
    (tmp_path / "l.md").write_text(f"---\nkbfind:\n  aliases:\n    L: {nest}\n---\n\n## L\n")
    _, problems = load_entries(tmp_path)
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'l.md'}:1: front matter alias of 'L': a list is not an error text; ignored (and 7 more)"
    ]


def test_a_kbfind_section_of_another_shape_is_said_not_passed_over(tmp_path: Path) -> None:
    """Aliases written where kbfind does not read them would silently answer nothing: each is a problem
    (``kb lint`` lists it), and the aliases that are well written still count."""
    pages = {
        "a.md": "---\nkbfind: {aliases: 7}\n---\n\n## A\n\nx\n",
        "b.md": "---\nkbfind:\n  alias: {A: [x]}\n---\n\n## B\n\nx\n",
        "c.md": '---\nkbfind:\n  aliases:\n    C: [null, {a: 2}, "Error: disk quota exceeded", 404]\n---\n\n## C\n\nx\n',
        "d.toml.md": '+++\ntitle = "D"\nkbfind = 5\n+++\n\nx\n',
    }
    for name, text in pages.items():
        (tmp_path / name).write_text(text, "utf-8")
    entries, problems = load_entries(tmp_path)
    shape = "write kbfind: {aliases: {<entry id or heading>: [<error text>, …]}}"
    assert sorted(str(p) for p in problems) == [
        f"{tmp_path / 'a.md'}:1: front matter 'kbfind.aliases' is the number 7, not a mapping; {shape}",
        f"{tmp_path / 'b.md'}:1: front matter 'kbfind' has 'alias', which kbfind does not read; {shape}",
        f"{tmp_path / 'c.md'}:1: front matter alias of 'C': null is not an error text; ignored (and 1 more)",
        f"{tmp_path / 'd.toml.md'}:1: front matter 'kbfind' is the number 5, not a mapping; {shape}",
    ]
    aliases = {e.title: [t.text for t in e.templates if t.origin == "alias"] for e in entries}
    assert aliases["C"] == ["Error: disk quota exceeded", "404"]


def test_aliases_no_entry_reads_are_problems(tmp_path: Path) -> None:
    """An alias keyed by a heading that is not on the page, a comment above the first heading or one
    never closed answers nothing: each is a problem at its line (``kb lint`` lists it). A comment in a
    code block is shown, not read, and one after a page's front-matter title is that entry's."""
    pages = {
        "d.md": '---\nkbfind: {aliases: {disk-ful: ["quota exceeded"], disk-full: ["No space left"]}}\n---\n'
        "## Disk full\n\nx\n",
        "k.md": "<!-- kbfind-alias: thud failure -->\n## K\n\nx\n<!-- kbfind-alias: read -->\n\n"
        "```html\n<!-- kbfind-alias: shown -->\n```\n",
        "j.md": "## J\n\n<!-- kbfind-alias\nwibble failure\n",
        "t.md": "---\ntitle: Slow CI\n---\n<!-- kbfind-alias: runner timed out -->\n\nx\n",
        "doc.md": "Write `<!-- kbfind-alias: … -->` under a heading, or \\<!-- kbfind-alias: x --> as text.\n\n## Doc\n",
    }
    for name, text in pages.items():
        (tmp_path / name).write_text(text, "utf-8")
    entries, problems = load_entries(tmp_path)
    assert sorted(str(p) for p in problems) == [
        f"{tmp_path / 'd.md'}:2: front matter alias of 'disk-ful' names no entry of this page; key it by an"
        " entry's id or heading",
        f"{tmp_path / 'j.md'}:3: kbfind-alias comment never closed with -->; not read",
        f"{tmp_path / 'k.md'}:1: kbfind-alias comment under no entry's heading; not read (put it under the"
        " heading of the entry it names)",
    ]
    aliases = {e.title: [t.text for t in e.templates if t.origin == "alias"] for e in entries}
    assert aliases == {
        "Disk full": ["No space left"],
        "K": ["read"],
        "J": [],
        "Slow CI": ["runner timed out"],
        "Doc": [],
    }


def test_front_matter_never_closed_is_a_problem_and_a_rule_is_not(tmp_path: Path) -> None:
    """Its tags and aliases would be lost without a word; a page that opens with a rule, or closes its
    front matter with YAML's ``...``, is fine."""
    (tmp_path / "u.md").write_text("---\ntags: [a]\n## Heading U\n\ntext\n", "utf-8")
    (tmp_path / "rule.md").write_text("---\n\n## After a rule\n\ntext\n", "utf-8")
    (tmp_path / "note.md").write_text("---\nNote: this page is old.\n\n## Noted\n\ntext\n", "utf-8")
    (tmp_path / "dots.md").write_text("---\ntags: [b]\n...\n## Dots\n\ntext\n", "utf-8")
    entries, problems = load_entries(tmp_path)
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'u.md'}:1: front matter never closed with a line of ---; read as text"
    ]
    assert {e.title: e.tags for e in entries} == {"Heading U": (), "After a rule": (), "Dots": ("b",), "Noted": ()}

"""Building and updating the index: what decides a rebuild, and an update that equals a build."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

import kb
from kb import KnowledgeBase, load_entries, open_kb, terms
from kb.build import analysis
from kb.settings import CACHE_ENV
from kb.vocabulary import indexed_text

KB_PACKAGE = Path(kb.__file__).resolve().parent


def package_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "kb"
    shutil.copytree(KB_PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "content", "*.md"))
    return copy


def fresh_analysis(package: Path) -> str:
    return str(analysis.__wrapped__(package))  # not the cached value: the copy changes below


def test_the_analysis_is_of_the_code_wherever_it_lies(tmp_path: Path) -> None:
    copy = package_copy(tmp_path)
    assert fresh_analysis(copy) == fresh_analysis(KB_PACKAGE) == analysis.__wrapped__()  # kb's own by default


def test_the_analysis_changes_when_any_module_changes(tmp_path: Path) -> None:
    copy = package_copy(tmp_path)
    before = fresh_analysis(copy)
    modules = sorted(copy.rglob("*.py"))
    assert {"build.py", "parse.py", "terms.py", "analyzer.py", "stored.py"} <= {p.name for p in modules}
    for module in modules:
        original = module.read_bytes()
        module.write_bytes(original.replace(b"\n", b"\n ", 1) if b"\n" in original else original + b" ")
        assert fresh_analysis(copy) != before, module.name
        module.write_bytes(original)
    assert fresh_analysis(copy) == before
    (copy / "new_module.py").write_text("", "utf-8")
    added = fresh_analysis(copy)
    (copy / "new_module.py").rename(copy / "other_name.py")
    assert len({before, added, fresh_analysis(copy)}) == 3  # a module added, then renamed


def whoosh_terms(base: KnowledgeBase) -> set[str]:
    """Every term whoosh's lexicon holds, those of deleted documents included."""
    from whoosh import index

    assert base.home is not None
    reader = index.open_dir(str(base.home)).reader()
    try:
        return set(reader.field_terms("all"))
    finally:
        reader.close()


def test_term_statistics_after_an_update_equal_a_fresh_build(
    updated_kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "fresh"))
    with open_kb(updated_kb.root) as fresh:
        assert fresh.slots == len(fresh) == len(updated_kb) == 301 < updated_kb.slots == 402
        assert list(fresh.entries()) == list(updated_kb.entries())
        counts = [Counter(terms(indexed_text(e))) for e in load_entries(updated_kb.root)[0]]
        df: Counter[str] = Counter(t for c in counts for t in c)
        everything = whoosh_terms(updated_kb) | whoosh_terms(fresh) | set(df)
        assert {"oldword", "retired"} <= whoosh_terms(updated_kb) and df["oldword"] == 0  # deleted documents' terms
        assert {"inode", "newword"} <= set(df)
        for t in everything:  # as many entries as hold it, whether the index was updated or built
            assert (updated_kb.doc_frequency(t), fresh.doc_frequency(t)) == (df[t], df[t]), t
        average = sum(sum(c.values()) for c in counts) / len(counts)
        assert updated_kb.average_length() == fresh.average_length() == pytest.approx(average, rel=1e-12)


def test_a_folder_may_be_given_as_a_string(cache_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "faq.md").write_text("## disk full\n\nDelete old images.\n", "utf-8")
    with open_kb(str(tmp_path)) as opened:
        assert [e.title for e in opened.entries()] == ["disk full"]


def stored_columns(opened: KnowledgeBase) -> list[object]:
    from whoosh.codec.whoosh3 import STORED_COLUMN

    return [leaf._perdoc._cached_reader("_stored", STORED_COLUMN)._child for leaf, _ in opened._reader.leaf_readers()]


def test_every_segment_keeps_where_its_documents_start(
    updated_kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without the offsets, whoosh sums the lengths of all documents on a query's first read.
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "fresh"))
    with open_kb(updated_kb.root) as fresh:  # a build, and an update in place (two segments)
        columns = stored_columns(fresh) + stored_columns(updated_kb)
        assert len(columns) == 3
        assert all(c.had_stored_offsets for c in columns)  # type: ignore[attr-defined]
        assert [e.title for e in fresh.entries()] == [e.title for e in updated_kb.entries()]


def test_deleted_entries_are_found_without_testing_every_document(
    updated_kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Testing each of 100,000 documents cost 30 ms of every query after an update in place.
    from whoosh.reading import IndexReader, MultiReader, SegmentReader

    tested: list[int] = []
    for cls in (IndexReader, MultiReader, SegmentReader):
        real = cls.is_deleted
        monkeypatch.setattr(cls, "is_deleted", lambda self, d, real=real: tested.append(d) or real(self, d))
    with open_kb(updated_kb.root) as again:
        assert again.slots - len(again) == 101 and tested == []
        assert again._gone == updated_kb._gone and again._gone["oldword"] == 1


def test_term_lookups_in_a_segment_of_separate_files_are_positioned_reads(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Through whoosh's buffered file, each of a lookup's far-apart reads is a seek and an 8 KB read.
    import os

    import kb.indexing

    monkeypatch.setattr(kb.indexing, "_COMPOUND_BYTES", 0)  # a large tree's segments: not one compound file
    root = tmp_path / "notes"
    root.mkdir()
    (root / "a.md").write_text("## disk full\n\nRun `df -h`.\n\n## disk slow\n\nCheck iostat.\n", "utf-8")
    reads: list[int] = []
    pread = os.pread
    monkeypatch.setattr(os, "pread", lambda fd, n, at: reads.append(n) or pread(fd, n, at))
    with open_kb(root) as opened:
        assert not any(name.endswith(".seg") for name in os.listdir(opened.home))
        assert (opened.doc_frequency("~disk"), opened.doc_frequency("iostat"), opened.doc_frequency("nowhere")) == (
            2,
            1,
            0,
        )
    assert reads


def test_a_positioned_read_of_a_closed_file_fails_rather_than_reading_another(tmp_path: Path) -> None:
    from kb.rawread import _PositionedReads

    (tmp_path / "table").write_bytes(b"0123456789")
    with open(tmp_path / "table", "rb") as f:
        get = _PositionedReads(f)
        assert (get(3, 4), get(8, 5)) == (b"3456", b"89")
    with open(tmp_path / "other", "wb"), pytest.raises(ValueError, match="closed file"):  # may reuse its descriptor
        get(0, 4)


def test_every_entry_s_length_is_read_back_by_document_number(updated_kb: KnowledgeBase) -> None:
    # Two segments, the first with deleted entries: one block of bytes per segment, in order.
    from kb.vocabulary import vocabulary

    lengths = updated_kb.lengths()
    assert len(lengths) == updated_kb.slots == 402
    live = [d for d in range(updated_kb.slots) if not updated_kb._reader.is_deleted(d)]
    assert len(live) == 301
    assert [lengths[d] for d in live] == [vocabulary(updated_kb.document(d)[0]).length for d in live]
    assert min(lengths[d] for d in live) > 0


def test_lengths_read_one_at_a_time_when_the_column_is_not_whoosh_2_7_s(updated_kb: KnowledgeBase) -> None:
    from kb.rawread import numeric_column

    class Leaf:  # another whoosh: a column reader with only the public item access
        def __init__(self, leaf: object) -> None:
            self._leaf = leaf

        def doc_count_all(self) -> int:
            return int(self._leaf.doc_count_all())  # type: ignore[attr-defined]

        def column_reader(self, name: str, translate: bool) -> object:
            column = self._leaf.column_reader(name, translate=translate)  # type: ignore[attr-defined]
            return type("Public", (), {"__getitem__": lambda _, d: column[d]})()

    class Reader:
        def leaf_readers(self) -> list[tuple[Leaf, int]]:
            return [(Leaf(leaf), offset) for leaf, offset in updated_kb._reader.leaf_readers()]

    assert numeric_column(Reader(), "length") == updated_kb.lengths()

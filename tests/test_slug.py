from kb.slug import assign_ids, slugify, unique


def test_slugify_keeps_chinese_characters() -> None:
    assert slugify("Pod 时区") == "pod-时区"
    assert slugify("删除卡在 Terminating 状态的资源") == "删除卡在-terminating-状态的资源"
    assert slugify("操作系统要求 / Linux Kernel Requirement") == "操作系统要求-linux-kernel-requirement"


def test_slugify_drops_punctuation_like_python_markdown() -> None:
    assert (
        slugify("didn't have free ports for the requested pod ports")
        == "didnt-have-free-ports-for-the-requested-pod-ports"
    )
    assert slugify("1 node(s) had volume node affinity conflict") == "1-nodes-had-volume-node-affinity-conflict"
    assert slugify('failed to reserve container name "": name "" is reserved for') == (
        "failed-to-reserve-container-name-name-is-reserved-for"
    )


def test_unique_appends_deterministic_suffixes() -> None:
    taken: set[str] = set()
    assert [unique("a", taken) for _ in range(3)] == ["a", "a_1", "a_2"]
    assert unique("", taken) == "_1"


def test_explicit_ids_are_reserved_before_slugs() -> None:
    assert assign_ids([("Pod fieldRef", None), ("常用 fieldRef", "pod-fieldref")]) == ["pod-fieldref_1", "pod-fieldref"]
    assert assign_ids([("Same", None), ("Same", None), ("Same", None)]) == ["same", "same_1", "same_2"]


def test_slug_matches_python_markdown_toc() -> None:
    from markdown.extensions.toc import slugify_unicode

    for title in ["Pod 时区", "x509: certificate is valid for 10.0.0.1, not 1.2.3.4", "a -- b", "  spaced  "]:
        assert slugify(title) == slugify_unicode(title, "-")

from conftest import CONTENT

from kb import open_kb


def titles(query: str, limit: int = 10) -> list[str]:
    with open_kb(CONTENT) as kb:
        return [h.entry.title for h in kb.search(query, limit)]


def test_a_chinese_word_finds_entries_that_contain_it() -> None:
    found = titles("资源")
    assert {"资源限制", "预留资源", "资源"} <= set(found)


def test_keyword_search_in_both_languages() -> None:
    assert titles("时区")[0] == "Pod 时区"
    assert titles("Terminating")[0] == "删除卡在 Terminating 状态的资源"
    assert titles("x509")[0].startswith("Unable to connect to the server: x509")
    assert titles("timezone")[0] == "Pod 时区"


def test_search_for_unknown_words_finds_nothing() -> None:
    assert titles("zyxwvut") == []

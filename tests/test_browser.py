"""The site in a real browser (headless Debian chromium driven by Playwright): search in both
languages, the paste page (answers, parity with the CLI, markup kept inert), no outside requests."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from browsing import chromium, ready, recording_page, serve
from conftest import DATA, kbfind

from kb import Locations
from kbfind.payload import result_json
from matcher import analyze

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base_url(built_site: Path) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    with recording_page(browser) as p:
        yield p


def paste_page(page: Any, base_url: str) -> Any:
    return ready(page, base_url)


def search(page: Any, base_url: str, query: str) -> list[str]:
    """Type ``query`` into the site's search box; the hrefs of the results, decoded."""
    page.goto(base_url + "k8s-faq/")
    page.click("input.md-search__input")
    for _ in range(20):  # the search worker builds its index after the page loads: type again until it answers
        page.fill("input.md-search__input", query)
        page.keyboard.press("End")  # the search listens to key events, which fill() does not send
        try:
            page.wait_for_selector(".md-search-result__item", timeout=1_000)
            break
        except Exception:
            continue
    return [unquote(h) for h in page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.href)")]


@pytest.mark.parametrize(
    ("query", "anchor"),
    [
        ("时区", "#pod-时区"),
        ("Terminating", "#删除卡在-terminating-状态的资源"),
        ("x509", "#unable-to-connect-to-the-server-x509-certificate-is-valid-for"),
        ("资源", "#预留资源"),
    ],
)
def test_search_in_both_languages(page: Any, base_url: str, query: str, anchor: str) -> None:
    hrefs = search(page, base_url, query)
    assert any(anchor in h for h in hrefs), hrefs


def test_paste_page_answers_a_paste(page: Any, base_url: str) -> None:
    paste_page(page, base_url)
    page.fill(
        "#kb-paste",
        "Unable to connect to the server: x509: certificate is valid for 10.0.0.1, 10.96.0.1, not 34.12.56.78",
    )
    page.wait_for_selector("#kb-results li.kb-match")
    first = page.locator("#kb-results li").first
    assert first.get_attribute("data-entry-id").startswith("unable-to-connect-to-the-server-x509")
    assert float(first.get_attribute("data-score")) > 0.9
    assert "签发的证书不包含 IP" in first.locator(".kb-answer").inner_text()  # the answer's first lines
    assert "kubeadm init --apiserver-cert-extra-sans" in first.locator("pre.kb-code").first.inner_text()
    href = first.locator("a").get_attribute("href")
    assert unquote(href).startswith(base_url + "k8s-faq/#unable-to-connect")
    page.locator("#kb-results li a").first.click()
    page.wait_for_url("**/k8s-faq/**")
    assert page.evaluate("id => !!document.getElementById(decodeURIComponent(id))", page.url.split("#", 1)[1])


def test_paste_page_refuses_what_it_does_not_know(page: Any, base_url: str) -> None:
    paste_page(page, base_url)
    page.fill("#kb-paste", "the quick brown fox jumps over the lazy dog")
    page.wait_for_function("document.getElementById('kb-status').textContent.startsWith('No confident match')")
    assert page.locator("#kb-results li.kb-match").count() == 0


def test_paste_page_gives_what_the_cli_prints(page: Any, base_url: str) -> None:
    paste_page(page, base_url)
    cases = [json.loads(line) for line in (DATA / "dev-pastes.jsonl").read_text("utf-8").splitlines()]
    for case in cases:
        js = page.evaluate("q => window.kbfind.analyze(q)", case["query"])
        assert js == result_json(analyze(case["query"]), Locations("content", site=base_url)), case["query"]
    cli = kbfind("--json", "--kb", "content", "--site-url", base_url, cases[0]["query"])
    assert page.evaluate("q => window.kbfind.analyze(q)", cases[0]["query"]) == json.loads(cli.stdout)


def test_markup_in_a_paste_stays_text(page: Any, base_url: str) -> None:
    paste_page(page, base_url)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    hostile = (
        '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>\n'
        "Unable to connect to the server: x509: certificate is valid for 10.0.0.1, 10.96.0.1, not 1.2.3.4 "
        '<svg onload=alert(3)>\n<a href="javascript:alert(1)">x509</a>'
    )
    page.fill("#kb-paste", hostile)
    page.wait_for_selector("#kb-results li.kb-match")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None
    assert dialogs == []
    assert page.locator("#kb-results img, #kb-results script, #kb-results svg").count() == 0
    assert all(
        h.startswith(base_url) for h in page.eval_on_selector_all("#kb-results a", "els => els.map(e => e.href)")
    )
    assert page.input_value("#kb-paste") == hostile


def test_the_site_makes_no_request_outside_itself(page: Any, base_url: str) -> None:
    paste_page(page, base_url)
    page.fill("#kb-paste", "invalid capacity 0 on image filesystem")
    page.wait_for_selector("#kb-results li")
    search(page, base_url, "x509")
    page.goto(base_url + "about/")
    page.goto(base_url + "tags/")
    page.wait_for_load_state("networkidle")
    outside = [u for u in page.requests if not u.startswith((base_url, "data:", "blob:"))]
    assert page.requests and outside == []


def test_useful_pages(page: Any, base_url: str) -> None:
    page.goto(base_url + "k8s-faq/")
    assert page.locator('button[data-md-type="copy"]').count() == page.locator("div.highlight pre").count() > 10
    assert page.locator("form[data-md-component=palette] input").count() == 2  # light and dark
    edit = page.locator("a.md-content__button").first.get_attribute("href")
    assert edit == "https://github.com/wenerme/wener/edit/master/notes/devops/kubernetes/k8s-faq.md"
    page.goto(base_url + "k8s-faq/#pod-时区")
    assert page.evaluate("!!document.getElementById('pod-时区')")


@pytest.mark.parametrize("path", ["", "k8s-faq/"])
def test_readable_on_a_phone(browser: Any, base_url: str, path: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(base_url + path)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert overflow <= 1

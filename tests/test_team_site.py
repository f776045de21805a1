"""A team's own mkdocs-material site (tests/data/team-site: its home page, onboarding,
troubleshooting, a runbooks README) with kbfind added exactly as the README's "Add kbfind to your
MkDocs site" says: the team's pages stay, and the paste page answers as ``kbfind --json --kb docs``
does — served at the root, under a sub-path and from ``file://`` — with no request outside the site.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import pytest
import site_build
from browsing import chromium, ready, recording_page, serve
from conftest import DATA, kbfind
from site_build import ids_of, matcher_data

SECTION = "Add kbfind to your MkDocs site"
PULL = (
    'Error response from daemon: Get "https://registry.example.org/v2/": x509: certificate signed by unknown authority'
)
KLOG = (
    'E0512 10:00:01.123456    4242 remote_image.go:167] PullImage "registry.example.org/web:1.4.2" from image service '
    'failed: rpc error: code = Unknown desc = failed to pull and unpack image "registry.example.org/web:1.4.2": failed '
    'to resolve reference "registry.example.org/web:1.4.2": failed to do request: Head '
    '"https://registry.example.org/v2/web/manifests/1.4.2": x509: certificate signed by unknown authority'
)
WAL = (  # the "Error message" part of "Replica lags behind the primary", not its heading
    "FATAL: could not receive data from WAL stream: ERROR: requested WAL segment 0000000100000003000000AB has "
    "already been removed"
)
STARTING = "psql: FATAL: the replica cannot accept read-only connections yet"  # quoted in the same entry's answer
PASTES = [
    PULL,
    KLOG,
    WAL,
    STARTING,
    "psql: error: connection to server failed: dial tcp 10.20.3.7:5432: connect: connection refused",
    "FATAL:  the database system is in recovery mode",
    "the quick brown fox jumps over the lazy dog",
]


def readme_blocks(language: str) -> list[str]:
    return site_build.readme_blocks(SECTION, language)


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The team's folder, the plugin added to its ``mkdocs.yml`` as the README says, built with the
    README's command: the site is in ``site/``."""
    folder = tmp_path_factory.mktemp("team") / "handbook"
    shutil.copytree(DATA / "team-site", folder)
    config = folder / "mkdocs.yml"
    plugins = readme_blocks("yaml")[0]
    text, added = re.subn(r"(?m)^plugins:\n(?:  .*\n)+", plugins, config.read_text("utf-8"))
    assert added == 1
    config.write_text(text, "utf-8")
    command = shlex.split(readme_blocks("sh")[0])
    assert command == ["mkdocs", "build"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    build = subprocess.run(
        [sys.executable, "-m", *command], cwd=folder, capture_output=True, text=True, timeout=300, env=env
    )
    assert build.returncode == 0, build.stderr
    assert "WARNING" not in build.stderr, build.stderr
    return folder


def cli(team: Path, site_url: str, paste: str) -> dict[str, Any]:
    """What ``kbfind --json --kb docs --site-url <site_url>`` prints, run in the team's folder."""
    run = kbfind("--json", "--kb", "docs", "--site-url", site_url, paste, cwd=team)
    assert run.returncode in (0, 1), run.stderr
    out: dict[str, Any] = json.loads(run.stdout)
    return out


# -- the built site, as files ---------------------------------------------------------------------


def test_the_plugin_is_the_only_change_to_the_teams_config(team: Path) -> None:
    before = (DATA / "team-site" / "mkdocs.yml").read_text("utf-8").splitlines()
    after = (team / "mkdocs.yml").read_text("utf-8").splitlines()
    changed = [line for line in difflib.ndiff(before, after) if line[:2] in ("+ ", "- ")]
    assert changed == ["+   - kbfind"]


def test_the_teams_pages_stay_as_they_were(team: Path) -> None:
    site = team / "site"
    home = (site / "index.html").read_text("utf-8")
    assert "Welcome. Start with" in home and 'id="kb-paste"' not in home
    assert 'id="kb-paste"' in (site / "paste" / "index.html").read_text("utf-8")
    assert "Step-by-step procedures" in (site / "runbooks" / "index.html").read_text("utf-8")  # runbooks/README.md
    page = (site / "troubleshooting" / "index.html").read_text("utf-8")
    assert 'href="https://git.example.org/platform/handbook/-/edit/main/docs/troubleshooting.md"' in page
    assert "error-pods-not-found" in ids_of(site / "troubleshooting" / "index.html")
    search = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    assert "cjk" not in search["config"]["fields"]  # no Chinese or Japanese text: the index as MkDocs made it


def test_every_answer_links_to_the_section_the_site_renders(team: Path) -> None:
    data = matcher_data(team / "site")
    assert {"docs/onboarding.md", "docs/troubleshooting.md", "docs/runbooks/database.md"} <= {
        e["source"] for e in data["entries"]
    }  # every page of docs_dir is in the knowledge base
    assert "troubleshooting/#error-pods-not-found" in [e["path"] for e in data["entries"]]
    for e in data["entries"]:
        page, _, anchor = e["path"].partition("#")
        assert anchor in ids_of(team / "site" / page / "index.html"), e["path"]


def test_the_readme_command_answers_from_the_terminal(team: Path) -> None:
    (line,) = (b for b in readme_blocks("sh") if b.startswith("kbfind "))
    words = shlex.split(line)
    run = kbfind(*words[1:], cwd=team)
    assert run.returncode == 0, run.stderr
    assert "https://example.org/docs/troubleshooting/#x509-certificate-signed-by-unknown-authority" in run.stdout


# -- in the browser -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seen() -> list[str]:
    return []


@pytest.fixture(scope="module")
def base_url(team: Path, seen: list[str]) -> Iterator[str]:
    with serve(team / "site", seen=seen) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    with recording_page(browser) as p:
        yield p


@pytest.mark.browser
def test_the_paste_page_shows_the_answer(page: Any, base_url: str) -> None:
    ready(page, base_url + "paste/")
    page.fill("#kb-paste", PULL)
    first = page.locator("#kb-results li.kb-match").first
    first.wait_for()
    assert first.locator("a").inner_text() == "x509: certificate signed by unknown authority"
    assert "The registry uses the company CA" in first.locator(".kb-answer").inner_text()
    assert "update-ca-certificates" in first.locator("pre.kb-code").inner_text()
    first.locator("a").click()
    page.wait_for_url("**/troubleshooting/#x509-certificate-signed-by-unknown-authority")
    assert page.evaluate("!!document.getElementById('x509-certificate-signed-by-unknown-authority')")


@pytest.mark.browser
def test_the_page_says_which_error_text_matched(page: Any, base_url: str, team: Path) -> None:
    ready(page, base_url + "paste/")
    page.fill("#kb-paste", WAL)
    first = page.locator("#kb-results li").first
    first.wait_for()
    assert first.locator("a").inner_text() == "Replica lags behind the primary"
    assert first.locator(".kb-where").inner_text() == (
        "docs/runbooks/database.md:12 · matched the error message at line 19"
    )
    # its first lines are the answer's, not its parts' headings: the fix is in sight
    assert "Error message" not in first.locator(".kb-answer").inner_text()
    assert "Rebuild the replica from a fresh base backup" in first.locator(".kb-answer").inner_text()
    assert cli(team, base_url, WAL)["matches"][0]["matched"] == {
        "line": 1,
        "text": WAL.removeprefix("FATAL: "),
        "origin": "message",
        "origin_line": 19,
    }
    page.fill("#kb-paste", STARTING)
    page.wait_for_function("() => document.querySelector('#kb-results li .kb-where')?.innerText.includes('line 25')")
    assert page.locator("#kb-results li .kb-where").first.inner_text() == (
        "docs/runbooks/database.md:12 · matched the error quoted at line 25"
    )


@pytest.mark.browser
def test_analyze_gives_what_the_cli_prints(page: Any, base_url: str, team: Path) -> None:
    ready(page, base_url + "paste/")
    for paste in PASTES:
        assert page.evaluate("q => window.kbfind.analyze(q)", paste) == cli(team, base_url, paste), paste


@pytest.mark.browser
def test_a_paste_in_the_fragment_is_answered_and_never_sent(page: Any, base_url: str, seen: list[str]) -> None:
    ready(page, base_url + "paste/#q=" + quote(PULL))
    page.wait_for_selector("#kb-results li.kb-match")
    assert page.input_value("#kb-paste") == PULL
    assert not [path for path in seen if "x509" in unquote(path) or "registry" in unquote(path)]


@pytest.mark.browser
def test_a_fragment_paste_keeps_its_plus_and_ampersand(page: Any, base_url: str) -> None:
    """``#q=`` is followed by the paste, percent-decoded only: ``g++`` and ``a & b`` are the error's."""
    for typed, read in (("g++: error: a & b failed", "g++: error: a & b failed"), (quote("50% & +"), "50% & +")):
        page.goto("about:blank")
        ready(page, base_url + "paste/#q=" + typed)
        assert page.input_value("#kb-paste") == read
    ready(page, base_url + "paste/#q=100%")  # a lone "%" is text
    assert page.input_value("#kb-paste") == "100%"
    page.goto("about:blank")  # and the rest of the paste is still decoded (a link typed by hand)
    ready(page, base_url + "paste/#q=Usage%20of%20EmptyDir%20exceeds%20the%20limit%20100%%20%E2%9C%97")
    assert page.input_value("#kb-paste") == "Usage of EmptyDir exceeds the limit 100% ✗"


@pytest.mark.browser
def test_after_back_the_results_answer_the_edited_paste_not_the_links(page: Any, base_url: str) -> None:
    """Opened from a ``#q=`` link and edited, the page answers the box: Back and a reload show the edit."""
    ready(page, base_url + "paste/#q=" + quote(PULL))
    page.wait_for_selector("#kb-results li.kb-match")
    first = "() => document.querySelector('#kb-results li a')?.textContent"
    pulled = page.evaluate(first)
    page.fill("#kb-paste", WAL)
    page.wait_for_function(f"({first})() !== {json.dumps(pulled)}")
    walled = page.evaluate(first)
    assert page.evaluate("location.hash") == ""  # the link's paste no longer says what the box holds
    page.locator("#kb-results li.kb-match a").first.click()
    page.wait_for_url(lambda url: "/paste/" not in url)
    page.go_back()
    page.wait_for_function(f"({first})() === {json.dumps(walled)}")
    assert page.input_value("#kb-paste") == WAL
    page.reload()
    page.wait_for_function(f"({first})() === {json.dumps(walled)}")
    assert page.input_value("#kb-paste") == WAL


@pytest.mark.browser
def test_analyze_checks_its_arguments_as_match_does(page: Any, base_url: str) -> None:
    ready(page, base_url + "paste/")
    call = "([q, n]) => { try { return window.kbfind.analyze(q, n).matches.length } catch (e) { return e.name + ': ' + e.message } }"
    assert page.evaluate(call, [PULL, 1]) == 1
    assert page.evaluate(call, [42, 5]) == "TypeError: paste must be a string, not number"
    assert page.evaluate(call, [PULL, 2.5]) == "TypeError: limit must be a whole number, not 2.5"
    assert page.evaluate(call, [PULL, 0]) == "RangeError: limit must be at least 1, not 0"
    assert page.evaluate(call, [PULL, -1]) == "RangeError: limit must be at least 1, not -1"


@pytest.mark.browser
def test_the_paste_survives_going_back_from_an_answer(page: Any, base_url: str) -> None:
    """Without the back/forward cache the browser restores a box's text, unless told not to."""
    ready(page, base_url + "paste/")
    page.fill("#kb-paste", PULL)
    page.locator("#kb-results li.kb-match a").first.click()
    page.wait_for_url("**/troubleshooting/**")
    page.go_back()
    page.wait_for_selector("#kb-results li.kb-match")
    assert page.input_value("#kb-paste") == PULL


@pytest.mark.browser
def test_nothing_outside_the_site_is_requested(page: Any, base_url: str) -> None:
    ready(page, base_url + "paste/")
    page.fill("#kb-paste", PASTES[1])
    page.wait_for_selector("#kb-results li")
    for path in ("", "troubleshooting/"):
        page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    outside = [u for u in page.requests if not u.startswith((base_url, "data:", "blob:"))]
    assert page.requests and outside == []


@pytest.mark.browser
def test_it_works_from_a_folder_on_disk(page: Any, team: Path) -> None:
    root = (team / "site").as_uri() + "/"
    ready(page, root + "paste/index.html")
    assert page.evaluate("q => window.kbfind.analyze(q)", PULL) == cli(team, root, PULL)
    page.fill("#kb-paste", PULL)
    link = page.locator("#kb-results li.kb-match a").first
    assert (
        link.get_attribute("href") == root + "troubleshooting/index.html#x509-certificate-signed-by-unknown-authority"
    )
    link.click()
    page.wait_for_url("**/troubleshooting/index.html#x509-*")
    assert page.evaluate("!!document.getElementById('x509-certificate-signed-by-unknown-authority')")
    assert [u for u in page.requests if not u.startswith(root)] == []
    page.goto(root + "paste/index.html")  # the pages it answers from open their page, not a folder listing
    ready(page, root + "paste/index.html")
    hrefs = page.eval_on_selector_all(".kb-pages a", "els => els.map(e => e.href)")
    assert hrefs and all(h.startswith(root) and h.endswith(".html") for h in hrefs), hrefs


@pytest.mark.browser
def test_it_works_under_a_sub_path(browser: Any, team: Path) -> None:
    with serve(team / "site", prefix="/docs/") as base, recording_page(browser) as page:
        ready(page, base + "paste/")
        assert page.evaluate("q => window.kbfind.analyze(q)", PULL) == cli(team, base, PULL)
        page.fill("#kb-paste", PULL)
        link = page.locator("#kb-results li.kb-match a").first
        assert link.get_attribute("href") == base + "troubleshooting/#x509-certificate-signed-by-unknown-authority"
        link.click()
        page.wait_for_url(base + "troubleshooting/#x509-certificate-signed-by-unknown-authority")
        assert [u for u in page.requests if not u.startswith(base)] == []


@pytest.mark.browser
def test_it_starts_after_an_instant_navigation(browser: Any, team: Path, tmp_path: Path) -> None:
    # mkdocs-material's navigation.instant swaps pages in place and inserts their scripts again,
    # to run in any order: the paste page must wait for its matcher and data, each time it is shown.
    folder = tmp_path / "handbook"
    shutil.copytree(team, folder, ignore=shutil.ignore_patterns("site"))
    config = folder / "mkdocs.yml"
    text = config.read_text("utf-8").replace(
        "    - content.code.copy\n", "    - content.code.copy\n    - navigation.instant\n"
    )
    with serve(folder / "site") as base, recording_page(browser) as page:
        config.write_text(re.sub(r"(?m)^site_url: .*$", f"site_url: {base}", text), "utf-8")
        build = site_build.run_mkdocs(config, folder / "site")
        assert build.returncode == 0, build.stderr
        page.goto(base)
        for _ in range(4):
            page.evaluate("delete document.documentElement.dataset.kbReady")
            page.evaluate("url => location$.next(new URL(url))", base + "paste/")  # material's instant navigation
            page.wait_for_selector('html[data-kb-ready="true"]', timeout=20_000)
            assert page.locator("#kb-status").inner_text() == "Paste an error above."
            assert page.evaluate("q => window.kbfind.analyze(q)", PULL) == cli(team, base, PULL)
            page.evaluate("url => location$.next(new URL(url))", base)
            page.wait_for_selector("#kb-paste", state="detached")
        assert page.evaluate("performance.getEntriesByType('navigation').length") == 1  # never reloaded
        # Back to the paste page after following an answer (instant navigation swaps it in place,
        # and the browser restores no box then): what was pasted is there again, answered
        ready(page, base + "paste/")
        page.fill("#kb-paste", PULL)
        page.locator("#kb-results li.kb-match a").first.click()
        page.wait_for_selector("#kb-paste", state="detached")
        page.evaluate("delete document.documentElement.dataset.kbReady")
        page.go_back()
        page.wait_for_selector('html[data-kb-ready="true"]', timeout=20_000)
        page.wait_for_selector("#kb-results li.kb-match")
        assert page.input_value("#kb-paste") == PULL


@pytest.mark.browser
@pytest.mark.parametrize(
    ("blocked", "said"),
    [
        ("kbfind-paste.js", "The page could not start (assets/kbfind/kbfind-paste.js did not load)."),
        ("kbfind-data.js", "The matcher could not start (assets/kbfind/kbfind-data.js did not load)."),
    ],
)
def test_a_script_that_does_not_load_is_said_not_loading_forever(
    browser: Any, base_url: str, blocked: str, said: str
) -> None:
    with recording_page(browser) as page:
        page.route(f"**/{blocked}", lambda route: route.abort())
        page.goto(base_url + "paste/")
        page.wait_for_function(f"document.getElementById('kb-status').textContent === {json.dumps(said)}")
        assert page.locator("#kb-paste").is_disabled()


@pytest.mark.browser
def test_the_kept_paste_is_this_sites_and_an_older_one_never_comes_back_in_its_place(page: Any, base_url: str) -> None:
    ready(page, base_url + "paste/")
    page.fill("#kb-paste", PULL)
    page.wait_for_selector("#kb-results li.kb-match")
    assert page.evaluate("Object.keys(sessionStorage)") == [f"kbfind-paste:{base_url}"]  # not another site's
    page.evaluate(
        "() => { Storage.prototype.setItem = () => { throw new DOMException('full', 'QuotaExceededError') } }"
    )
    page.fill("#kb-paste", WAL)
    page.wait_for_function("document.querySelector('#kb-results li a')?.textContent.includes('Replica')")
    page.reload()
    page.wait_for_selector('html[data-kb-ready="true"]')
    assert page.input_value("#kb-paste") == ""  # storage full: nothing kept, rather than the paste before

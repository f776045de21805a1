"""Links and paths that open (issue 11, item 3): a source path from where the command ran, and
a URL only when a site is known — ``--site-url``, ``KBFIND_SITE_URL``, or the ``site_url`` of
the ``mkdocs.yml`` that owns the content; never a localhost default."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CONTENT
from test_cli import X509_PASTE, invoke

from kb import site_url

MKDOCS_YML = """site_name: Team handbook
site_url: !ENV [HANDBOOK_URL, "https://handbook.example.com/"]
docs_dir: docs
theme:
  name: material
markdown_extensions:
  - toc:
      slugify: !!python/name:pymdownx.slugs.uslugify
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
hooks:
  - !relative $config_dir/hooks.py
"""


@pytest.fixture
def handbook(tmp_path: Path, cache_dir: Path) -> Path:
    """A team's MkDocs site: its own ``mkdocs.yml`` (MkDocs' tags and all) above ``docs/``."""
    site = tmp_path / "handbook"
    (site / "docs" / "ops").mkdir(parents=True)
    (site / "mkdocs.yml").write_text(MKDOCS_YML, "utf-8")
    (site / "docs" / "index.md").write_text("# Welcome\n\nThe handbook.\n", "utf-8")
    (site / "docs" / "ops" / "disk.md").write_text("## disk quota exceeded on /var\n\nPrune images.\n", "utf-8")
    return site


def _best(*args: str) -> dict[str, str]:
    run = invoke("--json", *args, "disk quota exceeded on /var")
    assert run.code == 0, run.err
    best: dict[str, str] = json.loads(run.out)["matches"][0]
    return best


def test_the_bundled_faq_gives_no_url_unless_a_site_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    run = invoke("--json", X509_PASTE)
    best = json.loads(run.out)["matches"][0]
    assert "url" not in best and best["source"] == str(CONTENT / "k8s-faq.md")
    human = invoke(X509_PASTE)
    assert "http" not in human.out.split("\n\n")[0]  # no URL line under the title
    assert site_url(CONTENT) == ""
    monkeypatch.setenv("KBFIND_SITE_URL", "https://faq.example.org/")
    assert json.loads(invoke("--json", X509_PASTE).out)["matches"][0]["url"].startswith(
        "https://faq.example.org/k8s-faq/#"
    )


def test_the_mkdocs_yml_that_owns_the_content_gives_its_site_url(handbook: Path) -> None:
    best = _best("--kb", str(handbook / "docs"))
    assert best["url"] == "https://handbook.example.com/ops/disk/#disk-quota-exceeded-on-var"
    assert best["source"] == str(handbook / "docs" / "ops" / "disk.md")


def test_a_folder_inside_docs_dir_keeps_its_place_on_the_site(handbook: Path) -> None:
    assert _best("--kb", str(handbook / "docs" / "ops"))["url"] == (
        "https://handbook.example.com/ops/disk/#disk-quota-exceeded-on-var"
    )
    one_file = _best("--kb", str(handbook / "docs" / "ops" / "disk.md"))
    assert one_file["url"] == "https://handbook.example.com/ops/disk/#disk-quota-exceeded-on-var"
    assert one_file["source"] == str(handbook / "docs" / "ops" / "disk.md")


def test_env_tags_of_mkdocs_yml_are_read_as_mkdocs_reads_them(handbook: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HANDBOOK_URL", "https://intranet.example.com/handbook/")
    assert site_url(handbook / "docs") == "https://intranet.example.com/handbook/"


def test_flag_and_environment_variable_win_over_mkdocs_yml(handbook: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = str(handbook / "docs")
    assert _best("--kb", docs, "--site-url", "https://flag.example/")["url"].startswith("https://flag.example/ops/")
    monkeypatch.setenv("KBFIND_SITE_URL", "https://env.example/")
    assert _best("--kb", docs)["url"].startswith("https://env.example/ops/")
    assert "url" not in _best("--kb", docs, "--site-url", "")


def test_no_site_when_no_mkdocs_yml_owns_the_content(handbook: Path) -> None:
    (handbook / "notes").mkdir()
    (handbook / "notes" / "disk.md").write_text("## disk quota exceeded on /var\n\nPrune.\n", "utf-8")
    assert "url" not in _best("--kb", str(handbook / "notes"))  # beside docs_dir, not in it
    assert "url" not in _best("--kb", str(handbook))  # above docs_dir


def test_a_broken_mkdocs_yml_means_no_site_and_says_so(handbook: Path) -> None:
    (handbook / "mkdocs.yml").write_text("site_url: [https://x.example/\n", "utf-8")
    assert "url" not in _best("--kb", str(handbook / "docs"))
    run = invoke("--kb", str(handbook / "docs"), "disk quota exceeded on /var")
    assert run.code == 0 and run.err.count("\n") == 1  # the YAML reason's words depend on libyaml
    assert run.err.startswith(f"kbfind: warning: {handbook / 'mkdocs.yml'}:2: cannot be read (")
    assert run.err.endswith("); its site_url is not used for links\n")
    assert invoke("-q", "--kb", str(handbook / "docs"), "disk quota exceeded on /var").err == ""
    given = invoke("--kb", str(handbook / "docs"), "--site-url", "https://x.example/", "disk quota exceeded on /var")
    assert given.err.endswith("); where --kb lies in the site and how it links pages are not known; links may miss\n")


def test_sources_are_the_kb_path_as_given_joined_with_the_page(handbook: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(handbook)
    assert _best("--kb", "docs")["source"] == "docs/ops/disk.md"
    human = invoke("--kb", "docs", "disk quota exceeded on /var")
    assert "docs/ops/disk.md:1" in human.out
    assert "https://handbook.example.com/ops/disk/#disk-quota-exceeded-on-var" in human.out


@pytest.mark.parametrize("folders", [True, False])
def test_pages_are_linked_as_mkdocs_publishes_them(folders: bool) -> None:
    from mkdocs.structure.files import File

    from kb import page_url

    for page in ["faq.md", "ops/disk.md", "index.md", "ops/index.md", "ops/README.md", "README.md", "a/b/c.md"]:
        published = File(page, "docs", "site", use_directory_urls=folders).url
        assert page_url(page, folders) == ("" if published == "./" else published), page
    # a control character of a file name is escaped, as MkDocs escapes it: no newline or escape in a link
    assert page_url("evil\x1b[31mred\nline.md", folders) == "evil%1B[31mred%0Aline" + ("/" if folders else ".html")
    assert page_url("c1\x9bline\u2028sep\u202ebidi.md", folders).startswith("c1%9Bline%E2%80%A8sep%E2%80%AEbidi")


def test_a_site_without_directory_urls_is_linked_to_its_html_pages(handbook: Path) -> None:
    config = handbook / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "use_directory_urls: false\n", "utf-8")
    assert _best("--kb", str(handbook / "docs"))["url"] == (
        "https://handbook.example.com/ops/disk.html#disk-quota-exceeded-on-var"
    )
    assert _best("--kb", str(handbook / "docs"), "--site-url", "https://mirror.example/")["url"] == (
        "https://mirror.example/ops/disk.html#disk-quota-exceeded-on-var"
    )


def test_a_site_url_given_is_the_sites_and_its_mkdocs_yml_still_says_where_and_how(handbook: Path) -> None:
    """``--site-url`` is where the site is published, as ``site_url`` is: a ``--kb`` below ``docs_dir`` keeps
    its place under it, and a ``mkdocs.yml`` that sets no ``site_url`` still says the pages are ``.html``."""
    ops = str(handbook / "docs" / "ops")
    assert _best("--kb", ops, "--site-url", "https://handbook.example.com/")["url"] == _best("--kb", ops)["url"]
    config = handbook / "mkdocs.yml"
    config.write_text("site_name: Handbook\nuse_directory_urls: false\n", "utf-8")
    assert _best("--kb", ops, "--site-url", "https://mirror.example/d/")["url"] == (
        "https://mirror.example/d/ops/disk.html#disk-quota-exceeded-on-var"
    )
    config.write_text("site_name: Handbook\n", "utf-8")  # nothing about links: read only when a URL is given
    assert _best("--kb", ops, "--site-url", "https://mirror.example/d/")["url"] == (
        "https://mirror.example/d/ops/disk/#disk-quota-exceeded-on-var"
    )
    assert "url" not in _best("--kb", ops)


def test_a_site_url_given_that_ends_in_the_kb_folder_is_that_folders_url(handbook: Path) -> None:
    """A ``--site-url`` (or ``KBFIND_SITE_URL``) that already ends in ``--kb``'s folder under ``docs_dir`` is
    that folder's URL, as the option once read: the folder is not named twice."""
    ops = str(handbook / "docs" / "ops")
    for given in ("https://mirror.example/d/ops/", "https://mirror.example/d/ops"):
        assert _best("--kb", ops, "--site-url", given)["url"] == (
            "https://mirror.example/d/ops/disk/#disk-quota-exceeded-on-var"
        )
    # only a whole folder name: a site whose path merely ends in the same letters keeps it
    assert _best("--kb", ops, "--site-url", "https://mirror.example/devops/")["url"] == (
        "https://mirror.example/devops/ops/disk/#disk-quota-exceeded-on-var"
    )


@pytest.mark.parametrize(
    "given", ["javascript:alert(1)//", "data:text/html,<script>x</script>", "https://docs.example.com/?q=1#top"]
)
def test_a_site_url_that_is_no_base_for_links_gives_none_and_says_so(
    given: str, handbook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ``mkdocs.yml``'s ``site_url`` (and ``KBFIND_SITE_URL`` read by the library) is held to what
    ``--site-url`` is: a script or data URL, or one with a query, is no link to an entry."""
    import kb

    config = handbook / "mkdocs.yml"
    config.write_text(f"site_name: Handbook\nsite_url: '{given}'\n", "utf-8")
    run = invoke("--json", "--kb", str(handbook / "docs"), "disk quota exceeded on /var")
    assert run.code == 0 and "url" not in json.loads(run.out)["matches"][0]
    assert f"warning: the site_url of {config}, {given!r}, " in run.err and "no links are given" in run.err
    config.write_text("site_name: Handbook\n", "utf-8")
    monkeypatch.setenv("KBFIND_SITE_URL", given)
    assert kb.site_url(handbook / "docs") == ""


def test_the_sites_own_url_given_keeps_a_folder_of_the_same_name_and_a_folder_is_escaped(handbook: Path) -> None:
    """``--site-url`` that is the ``site_url`` of the ``mkdocs.yml`` is the site's, though it ends in the
    folder's name (``/ops/`` over ``docs/ops/``); a folder's ``#`` or space is escaped as a page's is."""
    config = handbook / "mkdocs.yml"
    config.write_text("site_name: Handbook\nsite_url: https://team.example/ops/\n", "utf-8")
    ops = str(handbook / "docs" / "ops")
    expected = "https://team.example/ops/ops/disk/#disk-quota-exceeded-on-var"
    assert _best("--kb", ops)["url"] == _best("--kb", ops, "--site-url", "https://team.example/ops/")["url"] == expected
    odd = handbook / "docs" / "my ops#1"
    (handbook / "docs" / "ops").rename(odd)
    assert _best("--kb", str(odd))["url"] == "https://team.example/ops/my%20ops%231/disk/#disk-quota-exceeded-on-var"


def test_a_site_versioned_with_mike_is_linked_in_the_version_it_names(handbook: Path) -> None:
    """mike publishes each version in a folder (``/latest/``) and redirects only the site's root."""
    yml = handbook / "mkdocs.yml"
    yml.write_text(MKDOCS_YML + "extra:\n  version:\n    provider: mike\n    default: [stable, latest]\n", "utf-8")
    docs = str(handbook / "docs")
    assert _best("--kb", docs)["url"] == "https://handbook.example.com/stable/ops/disk/#disk-quota-exceeded-on-var"
    yml.write_text(MKDOCS_YML + "plugins:\n  - search\n  - mike:\n      canonical_version: '2.1'\n", "utf-8")
    assert _best("--kb", docs)["url"] == "https://handbook.example.com/2.1/ops/disk/#disk-quota-exceeded-on-var"
    assert _best("--kb", docs, "--site-url", "https://handbook.example.com/dev/")["url"] == (
        "https://handbook.example.com/dev/ops/disk/#disk-quota-exceeded-on-var"
    )
    yml.write_text(MKDOCS_YML + "plugins:\n  - mike\n", "utf-8")  # which version is not said
    assert "url" not in _best("--kb", docs)
    run = invoke("--kb", docs, "disk quota exceeded on /var")
    assert run.code == 0 and run.err == (
        f"kbfind: warning: {yml} publishes versions with mike and names none to link to (mike's"
        " canonical_version, or extra.version.default); no links are given:"
        " pass --site-url https://handbook.example.com/VERSION/\n"
    )


def test_the_answers_own_links_open_from_here(handbook: Path) -> None:
    """A link to a section of the page or to another page of the knowledge base is printed as the site's
    URL when a site is known, else as the file; a URL as written."""
    (handbook / "docs" / "ops" / "disk.md").write_text(
        "## disk quota exceeded on /var\n\nSee [compacting](#compact-images), [the CLI](../cli.md#flags)"
        " and [Docker's docs](https://docs.docker.com/).\n\n## Compact images\n\nPrune.\n",
        "utf-8",
    )
    (handbook / "docs" / "cli.md").write_text("## Flags\n\nx\n", "utf-8")
    run = invoke("--kb", str(handbook / "docs"), "disk quota exceeded on /var")
    assert run.out.endswith(
        "  References:\n  [1] https://handbook.example.com/ops/disk/#compact-images\n"
        "  [2] https://handbook.example.com/cli/#flags\n  [3] https://docs.docker.com/\n"
    )
    (handbook / "mkdocs.yml").unlink()  # no site: the files
    run = invoke("--kb", str(handbook / "docs"), "disk quota exceeded on /var")
    docs = handbook / "docs"
    assert run.out.endswith(
        f"  [1] {docs / 'ops' / 'disk.md'}#compact-images\n  [2] {docs / 'cli.md'}#flags\n  [3] https://docs.docker.com/\n"
    )
    one = invoke("--kb", str(docs / "ops" / "disk.md"), "disk quota exceeded on /var")  # one page: others beside it
    assert one.out.endswith(
        f"  [1] {docs / 'ops' / 'disk.md'}#compact-images\n  [2] {docs / 'cli.md'}#flags\n  [3] https://docs.docker.com/\n"
    )


def test_a_link_written_percent_encoded_is_its_pages_url_once(handbook: Path) -> None:
    (handbook / "docs" / "ops" / "disk.md").write_text(
        "## disk quota exceeded on /var\n\nSee [the notes](../release%20notes.md#v2).\n", "utf-8"
    )
    (handbook / "docs" / "release notes.md").write_text("## v2\n\nx\n", "utf-8")
    run = invoke("--kb", str(handbook / "docs"), "disk quota exceeded on /var")
    assert run.out.endswith("  References:\n  [1] https://handbook.example.com/release%20notes/#v2\n")


def test_a_hugo_sections_page_is_linked_as_its_folder_on_a_site_that_is_not_mkdocs(
    tmp_path: Path, cache_dir: Path
) -> None:
    """Hugo serves ``ops/_index.md`` at ``ops/``; MkDocs (a mkdocs.yml owning the content) at ``ops/_index/``."""
    (tmp_path / "docs" / "ops").mkdir(parents=True)
    (tmp_path / "docs" / "ops" / "_index.md").write_text("## disk quota exceeded on /var\n\nPrune images.\n", "utf-8")
    docs = str(tmp_path / "docs")
    assert _best("--kb", docs, "--site-url", "https://docs.example.com/")["url"] == (
        "https://docs.example.com/ops/#disk-quota-exceeded-on-var"
    )
    shown = invoke("show", "--kb", docs, "https://docs.example.com/ops/#disk-quota-exceeded-on-var", prog="kb")
    assert shown.code == 0 and shown.out.startswith("## disk quota exceeded on /var\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nsite_url: https://docs.example.com/\n", "utf-8")
    assert _best("--kb", docs)["url"] == "https://docs.example.com/ops/_index/#disk-quota-exceeded-on-var"


def test_an_answers_reference_links_take_their_targets_from_anywhere_on_the_page(
    tmp_path: Path, cache_dir: Path
) -> None:
    """Immich's FAQ writes ``[Hugging Face][huggingface]`` and defines it at the page's end, under another entry."""
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "faq.md").write_text(
        "## Error: model is corrupt\n\nDownload it again from [Hugging Face][huggingface] or [the mirror][].\n\n"
        "## Other\n\nText.\n\n[ERROR]: upload aborted\n\n[huggingface]: <https://huggingface.co/immich-app> 'Models'\n"
        "[The Mirror]: https://mirror.example/\n",
        "utf-8",
    )
    run = invoke("--kb", str(tmp_path / "kb"), "Error: model is corrupt")
    assert "  Download it again from Hugging Face [1] or the mirror [2].\n" in run.out
    assert run.out.endswith("  References:\n  [1] https://huggingface.co/immich-app\n  [2] https://mirror.example/\n")
    other = invoke("--kb", str(tmp_path / "kb"), "Other").out
    assert other.endswith("  Text.\n\n  [ERROR]: upload aborted\n")  # a log line, and no definition


def test_links_from_the_sites_root_and_relative_urls_open_on_the_site_and_repeats_keep_their_number(
    tmp_path: Path, cache_dir: Path
) -> None:
    """rclone's Hugo pages link ``/docs/#configure`` and ``../remote_setup/``: with the site known, its
    host and the page's URL place them; a target cited again keeps its number."""
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "faq.md").write_text(
        "## Error: config file not found\n\nSee [the docs](/docs/#configure), [remote setup](../remote_setup/),"
        " [kind][kind] and [kind][kind] again, [a note](notes.md).\n\n[kind]: https://sigs.k8s.io/kind\n",
        "utf-8",
    )
    site = invoke(
        "--kb", str(tmp_path / "kb"), "--site-url", "https://rclone.example/en/", "Error: config file not found"
    )
    assert "kind [3] and kind [3] again, a note [4]." in site.out
    assert site.out.endswith(
        "  [1] https://rclone.example/docs/#configure\n  [2] https://rclone.example/en/remote_setup/\n"
        "  [3] https://sigs.k8s.io/kind\n  [4] https://rclone.example/en/notes/\n"
    )
    alone = invoke("--kb", str(tmp_path / "kb"), "Error: config file not found").out  # no site: as written
    assert "  [1] /docs/#configure\n  [2] ../remote_setup/\n" in alone


def test_a_markdown_file_named_from_the_root_is_a_page_of_the_knowledge_base(tmp_path: Path, cache_dir: Path) -> None:
    """TiDB's pages link ``/tidb-lightning/troubleshoot.md#x`` and ``/dumpling-overview.md``, which GitHub and
    Docusaurus read from the docs' root: the page under ``--kb``, on the site when one is known, else the file."""
    kb = tmp_path / "kb"
    (kb / "tidb-lightning").mkdir(parents=True)
    (kb / "tidb-lightning" / "faq.md").write_text(
        "## Error: checksum mismatched remote vs local\n\nSee [troubleshooting](/tidb-lightning/troubleshoot.md#tikv-"
        "is-busy), [Dumpling](/dumpling-overview.md) and [the docs](/docs/#configure).\n",
        "utf-8",
    )
    for page in ("tidb-lightning/troubleshoot.md", "dumpling-overview.md"):
        (kb / page).write_text("## Notes\n\nx\n", "utf-8")
    site = invoke(
        "--kb",
        str(kb),
        "--site-url",
        "https://docs.example.com/tidb/stable/",
        "Error: checksum mismatched remote vs local",
    )
    assert site.out.endswith(
        "  [1] https://docs.example.com/tidb/stable/tidb-lightning/troubleshoot/#tikv-is-busy\n"
        "  [2] https://docs.example.com/tidb/stable/dumpling-overview/\n  [3] https://docs.example.com/docs/#configure\n"
    )
    alone = invoke("--kb", str(kb), "Error: checksum mismatched remote vs local").out
    assert alone.endswith(
        f"  [1] {kb / 'tidb-lightning' / 'troubleshoot.md'}#tikv-is-busy\n  [2] {kb / 'dumpling-overview.md'}\n"
        "  [3] /docs/#configure\n"
    )
    # --kb a folder of the repository: a link from the repository's top names a page below it too; one
    # that names no file is printed as written
    (tmp_path / ".git").mkdir()
    (kb / "tidb-lightning" / "faq.md").write_text(
        "## Error: checksum mismatched remote vs local\n\nSee [Dumpling](/kb/dumpling-overview.md#use) and"
        " [gone](/kb/missing.md).\n",
        "utf-8",
    )
    nested = invoke("--kb", str(kb), "Error: checksum mismatched remote vs local").out
    assert nested.endswith(f"  [1] {kb / 'dumpling-overview.md'}#use\n  [2] /kb/missing.md\n")


def test_a_sphinx_projects_pages_are_linked_as_sphinx_builds_them(tmp_path: Path, cache_dir: Path) -> None:
    """napari's MyST pages: the conf.py above them names the site (html_baseurl) and Sphinx builds x.html."""
    (tmp_path / "docs" / "guide").mkdir(parents=True)
    (tmp_path / "docs" / "conf.py").write_text(
        'extensions = ["myst_parser"]\nhtml_baseurl = "https://napari.org/stable/"\n'
    )
    (tmp_path / "docs" / "guide" / "faq.md").write_text("# FAQ\n\n## Error: no Qt bindings\n\nInstall one.\n", "utf-8")
    run = invoke("--kb", str(tmp_path / "docs"), "Error: no Qt bindings")
    assert "\n  https://napari.org/stable/guide/faq.html#error-no-qt-bindings\n" in run.out
    given = invoke("--kb", str(tmp_path / "docs"), "--site-url", "https://demo.example/", "Error: no Qt bindings")
    assert "\n  https://demo.example/guide/faq.html#error-no-qt-bindings\n" in given.out


def test_on_a_sphinx_site_only_index_is_its_folders_page(tmp_path: Path, cache_dir: Path) -> None:
    """Sphinx builds ``README.md`` as ``README.html`` and ``_index.md`` as ``_index.html``: only ``index``
    is the folder's page, as on every site."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "conf.py").write_text('extensions = ["myst_parser"]\nhtml_baseurl = "https://x.example/"\n')
    for folder, name, heading in (
        ("a", "README", "no Qt bindings"),
        ("b", "_index", "disk full"),
        ("c", "index", "port in use"),
    ):
        (tmp_path / "docs" / folder).mkdir()  # (an index.md beside a README.md is the folder's page)
        (tmp_path / "docs" / folder / f"{name}.md").write_text(f"# T\n\n## Error: {heading}\n\nFix.\n", "utf-8")
    runs = [
        invoke("--json", "--kb", str(tmp_path / "docs"), f"Error: {h}")
        for h in ("no Qt bindings", "disk full", "port in use")
    ]
    assert [json.loads(r.out)["matches"][0]["url"] for r in runs] == [
        "https://x.example/a/README.html#error-no-qt-bindings",
        "https://x.example/b/_index.html#error-disk-full",
        "https://x.example/c/index.html#error-port-in-use",
    ]


def test_a_conf_py_that_is_not_sphinxs_and_a_url_ending_in_the_folder_change_no_link(
    tmp_path: Path, cache_dir: Path
) -> None:
    (tmp_path / "docs" / "guide").mkdir(parents=True)
    (tmp_path / "conf.py").write_text('static_extensions = ["css"]\nbind = "0.0.0.0:8000"\n')  # gunicorn's
    (tmp_path / "docs" / "guide" / "faq.md").write_text("# FAQ\n\n## Error: disk full\n\nFree some.\n", "utf-8")
    run = invoke("--kb", str(tmp_path / "docs"), "--site-url", "https://ops.example/", "Error: disk full")
    assert "\n  https://ops.example/guide/faq/#error-disk-full\n" in run.out
    (tmp_path / "docs" / "conf.py").write_text('extensions = ["myst_parser"]\n')
    given = invoke(
        "--kb", str(tmp_path / "docs" / "guide"), "--site-url", "https://x.example/stable/guide/", "Error: disk full"
    )
    assert "\n  https://x.example/stable/guide/faq.html#error-disk-full\n" in given.out
    (tmp_path / "docs" / "conf.py").write_text(
        'extensions = ["myst_parser"]\nhtml_baseurl = "https://x.example/guide/"\n'
    )
    own = invoke("--kb", str(tmp_path / "docs" / "guide"), "--site-url", "https://x.example/guide/", "Error: disk full")
    assert "\n  https://x.example/guide/guide/faq.html#error-disk-full\n" in own.out  # the site's URL, given

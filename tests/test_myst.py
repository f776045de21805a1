"""MyST pages (Sphinx, Jupyter Book) read as they render: directives, targets, comments and roles."""

from __future__ import annotations

from kb.myst import myst_lines
from kb.parse import parse_markdown

PAGE = """\
# Troubleshooting

(qt-missing)=
## ImportError: No Qt bindings could be found

% keep in sync with installation.md

See {ref}`the Qt guide <choosing-qt-backend>` and [](choosing-qt-backend); press {kbd}`Ctrl+Shift+P`.

```{note}
Uninstall the backend you do not use.
```

:::{tip}
Run `napari --info`.
:::

````{tab-set}
```{tab-item} pip
    python -m pip install "napari[pyqt6]"
```
````

```{code-block} python
:emphasize-lines: 1
import napari  # {ref}`x` and % stay code
% not a comment here
```

```{toctree}
:maxdepth: 1
installation
```

(wayland)=

## GLError err = 1280 on Wayland

Set `QT_QPA_PLATFORM=xcb`.
"""


def test_a_myst_pages_directives_targets_comments_and_roles_read_as_rendered() -> None:
    first, second = parse_markdown(PAGE, "t.md", "t.md")[0]
    assert (first.title, second.title) == (
        "ImportError: No Qt bindings could be found",
        "GLError err = 1280 on Wayland",
    )
    assert first.body == (
        "See the Qt guide and choosing-qt-backend; press Ctrl+Shift+P.\n\n:::note\nUninstall the backend you do not"
        ' use.\n:::\n\n:::tip\nRun `napari --info`.\n:::\n\n\n**pip**\n    python -m pip install "napari[pyqt6]"\n\n\n\n'
        "```python\n\nimport napari  # {ref}`x` and % stay code\n% not a comment here\n```\n"
    )  # the toctree, the options and the next section's target are not its text
    assert [c.language for c in first.code] == ["python"]


def test_a_page_that_is_not_myst_is_read_as_written() -> None:
    lines = ["# Usage", "", "% of users see {ref}`x` here.", "", "```{note}", "literal", "```"]
    assert myst_lines(lines[:4]) == lines[:4]  # no directive nor target: markdown's text
    assert myst_lines(lines)[2] == ""  # a directive makes it MyST: the % line is a comment


def test_options_tables_chunks_and_an_unclosed_directive() -> None:
    """A directive's YAML options are no text; a list-table's rows are; an R Markdown chunk is code and no sign
    of MyST; a directive never closed leaves the page as written, for kb lint to name the fence."""
    page = [
        "(t)=", "## Error: x", "", "```{admonition} Why?", "---", "class: tip", "---", "Because.", "```", "",
        "```{list-table} Codes", ":header-rows: 1", "* - E1", "  - disk full", "```",
    ]  # fmt: skip
    assert myst_lines(page) == [
        "", "## Error: x", "", ":::note Why?", "", "", "", "Because.", ":::", "",
        "**Codes**", "", "* - E1", "  - disk full", "",
    ]  # fmt: skip
    chunk = ["## Error: y", "", "```{r}", "x <- 1", "```", "", "% of users see it."]
    assert myst_lines(chunk) == chunk
    unclosed = ["(t)=", "## Error: x", "", "```{note}", "text", "", "## Error: y fails", ""]
    assert myst_lines(unclosed) == unclosed
    only = ["(t)=", "```{only} html", "Shown in HTML.", "```", "", "See {ref}`x <y>`.", "", "```sh", "open to the end"]
    assert myst_lines(only) == ["", "**html**", "Shown in HTML.", "", "", "See x.", "", "```sh", "open to the end"]


def test_a_long_run_of_options_or_open_directives_reads_in_linear_time() -> None:
    """A bound, not a timing: the first reading took 42 s on 20,000 option lines, 8 s on 20,000 open fences."""
    import time

    started = time.perf_counter()
    myst_lines(["(t)=", "```{note}", *[":k: v"] * 50_000, "```"])
    myst_lines(["(t)=", *["````{note}"] * 50_000])
    assert time.perf_counter() - started < 5.0

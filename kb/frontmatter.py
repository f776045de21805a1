"""The front-matter fields kbfind reads (tags), from YAML loaded safely (PyYAML, no tags that
build Python objects)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["ALIASES_SHAPE", "FrontMatter", "FrontMatterError", "front_matter_of", "read_front_matter", "read_tags"]


class FrontMatterError(ValueError):
    """The front matter is not valid YAML, or not a mapping; carries its 0-based line."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class FrontMatter:
    """What kbfind reads of a page's front matter."""

    tags: tuple[str, ...] = ()
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """``kbfind: {aliases: {<entry id or heading>: [error texts]}}``: what people paste for an entry
    whose heading no paste contains (the page's own place for aliases on Docusaurus sites, where
    MDX allows no HTML comments)."""
    title: str = ""
    """The page's ``title``: its heading, on a page that writes none (Hugo, Jekyll, Docusaurus)."""
    problems: tuple[str, ...] = ()
    """What of the ``kbfind`` section could not be read (and was ignored)."""


def read_front_matter(front_matter: str) -> FrontMatter:
    """The tags and aliases of a front matter; raises :class:`FrontMatterError` on bad YAML."""
    data = _load_yaml(front_matter)
    if data is None:
        return FrontMatter()
    if not isinstance(data, dict):
        raise FrontMatterError(0, f"front matter is a YAML {_kind(data)}, not 'key: value' lines")
    return front_matter_of(data)


def front_matter_of(data: dict[str, Any]) -> FrontMatter:
    """What kbfind reads of a front matter already loaded (YAML, or Hugo's TOML)."""
    found = [t for item in _items(data.get("tags")) if (t := _tag(item))]
    title = data.get("title")
    problems: list[str] = []
    return FrontMatter(
        tuple(dict.fromkeys(found)),
        _aliases(data.get("kbfind"), problems) if "kbfind" in data else {},
        " ".join(title.split()) if isinstance(title, str) else "",
        tuple(problems),
    )


def read_tags(front_matter: str) -> tuple[str, ...]:
    """The ``tags`` of a front matter, in order, each once.

    Any YAML form works: a list (flow or block, items indented or not), one string, a
    comma-separated string, numbers; Docusaurus' ``{label: …}`` objects give their label.
    """
    return read_front_matter(front_matter).tags


ALIASES_SHAPE = "kbfind: {aliases: {<entry id or heading>: [<error text>, …]}}"
"""How a page's front matter gives aliases, as messages show it."""


def _aliases(section: Any, problems: list[str]) -> dict[str, tuple[str, ...]]:
    """The ``kbfind: {aliases: …}`` section; what does not have that shape is said in ``problems``."""
    if not isinstance(section, dict):
        problems.append(f"front matter 'kbfind' is {_a(section)}, not a mapping; write {ALIASES_SHAPE}")
        return {}
    for key in section:
        if key != "aliases":
            problems.append(
                f"front matter 'kbfind' has {_shown(key)}, which kbfind does not read; write {ALIASES_SHAPE}"
            )
    aliases = section.get("aliases")
    if aliases is None:
        return {}
    if not isinstance(aliases, dict):
        problems.append(f"front matter 'kbfind.aliases' is {_a(aliases)}, not a mapping; write {ALIASES_SHAPE}")
        return {}
    out = {}
    for key, value in aliases.items():
        texts, odd = [], []
        for v in value if isinstance(value, list) else [value]:
            if isinstance(v, str | int | float) and not isinstance(v, bool):
                texts.append(str(v).strip())
            else:
                odd.append(v)
        if odd:
            more = f" (and {len(odd) - 1} more)" if len(odd) > 1 else ""
            problems.append(f"front matter alias of {_shown(key)}: {_a(odd[0])} is not an error text; ignored{more}")
        if texts := [t for t in texts if t]:
            out[str(key).strip()] = tuple(texts)
    return out


def _a(value: Any) -> str:
    """What a YAML value is, in words (``a list``, ``the number 5``)."""
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return f"the number {value}"
    return f"the text {_shown(value)}"


def _shown(value: Any) -> str:
    """A YAML value as a message quotes it: cut short, so anchors that nest a list in itself eight
    times over (a few hundred bytes, billions of items) make no message of gigabytes."""
    import reprlib

    short = reprlib.Repr()
    short.maxlevel, short.maxlist, short.maxdict, short.maxstring, short.maxother = 2, 4, 4, 80, 80
    return short.repr(value if isinstance(value, list | dict) else str(value))


def _load_yaml(text: str) -> Any:
    """``text`` as YAML data, with PyYAML's safe loader (libyaml's when installed)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)  # a safe loader: plain data, never Python objects
    except yaml.MarkedYAMLError as e:
        # The construct that is broken (an unclosed ``[``) starts at the context mark, if any.
        mark = e.context_mark or e.problem_mark
        context = f" ({e.context})" if e.context else ""
        raise FrontMatterError(
            mark.line if mark else 0, f"front matter is not valid YAML: {e.problem}{context}"
        ) from None
    except yaml.YAMLError as e:
        raise FrontMatterError(0, f"front matter is not valid YAML: {e}") from None
    except RecursionError:
        raise FrontMatterError(0, "front matter is nested too deeply") from None


def _items(value: Any) -> list[Any]:
    if isinstance(value, str):
        return value.split(",")
    if isinstance(value, list | tuple):
        return list(value)
    return [] if value is None else [value]


def _tag(item: Any) -> str:
    if isinstance(item, dict):
        item = item.get("label")
    if item is None or isinstance(item, bool | dict | list | tuple | set):
        return ""  # YAML's yes/no and nested structures are no tag names
    return str(item).strip()


def _kind(data: Any) -> str:
    return "list" if isinstance(data, list) else "single value"

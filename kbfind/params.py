"""Plain conversion of command-line values, without importing pydantic.

typer 0.29 converts every parameter value, defaults included, through a pydantic ``TypeAdapter``:
importing pydantic and building one schema per parameter costs a kbfind query about 60 ms of its
start-up, more than the query itself. The parameters of these two CLIs are plain (strings,
integers in a range, paths, a choice, flags, lists of those), so each gets a converter that does
what the adapter does for it, with the same error messages' gist. Anything else — or a typer whose
internals differ — keeps typer's own conversion: this is a speed-up, never a change of meaning,
with one exception: an empty path (``--kb ''``, often an unset shell variable) is refused rather
than read as the current folder.
"""

from __future__ import annotations

import enum
import types
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Union, get_args, get_origin

import typer

__all__ = ["use_plain_conversion"]

Convert = Callable[[Any], Any]


def use_plain_conversion(command: Any) -> None:
    """Give every plain parameter of ``command`` (and of its subcommands) a direct converter."""
    try:
        from typer._coercion import RuntimeParam
    except ImportError:  # another typer: its own conversion stays
        return
    plain = _plain_class(RuntimeParam)
    for cmd in _commands(command):
        for param in cmd.params:
            _make_plain(param, plain)
        _help_option_plain(cmd, plain)


def _make_plain(param: Any, plain: type) -> None:
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None or getattr(param, "_runtime_param", True) is not None:
        return
    convert = _converter(descriptor.annotation, descriptor.parameter_info)
    if convert is not None:
        param._runtime_param = plain(descriptor.parameter_info, descriptor.annotation, convert)


def _help_option_plain(cmd: Any, plain: type) -> None:
    """The ``--help`` option is made for each run; it gets a plain converter as it is made."""
    make = getattr(cmd, "get_help_option", None)
    if make is None:
        return

    def get_help_option(ctx: Any) -> Any:
        option = make(ctx)
        if option is not None:
            _make_plain(option, plain)
        return option

    cmd.get_help_option = get_help_option


def _commands(command: Any) -> list[Any]:
    found = [command]
    for sub in getattr(command, "commands", {}).values():
        found += _commands(sub)
    return found


def _plain_class(base: type) -> type:
    @dataclass(frozen=True)
    class Plain(base):  # type: ignore[misc, valid-type]
        convert: Convert

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            try:
                if isinstance(value, list | tuple):
                    return [self.convert(v) for v in value]
                return self.convert(value)
            except ValueError as e:
                raise typer.BadParameter(str(e), ctx=ctx, param=param) from None

    return Plain


def _converter(annotation: Any, info: Any) -> Convert | None:
    """A converter for ``annotation`` with ``info``'s constraints, or ``None`` when it is not plain."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return _converter(args[0], info) if len(args) == 1 else None
    if get_origin(annotation) is list:
        (item,) = get_args(annotation)
        return _converter(item, info)
    if annotation is Path:
        return _path if not _path_constraints(info) else None
    if annotation is str:
        return str
    if annotation is bool:
        return _bool
    if annotation in (int, float):
        return _number(annotation, info.min, info.max, getattr(info, "clamp", False))
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return _choice(annotation)
    return None


def _path_constraints(info: Any) -> bool:
    """Whether a path parameter asks for checks (existence, kind, resolution) typer performs."""
    checks = ("exists", "resolve_path", "writable", "readable", "allow_dash")
    defaults = {"readable": True}
    if any(bool(getattr(info, c, False)) != defaults.get(c, False) for c in checks):
        return True
    return getattr(info, "file_okay", True) is False or getattr(info, "dir_okay", True) is False


def _path(value: Any) -> Path:
    if isinstance(value, str) and not value:
        raise ValueError("an empty path names no file or folder (is a shell variable unset?)")
    return Path(value)


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "t", "yes", "y", "on"):
        return True
    if text in ("0", "false", "f", "no", "n", "off"):
        return False
    raise ValueError(f"{value!r} is not a valid boolean.")


def _number(kind: type, low: Any, high: Any, clamp: bool) -> Convert:
    def convert(value: Any) -> Any:
        try:
            number = kind(value)
        except (TypeError, ValueError):
            raise ValueError(f"{value!r} is not a valid {'integer' if kind is int else 'number'}.") from None
        if number != number:  # NaN: every comparison with it is false, so no bound would hold it
            raise ValueError(f"{value!r} is not a number.")
        if clamp:
            return min(max(number, low if low is not None else number), high if high is not None else number)
        if (low is not None and number < low) or (high is not None and number > high):
            bounds = f"{low if low is not None else ''}<=x<={high if high is not None else ''}"
            raise ValueError(f"{number} is not in the range {bounds}.")
        return number

    return convert


def _choice(kind: type[enum.Enum]) -> Convert:
    def convert(value: Any) -> Any:
        if isinstance(value, kind):
            return value
        for member in kind:
            if str(member.value) == str(value):
                return member
        names = ", ".join(repr(str(m.value)) for m in kind)
        raise ValueError(f"{value!r} is not one of {names}.")

    return convert

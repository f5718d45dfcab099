"""`--help` laid out by dotchain: the same text on every typer release and at any width.

typer's own help changed from one release to the next (0.29 shows `<bool>` after every flag,
`{paths}` for an argument, and folds `junit` into `jun it` in a narrow column). This lays it out
from the parts of a command that every release keeps (its options' names, help texts, defaults, and
the Enum each choice option is read as): no type names, each docstring paragraph flowed into the
width, the examples one to a line, words never split, a list of choices on one line where it fits.
"""

from __future__ import annotations

import inspect
import re
import shutil
import textwrap
from collections.abc import Iterable, Sequence
from enum import Enum
from typing import Any

from typer.core import TyperGroup

from dotchain.cli.values import choice_words_of

INDENT = "  "
NAME_COLUMN_MAX = 30
"""A name wider than this puts its help on the lines below it, as click and argparse do."""
NARROWEST = 40
_EXAMPLES = re.compile(r"(Examples?):\s*(.*)", re.DOTALL)
_NO_REWRAP = "\b"  # click's mark for a paragraph kept as written
_GLUE = "\u00a0"  # a space no line breaks at (textwrap breaks at ASCII spaces only), shown as one


def help_width() -> int:
    """COLUMNS, else the terminal's width, else 80; never so narrow that nothing fits."""
    return max(shutil.get_terminal_size((80, 24)).columns, NARROWEST)


def render_help(command: Any, ctx: Any, width: int) -> str:
    """The whole `--help` text of a command or group (click's Command and Context)."""
    choices = choice_words_of(command)
    options = [_option_row(p, choices.get(p.name)) for p in _visible(command, ctx, "option")]
    sections = [
        _usage(command, ctx, width),
        _description(command.help or "", width),
        _section("Arguments", [_argument_row(p) for p in _visible(command, ctx, "argument")], width),
        _section("Options", options, width),
    ]
    if isinstance(command, TyperGroup):
        sections.append(_section("Commands", _command_rows(command, ctx), width))
    if command.epilog:
        sections.append(_description(command.epilog, width))
    return "\n\n".join(section for section in sections if section) + "\n"


def _visible(command: Any, ctx: Any, kind: str) -> list[Any]:
    return [p for p in command.get_params(ctx) if p.param_type_name == kind and not p.hidden]


def _usage(command: Any, ctx: Any, width: int) -> str:
    pieces = ["[OPTIONS]"] if _visible(command, ctx, "option") else []
    pieces += [_argument_metavar(p) for p in _visible(command, ctx, "argument")]
    if isinstance(command, TyperGroup):
        pieces.append("COMMAND [ARGS]...")
    head = f"Usage: {ctx.command_path} "
    return "\n".join(_wrap(" ".join(pieces), width, head, " " * len(head)))


def _argument_metavar(param: Any) -> str:
    name = param.metavar or param.name.upper()
    if param.nargs == -1:
        name += "..."
    return name if param.required else f"[{name}]"


def _description(text: str, width: int) -> str:
    """A docstring as paragraphs flowed into the width; `Example(s):` lists one command a line."""
    paragraphs = re.split(r"\n\s*\n", inspect.cleandoc(text.split("\f")[0]))
    return "\n\n".join(_paragraph(p, width) for p in paragraphs if p.strip())


def _paragraph(paragraph: str, width: int) -> str:
    if paragraph.startswith(_NO_REWRAP):
        return "\n".join(INDENT + line for line in paragraph[1:].strip("\n").splitlines())
    examples = _EXAMPLES.fullmatch(paragraph)
    if examples is None:
        return "\n".join(_wrap(paragraph, width, INDENT, INDENT))
    heading, listed = examples.groups()
    lines = [f"{INDENT}{heading}:"]
    for example in re.split(r";\s*\n", listed.strip().removesuffix(";")):
        lines += _wrap(example, width, INDENT * 2, INDENT * 4)
    return "\n".join(lines)


def _wrap(text: str, width: int, first: str, rest: str) -> list[str]:
    """Flowed text: lines joined, then broken at spaces only (a long word overflows, whole)."""
    lines = textwrap.wrap(
        re.sub(r"[ \t\r\n]+", " ", text).strip(),
        width=width,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return [line.replace(_GLUE, " ") for line in lines] or [first.rstrip()]


def _argument_row(param: Any) -> tuple[str, str]:
    text = param.help or ""
    if not param.required:
        text = _with_default(text, param.default)
    return _argument_metavar(param), text


def _option_row(param: Any, choices: Sequence[str] | None) -> tuple[str, str]:
    short = [name for name in param.opts if not name.startswith("--")]
    names = ", ".join([*short, *(name for name in param.opts if name.startswith("--"))])
    if param.secondary_opts:
        names += " / " + ", ".join(param.secondary_opts)
    if not param.is_flag and not getattr(param, "count", False):
        names += " " + (f"[{'|'.join(choices)}]" if choices else _option_metavar(param))
    text = param.help or ""
    if param.required:
        text += " [required]"
    elif not param.is_flag and param.show_default is not False:
        text = _with_default(text, param.default)
    return names, text.strip()


def _option_metavar(param: Any) -> str:
    if param.metavar:
        return str(param.metavar)
    longest: str = max(param.opts, key=len)
    return longest.lstrip("-").upper().replace("-", "_")


def _with_default(text: str, default: object) -> str:
    if isinstance(default, Enum):
        default = default.value
    if default is None or default == () or default == [] or isinstance(default, bool):
        return text
    return f"{text} [default:{_GLUE}{default}]".strip()


def _command_rows(group: TyperGroup, ctx: Any) -> list[tuple[str, str]]:
    rows = []
    known = getattr(group, "summary", lambda name: None)  # the program's group knows them unloaded
    for name in group.list_commands(ctx):
        summary = known(name)
        if summary is not None:
            rows.append((name, summary))
            continue
        command = group.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        summary = command.short_help or re.split(r"\n\s*\n", inspect.cleandoc(command.help or ""))[0]
        rows.append((name, " ".join(summary.split())))
    return rows


def _section(title: str, rows: list[tuple[str, str]], width: int) -> str:
    """Rows of a name and its help, the help in one column where the names allow."""
    if not rows:
        return ""
    fitting = [len(name) for name, _ in rows if len(name) <= NAME_COLUMN_MAX]
    column = len(INDENT) + max(fitting, default=NAME_COLUMN_MAX) + 2
    lines = [f"{title}:"]
    for name, text in rows:
        lines += _row(name, text, column, width)
    return "\n".join(lines)


def _row(name: str, text: str, column: int, width: int) -> list[str]:
    names = _names_lines(name, width)
    pad = " " * column
    if len(names) == 1 and len(names[0]) + 2 <= column:
        first = names[0].ljust(column)
        return _wrap(text, width, first, pad) if text else [names[0]]
    return names + (_wrap(text, width, pad, pad) if text else [])


def _names_lines(name: str, width: int) -> list[str]:
    """An option's names and metavar on one line, or a list of choices broken after a `|` only
    where it cannot fit."""
    line = INDENT + name
    if len(line) <= width:
        return [line]
    lines: list[str] = []
    for piece in _pieces(name):
        if lines and len(lines[-1]) + len(piece) <= width:
            lines[-1] += piece
        else:
            lines.append((INDENT * 3 if lines else INDENT) + piece.lstrip())
    return lines


def _pieces(name: str) -> Iterable[str]:
    """`-f, --format [a|b|c]` as `-f,`, ` --format`, ` [a|`, `b|`, `c]`."""
    return re.findall(r"\s*[^\s|]+\|?", name)

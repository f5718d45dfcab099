"""Inputs for the fuzzer: valid organisations, mutated at three levels, all reproducible from a number.

Every input is made from (seed, index) alone, so a run can be split across workers, resumed at any
index, and any failure made again from its number. An input starts from a seed file (the examples,
the starter files, the hostile corpus) or from a generated organisation, and then goes through a
few mutations, each at one of three levels:

- data: delete, retype, re-nest, rename, share (YAML anchors and aliases, loops too) and swap keys
  and values of the parsed document, then write it back as block YAML, flow YAML or JSON;
- text: delete, duplicate, swap and re-indent lines (duplicate keys), tabs, CR and CRLF, tags,
  anchors, merge keys, several documents, trailing garbage, deep nesting, long lines, big scalars;
- bytes: odd encodings (UTF-16, UTF-32, Latin-1, a BOM), invalid UTF-8, NUL, flipped bits,
  truncation.
"""

from __future__ import annotations

import copy
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from dotchain.check.rules import RULES
from dotchain.load.parse import parse_yaml

ROOT = Path(__file__).resolve().parent.parent
SEED_FOLDERS = (ROOT / "examples", ROOT / "src" / "dotchain" / "starter", ROOT / "tests" / "hostile")

# Names from a hostile alphabet: markup and syntax of every output format, terminal escapes, bidi
# overrides, zero-width characters, line breaks of every kind.
HOSTILE_PIECES = (
    '"', "'", "\\", "\\\\", "<", ">", "{", "}", "|", "[", "]", ";", "&", "#", "%", "`", "$", ":", ",",
    "::", "::error::pwned", "%0A", "%25", "\n", "\r", "\r\n", "\t", "\x00", "\x07", "\x08", "\x1b",
    "\x1b[2J", "\x1b[31m", "\x1b]0;title\x07", "\x1b]8;;https://evil.example\x1b\\", "\x9b", "\x7f",
    "\u202e", "\u202d", "\u2066", "\u200b", "\u200f", "\ufeff", "\u2028", "\u2029", "\x85",
    "<script>alert(1)</script>", "</script><script>x=1</script>", "<img src=x onerror=alert(1)>",
    "javascript:alert(1)", '<a href="javascript:alert(1)">x</a>', "-->", "<!--", "]]>", "%%",
    "%%{init: {'securityLevel': 'loose'}}%%", "click n1 call alert(1)", "graph LR;", "end",
    "subgraph", '"]', "}}", "\\N", "\\G", "\\L", "\\n", "&amp;", "&#60;", "#quot;", "#35;", "@here",
    "#1", "*bold*", "[link](javascript:alert(1))", "| cell |", "é", "😀", "\U0001d518", "\ufb03", "  ", "",
    # Invisible characters that once reached the terminal, and what GitHub links (issue 19).
    "\u00ad", "\u061c", "\u180e", "\u206a", "\ufff9", "\U000e0041", "\u3164", "\u115f", "\ufe0f",
    "\U000e0100", "www.evil.example/x.png", "http://x.io", "GH-1", "@octocat", "me@evil.example",
    "a5c3785ed8d6a35868bc169f07e40e889087fd2e", "owner/repo#12", "nul", "com1", "aux",
)  # fmt: skip
# Scalars YAML 1.1 or 1.2 might read as something other than text (the "Norway problem").
NORWAY = (
    "no", "No", "NO", "yes", "on", "off", "y", "n", "true", "False", "null", "Null", "~", "0123",
    "012", "0x1F", "0o17", "1.50", "1e3", ".5", "5.", ".inf", "-.inf", ".nan", "-0", "+1", "1_000",
    "2024-01-01", "12:30:00", "=", "<<", "-", "?", "1.0",
)  # fmt: skip
KEYS = (
    "dotchain", "organization", "language", "checks", "customers", "roles", "id", "name", "team",
    "headcount", "people", "why", "how", "what", "handoffs", "to", "rating", "note", "count",
    "impacts", "reach", "word", "means", "select", "ignore", "minimum_rating",
)  # fmt: skip
ODD_KEYS = ("handof", "Roles", "customer", "x-note", "x-", "<<", "", " ", "id ", "1", "null", "?")
CODES = (*RULES, "DC999")
# Numbers beyond dotchain's bound of 1,000,000,000,000 (issue 19: 2,200 digits passed check, then
# ended map, reach, card and export in exit 3).
HUGE = (10**12 + 1, 10**18, "9" * 2_200, "9" * 5_000, "1" + "0" * 400)
WORDS = ("broken", "basic", "expected", "desired", "delightful")
TOKENS = (
    ": ", ":", "- ", "-", "[", "]", "{", "}", ",", "&a ", "*a", "&b ", "*b",
    "!!python/object/apply:os.system ", "!!python/name:os.system ", "!!binary ", "!!set ", "!!str ",
    "!!int ", "!local ", "!<tag:x,2000:y> ",
    "<<: ", "<<: *a", "? ", "|", ">", "|-", "# ", '"', "'", "\\", "---\n", "...\n", "%YAML 1.1\n",
    "%TAG ! tag:x,2000:\n", "\t", "\r", "\r\n", "\x00", "\u2028", "\u0085", "\ufeff", "@", "`", "%",
    "\n", "\n  ", "\n- ", "~", "null", "&", "*", "!",
)  # fmt: skip


@dataclass(frozen=True)
class FuzzInput:
    """One case: the files of an organisation, and the files of a version to `diff` it with."""

    files: tuple[tuple[str, bytes], ...]
    other: tuple[tuple[str, bytes], ...]
    recipe: tuple[str, ...]
    """How the case was made, for the failure report."""
    layout: str | None = None
    """When given, the files are read from a folder with one of `LAYOUTS` beside them (links in and
    out of it, a FIFO): the pipeline writes it and reads it as `dotchain check FOLDER` would."""


LAYOUTS = ("link out", "link to /dev/zero", "fifo", "loop", "link in", "dangling", "link to /", "folder out")
"""Ways a pull request (or a CI job) can lay out an org folder: links that leave it, a FIFO, loops."""


Rng = random.Random


# -- seeds ----------------------------------------------------------------------------------------


@cache
def seed_files() -> tuple[tuple[str, bytes], ...]:
    """The project's own org files, good and hostile, by name."""
    found = []
    for folder in SEED_FOLDERS:
        for path in sorted(folder.glob("*.y*ml")):
            found.append((f"{folder.name}/{path.name}", path.read_bytes()))
    return tuple(found)


_LOADER: type[yaml.BaseLoader] = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


@cache
def _seed_data(name: str) -> object:
    data = dict(seed_files())[name]
    if isinstance(parse_yaml(data), list):
        return None  # refused by dotchain: some (nested 50,000 deep) would crash libyaml's composer
    try:
        return yaml.load(data, Loader=_LOADER)  # every scalar as text, nothing resolved
    except (yaml.YAMLError, RecursionError, ValueError):
        return None


# -- generated organisations -----------------------------------------------------------------------


def random_text(rng: Rng) -> str:
    roll = rng.random()
    if roll < 0.35:
        return rng.choice(("Ana Ruiz", "Payroll officer", "Admissions", "Answers calls", "Pupils"))
    if roll < 0.7:
        return "".join(rng.choice(HOSTILE_PIECES) for _ in range(rng.randint(1, 4)))
    if roll < 0.8:
        return rng.choice(NORWAY)
    alphabet = [chr(rng.randint(0, 0x2FFF)) for _ in range(8)] + ["a", " ", "\n"]
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))


_ID_START = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_VALID_IDS = ("no", "on", "yes", "0123", "1.50", "1e3", "y", "n", "true", "False", "0x1F", "2024-01-01")


def random_id(rng: Rng, loose: bool) -> str:
    """A new id: valid (Norway-problem words among them), or when `loose` anything at all."""
    roll = rng.random()
    if loose and roll < 0.1:
        return rng.choice(NORWAY) if roll < 0.05 else random_text(rng)
    if roll < 0.2:
        return rng.choice(_VALID_IDS)
    tail = "".join(rng.choice(_ID_START + "._-") for _ in range(rng.randint(0, 6)))
    return rng.choice(_ID_START) + tail


class _Org:
    """Builds one organisation; `loose` ones also break the format's rules, now and then."""

    def __init__(self, rng: Rng, loose: bool, big: bool) -> None:
        self.rng, self.loose, self.big = rng, loose, big
        self.ids: set[str] = set()

    def new_id(self) -> str:
        for _ in range(20):
            candidate = random_id(self.rng, self.loose)
            if candidate not in self.ids or (self.loose and self.rng.random() < 0.1):
                break
        self.ids.add(candidate)
        return candidate

    def number(self, good: tuple[object, ...], bad: tuple[object, ...]) -> object:
        return self.rng.choice(bad if self.loose and self.rng.random() < 0.2 else good)

    def impacts(self, depth: int) -> list[object]:
        rng, impacts = self.rng, list[object]()
        for _ in range(rng.choice((0, 0, 1, 2)) if depth < 6 else 0):
            impact: dict[str, object] = {"id": self.new_id()}
            if rng.random() < 0.5:
                impact["name"] = random_text(rng)
            if rng.random() < 0.5:
                impact["reach"] = self.number((0, 1, 3, 30, 10**12, "7"), (-1, "many", 2.5, True, *HUGE))
            if rng.random() < 0.5:
                impact["impacts"] = self.impacts(depth + 1)
            impacts.append(impact)
        return impacts

    def language(self) -> list[str]:
        rng, words = self.rng, list(WORDS)
        if rng.random() < 0.3:
            words = []
            for _ in range(rng.randint(1, 5)):
                word = random_text(rng)
                if self.loose or (word.strip() and word.casefold() not in {w.casefold() for w in words}):
                    words.append(word)
        return words

    def build(self) -> dict[str, object]:
        rng, loose = self.rng, self.loose
        org: dict[str, object] = {}
        if rng.random() < 0.3:
            org["dotchain"] = self.number((1, "1"), (2, None, "one"))
        if rng.random() < 0.6:
            org["organization"] = random_text(rng)
        words = self.language()
        if words != list(WORDS) or rng.random() < 0.1:
            org["language"] = [
                w if rng.random() < 0.5 else {"word": w, "means": random_text(rng)} for w in words
            ]
        if rng.random() < 0.3:
            codes = CODES if loose else tuple(c for c in CODES if c not in ("DC000", "DC003", "DC999"))
            checks: dict[str, object] = {}
            if rng.random() < 0.5:
                checks["select"] = rng.sample(codes, rng.randint(0, 4))
            if rng.random() < 0.5:
                checks["ignore"] = rng.sample(codes, rng.randint(0, 3))
            if rng.random() < 0.6 and words:
                checks["minimum_rating"] = rng.choice((*words, "exected") if loose else words)
            org["checks"] = checks
        customers, customer_ids = [], []
        for _ in range(rng.choice((0, 1, 1, 2, 3)) if loose else rng.choice((1, 1, 2, 3))):
            customer: dict[str, object] = {"id": self.new_id()}
            customer_ids.append(str(customer["id"]))
            for key in ("name", "why"):
                if rng.random() < 0.5:
                    customer[key] = random_text(rng)
            if rng.random() < 0.4:
                customer["count"] = self.number((0, 1, 1200, 10**12, "12"), (-3, 1.5, "lots", *HUGE))
            customer["impacts"] = self.impacts(0)
            customers.append(customer)
        if customers or rng.random() < 0.2:
            org["customers"] = customers
        org["roles"] = self.roles(words, customer_ids)
        return org

    def roles(self, words: list[str], customers: list[str]) -> list[object]:
        rng, loose = self.rng, self.loose
        chain = rng.random() < 0.01  # a very long line of hand-offs to one customer
        longest = 600 if self.big else 120
        count = rng.randint(50, longest) if chain else rng.choice((0, 1, 2, 3, 5, 8, 13, 30))
        role_ids = [self.new_id() for _ in range(count)]
        targets_pool = role_ids + customers
        teams = [random_text(rng) for _ in range(rng.randint(1, 4))]
        roles: list[object] = []
        for position, role_id in enumerate(role_ids):
            role: dict[str, object] = {"id": role_id}
            if rng.random() < 0.7:
                role["name"] = random_text(rng)
            if rng.random() < 0.7:
                role["team"] = rng.choice(teams)
            people = [random_text(rng) for _ in range(rng.randint(0, 4))] if rng.random() < 0.3 else []
            if people:
                role["people"] = people
            if rng.random() < 0.2:
                role["headcount"] = self.number(
                    (len(people), len(people) + 3, 10**9, 10**12), (-1, "x", 2.5, True, 0, *HUGE)
                )
            for key in ("why", "how", "what"):
                if rng.random() < 0.5:
                    role[key] = random_text(rng)
            if chain:
                targets = [role_ids[position + 1] if position + 1 < count else (customers or ["c"])[0]]
            else:
                targets = [rng.choice(targets_pool) for _ in range(rng.choice((0, 1, 1, 2, 3)))]
                if rng.random() < 0.1:  # a hand-off to an id that is no role or customer (DC002)
                    targets.append(random_id(rng, loose))
            role["handoffs"] = [self.handoff(target, words) for target in targets]
            if rng.random() < 0.05:
                role["x-cost"] = {"centre": rng.randint(0, 9999), "tags": [random_text(rng)]}
            roles.append(role)
        return roles

    def handoff(self, target: str, words: list[str]) -> object:
        rng = self.rng
        if rng.random() < 0.4:
            return target
        handoff: dict[str, object] = {"to": target}
        if rng.random() < 0.5:
            handoff["what"] = random_text(rng)
        if rng.random() < 0.5 and words:
            handoff["rating"] = rng.choice((*words, words[0].upper(), "great"))
        if rng.random() < 0.2:
            handoff["note"] = random_text(rng)
        return handoff


def random_org(rng: Rng, loose: bool = False, big: bool = True) -> dict[str, object]:
    """An organisation with hostile names, odd ids, chains, loops, unknown targets and ratings,
    and now and then a long hand-off chain (600 roles at most; 120 unless `big`); valid in shape
    unless `loose`."""
    return _Org(rng, loose, big).build()


# -- mutations of the data ------------------------------------------------------------------------


def _containers(data: object) -> list[Container]:
    """Every mapping and list in the document, outermost first (shared ones once)."""
    found: list[Container] = []
    seen: set[int] = set()
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict | list) and id(node) not in seen:
            seen.add(id(node))
            found.append(node)
            stack.extend(node.values() if isinstance(node, dict) else node)
    return found


def _random_value(rng: Rng) -> object:
    return rng.choice(
        (
            None, True, False, 0, -1, 7, 10**20, 1.5, float("inf"), "", random_text(rng), [], {},
            [random_text(rng)], {"id": random_text(rng)}, {"to": "c"}, [[[]]], {"x-a": {"b": None}},
        )
    )  # fmt: skip


Container = dict[object, object] | list[object]


@dataclass(frozen=True)
class _Place:
    """A key of a mapping, or an index of a list, in the document."""

    container: Container
    key: object

    def get(self) -> object:
        if isinstance(self.container, dict):
            return self.container[self.key]
        return self.container[_index(self.key)]

    def set(self, value: object) -> None:
        if isinstance(self.container, dict):
            self.container[self.key] = value
        else:
            self.container[_index(self.key)] = value

    def delete(self) -> None:
        if isinstance(self.container, dict):
            del self.container[self.key]
        else:
            del self.container[_index(self.key)]


def _index(key: object) -> int:
    assert isinstance(key, int)
    return key


def _pick(rng: Rng, data: object) -> _Place | None:
    """A place in the document: a container in it, and one of its keys (or indexes)."""
    containers = [c for c in _containers(data) if c]
    if not containers:
        return None
    container = rng.choice(containers)
    key = rng.choice(list(container)) if isinstance(container, dict) else rng.randrange(len(container))
    return _Place(container, key)


def delete_item(rng: Rng, data: object) -> object:
    picked = _pick(rng, data)
    if picked is not None:
        picked.delete()
    return data


def retype(rng: Rng, data: object) -> object:
    picked = _pick(rng, data)
    if picked is None:
        return _random_value(rng)
    picked.set(_random_value(rng))
    return data


def renest(rng: Rng, data: object) -> object:
    """Wrap a value in a list or a mapping, unwrap it, or move it under another container."""
    picked = _pick(rng, data)
    if picked is None:
        return [data]
    value = picked.get()
    roll = rng.random()
    if roll < 0.35:
        picked.set([value])
    elif roll < 0.6:
        picked.set({rng.choice(KEYS): value})
    elif roll < 0.8 and isinstance(value, dict | list) and value:
        picked.set(rng.choice(list(value.values()) if isinstance(value, dict) else value))
    else:
        other = rng.choice(_containers(data))
        if isinstance(other, dict):
            other[rng.choice(KEYS)] = value
        else:
            other.append(value)
    return data


def rename_key(rng: Rng, data: object) -> object:
    mappings = [c for c in _containers(data) if isinstance(c, dict) and c]
    if mappings:
        mapping = rng.choice(mappings)
        old = rng.choice(list(mapping))
        new: object = rng.choice((*KEYS, *ODD_KEYS, str(old).upper(), f"x-{old}", 42, True, None))
        mapping[new] = mapping.pop(old)
    return data


def set_text(rng: Rng, data: object) -> object:
    """A value becomes hostile or Norway-problem text."""
    picked = _pick(rng, data)
    if picked is not None:
        picked.set(random_text(rng))
    return data


def share(rng: Rng, data: object) -> object:
    """Make two places hold the same list or mapping: YAML writes an anchor and an alias; now and
    then the value is put inside itself (an alias loop) or doubled level by level (alias bombs)."""
    containers = _containers(data)
    picked = _pick(rng, data)
    if picked is None or not containers:
        return data
    value: object = rng.choice(containers)
    roll = rng.random()
    if roll < 0.15 and isinstance(value, list):
        value.append(value)
    elif roll < 0.3:
        bomb: object = ["lol"] * rng.randint(2, 10)
        for _ in range(rng.randint(2, 12)):
            bomb = [bomb] * rng.randint(2, 10)
        value = bomb
    elif roll < 0.4:
        deep: object = ["x"]
        for _ in range(rng.randint(10, 200)):
            deep = [deep, deep] if rng.random() < 0.1 else [deep]
        value = deep
    picked.set(value)
    return data


def swap(rng: Rng, data: object) -> object:
    first, second = _pick(rng, data), _pick(rng, data)
    if first is not None and second is not None:
        a, b = first.get(), second.get()
        first.set(b)
        second.set(a)
    return data


def grow(rng: Rng, data: object) -> object:
    """Repeat a list item (duplicate ids, repeated hand-offs) or a whole list."""
    lists = [c for c in _containers(data) if isinstance(c, list) and c]
    if lists:
        items = rng.choice(lists)
        items.extend([copy.deepcopy(rng.choice(items))] * rng.randint(1, 3))
    return data


DATA_MUTATIONS: tuple[Callable[[Rng, object], object], ...] = (
    delete_item, retype, renest, rename_key, set_text, share, swap, grow,
)  # fmt: skip


_DUMPER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _is_tree(data: object) -> bool:
    """True when no list or mapping appears twice: JSON would write a shared one out in full, and an
    alias bomb written out in full is exponentially large."""
    seen: set[int] = set()
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict | list):
            if id(node) in seen:
                return False
            seen.add(id(node))
            stack.extend(node.values() if isinstance(node, dict) else node)
    return True


def serialize(rng: Rng, data: object) -> str:
    """The document as block YAML, flow YAML, YAML with every scalar quoted, or JSON."""
    roll = rng.random()
    try:
        if roll < 0.15 and _is_tree(data):
            return json.dumps(data, ensure_ascii=rng.random() < 0.5, indent=rng.choice((None, 2)))
        return yaml.dump(
            data,
            Dumper=_DUMPER,
            default_flow_style=rng.choice((False, False, None, True)),
            default_style=rng.choice((None, None, None, '"', "'")),
            allow_unicode=rng.random() < 0.7,
            sort_keys=False,
            indent=rng.choice((2, 2, 3, 4)),
            width=rng.choice((80, 1000, 20)),
        )
    except (ValueError, TypeError, RecursionError, yaml.YAMLError):
        # JSON cannot write loops or infinities, nor PyYAML some keys: write YAML by the other route.
        try:
            return yaml.dump(data, Dumper=_DUMPER, sort_keys=False, allow_unicode=True)
        except (RecursionError, yaml.YAMLError):
            return "customers: [{id: c}]\n"


# -- mutations of the text ------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return text.split("\n")


def delete_line(rng: Rng, text: str) -> str:
    lines = _lines(text)
    del lines[rng.randrange(len(lines))]
    return "\n".join(lines)


def duplicate_line(rng: Rng, text: str) -> str:
    """A repeated line: in a mapping, a duplicate key."""
    lines = _lines(text)
    index = rng.randrange(len(lines))
    lines.insert(index, lines[index])
    return "\n".join(lines)


def swap_lines(rng: Rng, text: str) -> str:
    lines = _lines(text)
    a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[a], lines[b] = lines[b], lines[a]
    return "\n".join(lines)


def reindent(rng: Rng, text: str) -> str:
    lines = _lines(text)
    index = rng.randrange(len(lines))
    shift = rng.choice((-4, -2, -1, 1, 2, 4))
    line = lines[index]
    lines[index] = (
        line[-shift:] if shift < 0 and line.startswith(" " * -shift) else " " * max(shift, 0) + line
    )
    return "\n".join(lines)


def insert_token(rng: Rng, text: str) -> str:
    at = rng.randint(0, len(text))
    return text[:at] + rng.choice(TOKENS) + text[at:]


def delete_span(rng: Rng, text: str) -> str:
    at = rng.randint(0, len(text))
    return text[:at] + text[at + rng.randint(1, 12) :]


def truncate(rng: Rng, text: str) -> str:
    return text[: rng.randint(0, len(text))]


def line_breaks(rng: Rng, text: str) -> str:
    return text.replace("\n", rng.choice(("\r\n", "\r", "\n\n", "\u2028", "\r\r\n")))


def tabs(rng: Rng, text: str) -> str:
    lines = _lines(text)
    for index in rng.sample(range(len(lines)), min(len(lines), rng.randint(1, 3))):
        lines[index] = lines[index].replace("  ", "\t", 1)
    return "\n".join(lines)


def tag_value(rng: Rng, text: str) -> str:
    """Put a tag (Python objects, local tags, standard ones) where a value starts."""
    tag = rng.choice(
        (
            "!!python/object/apply:os.system ['touch pwned.txt']", "!!python/name:os.system",
            "!!python/object/new:object", "!!binary aGk=", "!!set", "!!omap", "!!str", "!!int",
            "!!float", "!!bool", "!!null", "!!map", "!!seq", "!secret", "!<tag:evil.example,2024:x>",
        )
    )  # fmt: skip
    return _at_value(rng, text, tag + " ")


_VALUE_START = re.compile(r"[:-] ")
_AFTER_COLON = re.compile(r": ")


def _at_value(rng: Rng, text: str, insert: str) -> str:
    starts = [m.end() for m in _VALUE_START.finditer(text, 0, 200_000)]
    if not starts:
        return insert + text
    at = rng.choice(starts)
    return text[:at] + insert + text[at:]


def anchor_alias(rng: Rng, text: str) -> str:
    """An anchor on one value and an alias (or a merge key) elsewhere; sometimes before its anchor."""
    name = rng.choice(("a", "b", "x1", "anchor"))
    text = _at_value(rng, text, f"&{name} ")
    use = rng.choice((f"*{name}", f"<<: *{name}", f"[*{name}, *{name}]", f"*{name}x"))
    return _at_value(rng, text, use + (" " if rng.random() < 0.5 else "\n"))


def alias_bomb(rng: Rng, text: str) -> str:
    width, depth = rng.randint(2, 10), rng.randint(3, 12)
    lines = [f"x-l0: &l0 [{', '.join(['lol'] * width)}]"]
    lines += [f"x-l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]" for i in range(1, depth)]
    return "\n".join(lines) + "\n" + text


def deep_nesting(rng: Rng, text: str) -> str:
    depth = rng.choice((10, 60, 63, 64, 65, 100, 1000, 20_000, 60_000))
    roll = rng.random()
    if roll < 0.4:
        nested = "[" * depth + "]" * rng.choice((0, depth))
    elif roll < 0.6:
        nested = "{a: " * depth + "}" * rng.choice((0, depth))
    elif roll < 0.8:
        nested = "\n" + "".join("  " * i + "- " + "\n" for i in range(min(depth, 300)))
    else:
        nested = "".join("\n" + " " * i + "a:" for i in range(min(depth, 300)))
    return _at_value(rng, text, nested)


def long_line(rng: Rng, text: str) -> str:
    return _long_line(rng, text, rng.choice((10_000, 100_000)))


def huge_line(rng: Rng, text: str) -> str:
    return _long_line(rng, text, 1_000_000)


def _long_line(rng: Rng, text: str, size: int) -> str:
    piece = rng.choice(("x", "é", "a b ", "[", "- ", "😀"))
    return _at_value(rng, text, piece * (size // len(piece)))


def big_scalar(rng: Rng, text: str) -> str:
    """A very big scalar (up to 10 MB), plain, quoted or a block scalar."""
    size = rng.choice((1_000_000, 10_000_000))
    style = rng.choice(("plain", "quoted", "block"))
    if style == "plain":
        value = "w" * size
    elif style == "quoted":
        value = '"' + "\\u00e9" * (size // 6) + '"'
    else:
        value = "|\n" + ("      " + "w" * 100 + "\n") * (size // 107)
    return f"x-big: {value}\n" + text


def documents(rng: Rng, text: str) -> str:
    extra = rng.choice(("---\n", "...\n", "---\nroles: []\n", "--- |\n  x\n", "%YAML 1.2\n---\n"))
    return rng.choice((text + "\n" + extra, extra + text))


def garbage(rng: Rng, text: str) -> str:
    return text + rng.choice(("\n]]] not yaml\n", "\n}{", "\n: :", "\n- - -", "\n@x", "\n'unclosed", "\x00"))


def replace_scalar(rng: Rng, text: str) -> str:
    """The text after a `: ` becomes a Norway word or hostile text (in quotes, or not)."""
    value = rng.choice(NORWAY) if rng.random() < 0.5 else json.dumps(random_text(rng), ensure_ascii=False)
    starts = [m.end() for m in _AFTER_COLON.finditer(text, 0, 200_000)]
    if not starts:
        return text
    at = rng.choice(starts)
    end = text.find("\n", at)
    return text[:at] + value + (text[end:] if end >= 0 else "")


def alias_size(rng: Rng, text: str) -> str:
    """A long text behind an anchor, aliased again and again: near and past the bound on what
    aliases may add (1,000,000 characters), in `what`s, `why`s or people (issue 19)."""
    size = rng.choice((1_000, 20_000, 100_000))
    times = rng.choice((2, 10, 49, 51, 60, 300))
    aliases = ", ".join(["*big"] * times)
    where = rng.choice(
        (
            f"x-text: &big {'t' * size}\nx-uses: [{aliases}]\n",
            f"x-text: &big {'t' * size}\nroles:\n  - id: r\n    why: *big\n    people: [{aliases}]\n",
            f"x-list: &big [{', '.join(['w' * 100] * (size // 100))}]\nx-uses: [{aliases}]\n",
        )
    )
    return where + text if rng.random() < 0.5 else text + "\n" + where


def huge_number(rng: Rng, text: str) -> str:
    """A count, a reach or a headcount far beyond dotchain's bound, or at it (issue 19)."""
    key = rng.choice(("count", "reach", "headcount"))
    value = rng.choice(("9" * 2_200, "9" * 5_000, str(10**12 + 1), str(10**12), "0" * 30 + "1"))
    found = [m.end() for m in re.finditer(rf"\b{key}: ", text[:200_000])]
    if not found:
        return _at_value(rng, text, f"{{{key}: {value}}}")
    at = rng.choice(found)
    end = re.search(r"[,}\n]", text[at:])
    return text[:at] + value + (text[at + end.start() :] if end else "")


def dense_list(rng: Rng, text: str) -> str:
    """A flow or block list of one bare hand-off or person, again and again (issue 19: 10 MB of
    `[c, c, …]` took 3.8 GB): small here, past the bound on values per byte in BIG_TEXT_MUTATIONS."""
    items = rng.choice((10, 1_000, 50_000))
    flow = "[" + ", ".join(["c"] * items) + "]"
    return _at_value(rng, text, flow if rng.random() < 0.7 else "\n" + "  - c\n" * items)


def dense_list_big(rng: Rng, text: str) -> str:
    """The same, 3 to 10 MB of it: refused before it is parsed."""
    items = rng.choice((1_000_000, 3_300_000))
    return "x-dense: [" + ", ".join(["c"] * items) + "]\n" + text


TEXT_MUTATIONS: tuple[Callable[[Rng, str], str], ...] = (
    delete_line, duplicate_line, swap_lines, reindent, insert_token, insert_token, delete_span, truncate,
    line_breaks, tabs, tag_value, anchor_alias, anchor_alias, alias_bomb, deep_nesting, long_line,
    documents, garbage, replace_scalar, replace_scalar, alias_size, huge_number, huge_number, dense_list,
)  # fmt: skip
BIG_TEXT_MUTATIONS = (big_scalar, huge_line, dense_list_big)
"""Slow to run (files of 1 to 10 MB): used for one input in a few hundred, and only when `big`."""


# -- mutations of the bytes ------------------------------------------------------------------------


def flip_bits(rng: Rng, data: bytes) -> bytes:
    if not data:
        return data
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        buffer[rng.randrange(len(buffer))] ^= 1 << rng.randrange(8)
    return bytes(buffer)


def odd_bytes(rng: Rng, data: bytes) -> bytes:
    piece = rng.choice(
        (
            b"\x00", b"\xff", b"\xfe", b"\xc3\x28", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80",
            b"\xe2\x80", b"\xef\xbb\xbf", b"\xff\xfe", b"\x1b[2J", b"\x85", b"\xc2\x85", b"\xe2\x80\xae",
        )
    )  # fmt: skip
    at = rng.randint(0, len(data))
    return data[:at] + piece + data[at:]


def cut_bytes(rng: Rng, data: bytes) -> bytes:
    """Truncate anywhere, even inside a multi-byte character."""
    return data[: rng.randint(0, len(data))]


BYTE_MUTATIONS: tuple[Callable[[Rng, bytes], bytes], ...] = (flip_bits, odd_bytes, cut_bytes)


# -- one input ------------------------------------------------------------------------------------


def _utf8(text: str) -> bytes:
    """The text as UTF-8, with the undecodable bytes of a seed file put back as they were."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


def _document(rng: Rng, recipe: list[str], big: bool) -> tuple[bytes, bytes]:
    """(base, mutated): a seed or generated document, and what the mutations made of it."""
    data: object
    if rng.random() < 0.25:
        name, base = rng.choice(seed_files())
        data = copy.deepcopy(_seed_data(name))
        recipe.append(f"seed {name}")
    else:
        loose = rng.random() < 0.3
        data = random_org(rng, loose, big)
        base = _utf8(serialize(rng, data))
        recipe.append("generated, loose" if loose else "generated")
    levels = [
        rng.choice(("data", "data", "text", "text", "bytes"))
        for _ in range(rng.choice((0, 0, 0, 1, 1, 2, 3)))
    ]
    text = base.decode("utf-8", "surrogateescape")
    if data is not None and "data" in levels:
        for _ in range(levels.count("data")):
            mutation = rng.choice(DATA_MUTATIONS)
            data = mutation(rng, data)
            recipe.append(mutation.__name__)
        text = serialize(rng, data)
    for _ in range(levels.count("text")):
        text_mutation = rng.choice(BIG_TEXT_MUTATIONS if big and rng.random() < 0.01 else TEXT_MUTATIONS)
        text = text_mutation(rng, text)
        recipe.append(text_mutation.__name__)
    if rng.random() < 0.05:
        encoding = rng.choice(
            ("utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "cp1252")
        )
        mutated = text.encode(encoding, "replace")
        recipe.append(f"encoded {encoding}")
    else:
        mutated = _utf8(text)
    for _ in range(levels.count("bytes")):
        byte_mutation = rng.choice(BYTE_MUTATIONS)
        mutated = byte_mutation(rng, mutated)
        recipe.append(byte_mutation.__name__)
    return base, mutated


def make_input(seed: int, index: int) -> FuzzInput:
    """The input numbered `index` of the run with this seed: the same every time."""
    return case_from(random.Random(f"dotchain-fuzz:{seed}:{index}"))


def case_from(rng: Rng, big: bool = True) -> FuzzInput:
    """An input made with the random choices of `rng` (hypothesis's, in the tests: then it shrinks
    a failing input to a small one). Without `big`, no input is larger than a few hundred KB."""
    recipe: list[str] = []
    base, mutated = _document(rng, recipe, big)
    files: tuple[tuple[str, bytes], ...] = (("org.yaml", mutated),)
    if rng.random() < 0.1:  # a second file: a department's roles, or another organisation
        _, second = _document(rng, recipe, big)
        files += (("team.yaml", second),)
        recipe.append("two files")
    other = (("old.yaml", base),) if rng.random() < 0.7 else files
    layout = rng.choice(LAYOUTS) if rng.random() < 0.05 else None
    if layout is not None:
        recipe.append(f"layout: {layout}")
    return FuzzInput(files, other, tuple(recipe), layout)

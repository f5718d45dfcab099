"""The comments and blank lines between two entries of a list, kept where the user put them.

ruamel.yaml keeps what follows an entry (a blank line, a comment about the next role) on the last
value of the entry. An edit that removes or adds that last value would take the comment with it, or
leave it before the added value; so it is taken off before the edit and put back on the entry's new
last value after it. The part on the value's own line (`rating: desired  # agreed`) stays.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken


def _last_slot(node: Any) -> tuple[Any, Any, int] | None:
    """Where ruamel keeps what follows `node`: (container, key or index, position in its comment list)."""
    if isinstance(node, CommentedMap) and node:
        key = list(node)[-1]
        deeper = _last_slot(node[key]) if _is_block(node[key]) else None
        return deeper or (node, key, 2)
    if isinstance(node, CommentedSeq) and node:
        deeper = _last_slot(node[-1]) if _is_block(node[-1]) else None
        return deeper or (node, len(node) - 1, 0)
    return None


def _is_block(node: Any) -> bool:
    return isinstance(node, CommentedMap | CommentedSeq) and bool(node) and not node.fa.flow_style()


def detach_tail(node: Any) -> str:
    """Take off the lines that follow `node` (blank lines and comments), and return them."""
    slot = _last_slot(node)
    if slot is None:
        return ""
    container, key, position = slot
    entry = container.ca.items.get(key)
    token = entry[position] if entry else None
    if not isinstance(token, CommentToken):
        return ""
    own, newline, rest = token.value.partition("\n")
    if not newline or not rest:
        return ""
    token.value = own + "\n"
    if not own.strip():
        entry[position] = None
    return rest


def attach_tail(node: Any, rest: str) -> None:
    """Put `rest` (lines, each ending in a newline) after `node`'s last value."""
    slot = _last_slot(node)
    if slot is None or not rest:
        return
    container, key, position = slot
    entry = container.ca.items.setdefault(key, [None, None, None, None])
    token = entry[position]
    if isinstance(token, CommentToken):
        token.value = token.value.rstrip("\n") + "\n" + rest
    else:
        entry[position] = CommentToken("\n" + rest, CommentMark(0), None)

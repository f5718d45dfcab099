"""How much memory a load may take: at most 40 times the size of what is read, or 200 MB.

Memory grows with the number of values (a list item, a key's value), not with bytes: each costs
about 500 bytes by the time it is a model in a graph, and the fast parser's tree alone 150. An
organisation written by hand or by `dotchain import` holds one value every 20 bytes or more; a flow
list `[c, c, c, …]` one every 3, which took 3.8 GB for 10 MB (found in review). So the values are
counted, cheaply and before anything is parsed, and files denser than one value every
`BYTES_PER_VALUE` bytes are refused once all the files together hold more than `FREE_VALUES`
(SECURITY.md; benchmarks/memory.py measures every shape of input against the bound).
"""

from __future__ import annotations

from collections.abc import Sequence

from dotchain.load.sources import Source

FREE_VALUES = 300_000
"""Values any input may hold, however densely: about 200 MB of models."""
BYTES_PER_VALUE = 16
"""Beyond `FREE_VALUES`, the fewest bytes of file per value: 40 times 16 bytes is what one value
costs at the peak (500 to 650 bytes, measured by benchmarks/memory.py on the densest shapes)."""


def values_in(data: bytes) -> int:
    """About how many values a YAML text holds, from bytes found at memory speed: every comma (flow
    items) and every line or colon, whichever are more (a block line holds one key and its value)."""
    return data.count(b",") + max(data.count(b"\n"), data.count(b":"))


NAMED = 10
"""Dense files named one by one; the rest are told of in one finding (a folder of 100,000 one-role
files gave 100,000 findings and took 35 s)."""


def too_dense(sources: Sequence[Source]) -> dict[str, str | None]:
    """The files that hold too many values for their size, when all the files together are past the
    bound: each with the message to give, or None for a file told of with others in one message."""
    counts = [(source, values_in(source.data)) for source in sources if source.refused is None]
    values = sum(count for _, count in counts)
    size = sum(len(source.data) for source, _ in counts)
    if values <= max(FREE_VALUES, size // BYTES_PER_VALUE):
        return {}
    dense = [
        (source, count) for source, count in counts if count and len(source.data) < count * BYTES_PER_VALUE
    ]
    refused: dict[str, str | None] = {source.name: _message(source, count) for source, count in dense[:NAMED]}
    rest = dense[NAMED:]
    if rest:
        refused[rest[0][0].name] = (
            f"this file and {len(rest) - 1:,} more after it are not read either, for the same reason as the "
            f"{NAMED} before: each holds more than one value for every {BYTES_PER_VALUE} bytes"
        )
        refused.update((source.name, None) for source, _ in rest[1:])
    return refused


def _message(source: Source, count: int) -> str:
    return (
        f"the file holds about {count:,} values in {len(source.data):,} bytes, one every "
        f"{len(source.data) / count:.1f} bytes; once the files read hold more than {FREE_VALUES:,} "
        f"values, dotchain reads at most one for every {BYTES_PER_VALUE} bytes, so that it never needs "
        "more than 40 times their size in memory (an organisation written by hand, or by `dotchain "
        "import`, holds one every 20 bytes or more): check what wrote this file"
    )

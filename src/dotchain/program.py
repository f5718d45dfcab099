"""The `dotchain` program's entry point (`python -m dotchain` too).

`dotchain --version` is answered here, before the command line's modules are imported: importing
typer alone takes 55 ms of the 0.1 s a version may take (`python -X importtime`). Everything else,
`--version` among other arguments included, goes to the command line (`dotchain.cli`), which
prints the same line for it.
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.stdout is None or sys.stderr is None:  # closed by the caller (`>&-`)
        from dotchain.logsafe import ClosedStream

        sys.stdout = sys.stdout or ClosedStream()
        sys.stderr = sys.stderr or ClosedStream()
    if sys.argv[1:] == ["--version"]:
        _print_version()
        return
    from dotchain.cli import main as run

    run()


def _print_version() -> None:
    from dotchain import __version__
    from dotchain.exits import ending_as_output_allows

    with ending_as_output_allows():  # `dotchain --version | true`, `dotchain --version > /dev/full`
        sys.stdout.write(f"dotchain {__version__}\n")
        sys.stdout.flush()

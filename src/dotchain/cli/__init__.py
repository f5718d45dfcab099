"""The command line: parse options, call the core, print the result, map it to an exit code.

Each command is a module that registers itself on `app`; `dotchain --help` lists them in the order a
newcomer needs them (`app.COMMAND_ORDER`), not in the order they happen to be imported.
"""

from dotchain.cli import (  # noqa: F401  (imported to register the commands)
    card_command,
    check_command,
    diff_command,
    export_command,
    import_command,
    init_command,
    lsp_command,
    map_command,
    ratings_command,
    reach_command,
    schema_command,
)
from dotchain.cli.app import COMMAND_ORDER, app, main

__all__ = ["COMMAND_ORDER", "app", "main"]

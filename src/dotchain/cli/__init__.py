"""The command line: parse options, call the core, print the result, map it to an exit code.

Each command is a module, `NAME_command.py`, that registers itself on `app` when it is imported;
`app` imports it only when that command runs or help lists it (`app.COMMAND_ORDER`, the order a
newcomer needs them in), so a run pays only for the command it runs.
"""

from dotchain.cli.app import COMMAND_ORDER, app, main, register_all

__all__ = ["COMMAND_ORDER", "app", "main", "register_all"]

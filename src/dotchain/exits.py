"""The process exit codes: a public contract that CI scripts depend on (SPEC §4)."""

from typing import Final

EXIT_OK: Final = 0
"""Done, and no errors."""
EXIT_FINDINGS: Final = 1
"""The organisation has errors (`check`), or could not be loaded (any command)."""
EXIT_USAGE: Final = 2
"""The command could not run as asked: bad option, unreadable path, missing program."""
EXIT_LOST_SIGHT: Final = 1
"""`diff`: a role that reaches a customer in OLD reaches none in NEW."""
EXIT_INTERNAL: Final = 3
"""A bug in dotchain itself: reported in one line, never as a traceback."""

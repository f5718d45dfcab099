"""The rules reference (docs/rules.md), generated from the rule modules' metadata and docstrings.

python -m dotchain.check.rules.docs > docs/rules.md
"""

from __future__ import annotations

import inspect

from dotchain.check.rules import RULES, Level, Rule

_DEFAULTS = {Level.ERROR: "error", Level.WARNING: "warning"}


def _default(rule: Rule) -> str:
    if rule.default == Level.OFF:
        return f"off (select it to run it; it reports {rule.severity}s)"
    return _DEFAULTS[rule.default]


def _section(rule: Rule) -> str:
    return f"## {rule.code}\n\n**{rule.name}** · default: {_default(rule)}\n\n{inspect.cleandoc(rule.doc)}\n"


def rules_markdown() -> str:
    table = "\n".join(
        f"| [{r.code}](#{r.code.lower()}) | {r.name} | {r.default} | {r.summary} |" for r in RULES.values()
    )
    intro = (
        "# Rules\n\n"
        "`dotchain check` runs these rules. Errors fail the check (exit 1); warnings fail it only with "
        "`--strict`; rules that are off run only when selected. Choose rules in the org file's `checks` "
        "(`select`, `ignore`) or with `--select` and `--ignore`, which override the file. DC000 and DC003 "
        "are found while loading and always apply.\n\n"
        "This page is generated from the rule modules in `src/dotchain/check/rules/` "
        "(`python -m dotchain.check.rules.docs > docs/rules.md`); a test keeps it up to date.\n\n"
        "| code | name | default | finding |\n|---|---|---|---|\n"
    )
    return intro + table + "\n\n" + "\n".join(_section(rule) for rule in RULES.values())


if __name__ == "__main__":
    print(rules_markdown(), end="")

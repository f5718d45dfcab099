"""The short checklist every import ends with: what the user should add next, in the order that gives
every role a line of sight soonest — customers, the front line's hand-offs, then ratings."""

from __future__ import annotations

from dotchain.importers.plan import ImportedCustomer, ImportedRole
from dotchain.text import plural

SHOWN = 5


def next_steps(roles: list[ImportedRole], customers: list[ImportedCustomer], target: str) -> list[str]:
    customer_ids = {c.id for c in customers}
    steps = [_customers(customers), _front_line(roles, customer_ids), _ratings(), _check(target)]
    return ["What to add next:"] + [f"  {n}. {step}" for n, step in enumerate(steps, start=1)]


def _customers(customers: list[ImportedCustomer]) -> str:
    if any(c.placeholder for c in customers):
        return "Customers: replace the placeholder under `customers:` with who the organisation serves."
    names = ", ".join(c.name for c in customers[:SHOWN]) + (", …" if len(customers) > SHOWN else "")
    return f"Customers: check the {plural(len(customers), 'customer')} ({names}); add any that are missing."


def _front_line(roles: list[ImportedRole], customers: set[str]) -> str:
    front = [r for r in roles if any(h.to in customers for h in r.handoffs)]
    if front:
        waiting = [r for r in roles if not r.handoffs]
        text = f"Front line: {_names(front)} hand off to a customer; check those hand-offs first"
        return text + (
            f", then add hand-offs to the {plural(len(waiting), 'role')} with none." if waiting else "."
        )
    managed = {target for r in roles for target in r.reports_to}
    if managed:
        leaves = [r for r in roles if r.id not in managed]
        return (
            "Front line first: add the hand-offs of the roles nobody reports to, biggest first "
            f"({_names(_biggest(leaves))}): who receives their work, and what (`to`, `what`)."
        )
    return (
        "Front line first: add the hand-offs (`to`, `what`) of the roles that serve customers, "
        f"then the rest, biggest first ({_names(_biggest(roles))})."
    )


def _ratings() -> str:
    return (
        "Ratings: with the people who receive each hand-off, rate it in a word of the language "
        "(`rating: expected`); then `dotchain ratings` shows what to fix first."
    )


def _check(target: str) -> str:
    return f"Run `dotchain check {target}` until every role has a line of sight."


def _biggest(roles: list[ImportedRole]) -> list[ImportedRole]:
    return sorted(roles, key=lambda r: -(r.headcount if r.headcount is not None else len(r.people) or 1))


def _names(roles: list[ImportedRole]) -> str:
    shown = [_label(r) for r in roles[:SHOWN]]
    return ", ".join(shown) + (f" and {len(roles) - SHOWN} more" if len(roles) > SHOWN else "")


def _label(role: ImportedRole) -> str:
    size = role.headcount if role.headcount is not None else len(role.people)
    return f"{role.name or role.id} ({plural(size, 'person', 'people')})" if size else role.name or role.id

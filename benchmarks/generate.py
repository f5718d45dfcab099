"""Generate synthetic organisations of any size for the benchmarks.

The shape imitates a real org: teams of ~20 roles, a few customers with impact chains,
rated hand-offs that flow towards the customer, and ~1 % of roles in closed loops that
never reach a customer (so `check` has real DC001 findings to report).
"""

from __future__ import annotations

import argparse
import random
from itertools import pairwise
from pathlib import Path

WORDS = ["broken", "basic", "expected", "desired", "delightful"]
VERBS = ["Answers", "Prepares", "Reviews", "Plans", "Builds", "Checks", "Schedules", "Delivers"]
THINGS = ["enquiries", "timetables", "invoices", "reports", "course material", "contracts", "rotas"]


def _role_block(index: int, n_roles: int, rng: random.Random, in_loop: bool) -> str:
    team = index // 20
    lines = [
        f"  - id: r{index:07d}",
        f"    name: Role {index} of team {team}",
        f"    team: Team {team:05d}",
        f"    headcount: {rng.randint(2, 9)}",
    ]
    if index % 4 == 0:
        lines.append(f"    people: [Person {index}a, Person {index}b]")
    lines += [
        f"    why: Help customer group {index % 7} reach their goals",
        "    how: Listen first and answer in one go",
        f"    what: {rng.choice(VERBS)} {rng.choice(THINGS)}",
        "    handoffs:",
    ]
    for target in _targets(index, n_roles, rng, in_loop):
        lines += [
            f"      - to: {target}",
            f"        what: {rng.choice(THINGS).capitalize()}",
            f"        rating: {rng.choice(WORDS)}",
        ]
    return "\n".join(lines)


def _targets(index: int, n_roles: int, rng: random.Random, in_loop: bool) -> list[str]:
    if in_loop:  # a closed pair: each hands off only to the other
        partner = index + 1 if index % 2 == 0 else index - 1
        return [f"r{partner:07d}"]
    if index < max(1, n_roles // 10):  # front line
        return [f"c{rng.randrange(3)}"]
    # hand off "downstream" to a role with a smaller index, so every chain ends at the front line
    return sorted({f"r{rng.randrange(index // 2, index):07d}" for _ in range(rng.randint(1, 2))})


def generate(n_roles: int, seed: int = 7) -> str:
    """The whole organisation as one file."""
    head, blocks = _parts(n_roles, seed)
    return "\n".join([*head, "roles:", *blocks]) + "\n"


def generate_split(
    n_roles: int, folder: Path, files: int = 1000, per_folder: int = 100, seed: int = 7
) -> None:
    """The same organisation as `generate`, split into `files` files in folders of `per_folder`:
    the organisation and its customers in the first, the roles spread over the rest in order."""
    head, blocks = _parts(n_roles, seed)
    folder.mkdir(parents=True, exist_ok=True)
    chunks = _chunks(blocks, files - 1)
    (folder / "0000-organisation.yaml").write_text("\n".join(head) + "\n", encoding="utf-8")
    for index, chunk in enumerate(chunks, start=1):
        sub = folder / f"part-{index // per_folder:02d}"
        sub.mkdir(exist_ok=True)
        (sub / f"roles-{index:04d}.yaml").write_text("\n".join(["roles:", *chunk]) + "\n", encoding="utf-8")


def _chunks(blocks: list[str], count: int) -> list[list[str]]:
    """`count` runs of consecutive blocks, as even as can be."""
    size, extra = divmod(len(blocks), count)
    bounds = [i * size + min(i, extra) for i in range(count + 1)]
    return [blocks[start:end] for start, end in pairwise(bounds)]


def _parts(n_roles: int, seed: int) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    head = [
        "dotchain: 1",
        f"organization: Synthetic org of {n_roles} roles",
        "customers:",
    ]
    for c in range(3):
        head += [
            f"  - id: c{c}",
            f"    name: Customer group {c}",
            f"    count: {1000 * (c + 1)}",
            "    impacts:",
            f"      - id: c{c}-beyond",
            f"        name: People served by customer group {c}",
            "        reach: 30",
        ]
    loop_start = n_roles - max(2, n_roles // 100) // 2 * 2
    blocks = [_role_block(i, n_roles, rng, in_loop=i >= loop_start) for i in range(n_roles)]
    return head, blocks


def reorganised(text: str, cut: int = 5) -> str:
    """The same organisation after a small reorganisation, for `dotchain diff`: the first `cut`
    front-line hand-offs to customer c0 now go to an id that does not exist (so those roles, and
    whoever reached c0 only through them, lose their line of sight), and a role is renamed."""
    changed = text.replace("      - to: c0\n", "      - to: c0-closed\n", cut)
    return changed.replace("  - id: r0000001\n", "  - id: r0000001-renamed\n", 1)


# -- workshop-sized organisations (benchmarks/layout.py) --------------------------------------------

TEAMS = [
    "Customer contact",
    "Highways maintenance",
    "Traffic",
    "Parks and open spaces",
    "Waste collection",
    "Street lighting",
    "Planning",
    "Building control",
    "Finance",
    "People",
    "IT services",
    "Fleet",
    "Depot",
    "Procurement",
    "Legal",
    "Communications",
    "Housing repairs",
    "Environmental health",
    "Libraries",
    "Licensing",
    "Drainage",
    "Bridges and structures",
    "Design office",
    "Asset management",
    "Road safety",
    "Emergency planning",
    "Cemeteries",
    "Markets",
    "Transport planning",
    "Parking",
]
LONG_TEAM = "Highways Maintenance, Street Lighting and Winter Gritting Operations"
JOBS = [
    "officer",
    "coordinator",
    "engineer",
    "adviser",
    "technician",
    "manager",
    "assistant",
    "inspector",
    "analyst",
    "planner",
    "supervisor",
    "clerk",
]
GRADES = ["", "Senior ", "Lead ", "Trainee ", "Principal "]
HANDED = [
    "Work orders",
    "Approved designs",
    "Paid invoices",
    "Inspection reports",
    "Permits",
    "Repaired streets",
    "Answers to residents",
    "Schedules",
    "Budgets",
    "Staff rota",
    "Contracts signed",
    "Materials delivered",
    "Complaints logged",
    "Paint delivered in April",
]


def generate_workshop(n_roles: int, seed: int = 21) -> str:
    """A workshop-sized organisation: teams of 3 to 8 roles in three tiers (front-line teams hand
    off to customers, the others to one or two partner teams nearer the customer), roles at
    different distances within a team, a few hand-offs to unrelated teams and back upstream, one
    very long team name. The shape a facilitator brings, unlike `generate`'s uniform tangle."""
    rng = random.Random(seed)
    teams = _workshop_teams(n_roles, rng)
    lines = ["dotchain: 1", f"organization: Workshop org of {n_roles} roles", "customers:"]
    for c, name in enumerate(["Residents", "Businesses", "Visitors"]):
        lines += [f"  - id: cust{c}", f"    name: {name}", f"    count: {1000 * (c + 1)}"]
        if c != 2:
            lines += [
                "    impacts:",
                f"      - id: cust{c}-beyond",
                f"        name: Families of {name.lower()}",
                "        reach: 3",
            ]
    lines.append("roles:")
    for team in teams:
        for role in team.roles:
            lines += _workshop_role(role, team, teams, rng)
    return "\n".join(lines) + "\n"


class _Team:
    def __init__(self, index: int, name: str, tier: int, size: int) -> None:
        self.index, self.name, self.tier = index, name, tier
        self.roles = [f"t{index:02d}r{r}" for r in range(size)]
        self.partners: list[int] = []
        self.customer = 0


def _workshop_teams(n_roles: int, rng: random.Random) -> list[_Team]:
    sizes: list[int] = []
    while sum(sizes) < n_roles:
        sizes.append(min(rng.randint(3, 8), n_roles - sum(sizes)))
    teams = []
    for index, size in enumerate(sizes):
        name = LONG_TEAM if index == 1 else TEAMS[index % len(TEAMS)] + ("" if index < len(TEAMS) else " 2")
        tier = 0 if index % 3 == 0 else 1 if index % 3 == 1 else 2
        teams.append(_Team(index, name, tier, size))
    for team in teams:
        team.customer = rng.randrange(3)
        nearer = [t.index for t in teams if t.tier == team.tier - 1]
        if nearer:
            team.partners = sorted(rng.sample(nearer, min(len(nearer), rng.randint(1, 2))))
    return teams


def _workshop_role(role: str, team: _Team, teams: list[_Team], rng: random.Random) -> list[str]:
    position = team.roles.index(role)
    job = f"{rng.choice(GRADES)}{team.name.split(',')[0].lower()} {rng.choice(JOBS)}"
    lines = [
        f"  - id: {role}",
        f"    name: {job[0].upper()}{job[1:]}",
        f"    team: {team.name}",
        f"    headcount: {rng.randint(1, 12)}",
        f"    why: Keep {team.name.lower()} working for residents",
        "    handoffs:",
    ]
    targets: list[str] = []
    outlet = position < max(1, len(team.roles) // 3)
    if outlet and team.tier == 0:
        targets.append(f"cust{team.customer}")
    elif outlet:
        partner = teams[rng.choice(team.partners)]
        targets.append(rng.choice(partner.roles))
    else:  # towards the team's outlets, through the team
        targets.append(team.roles[rng.randrange(position)])
    chance = rng.random()
    if chance < 0.12:  # a hand-off to an unrelated team
        other = teams[rng.randrange(len(teams))]
        targets.append(rng.choice(other.roles))
    elif chance < 0.16 and position + 1 < len(team.roles):  # back upstream, within the team
        targets.append(team.roles[position + 1])
    for target in dict.fromkeys(t for t in targets if t != role):
        lines += [
            f"      - to: {target}",
            f"        what: {rng.choice(HANDED)}",
            f"        rating: {rng.choice(WORDS)}",
        ]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("roles", type=int)
    parser.add_argument("output", type=Path, help="a file, or with --split a folder")
    parser.add_argument("--split", type=int, metavar="FILES", help="split into this many files in folders")
    args = parser.parse_args()
    if args.split:
        generate_split(args.roles, args.output, args.split)
    else:
        args.output.write_text(generate(args.roles), encoding="utf-8")


if __name__ == "__main__":
    main()

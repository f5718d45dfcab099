"""`layered_optimum.py`'s model solved as MaxSAT: its clauses hard, one soft clause per pair of
hand-offs that may cross ("they do not"), by PySAT's RC2 (core-guided, so what it returns is proved
optimal). A check whether a light solver could give dotchain the optimal order itself.

    pip install python-sat      # MIT; wheels for CPython on Linux, macOS, Windows; needs only six
    python benchmarks/experiments/layered_maxsat.py examples/university.yaml
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass, field
from pathlib import Path

from layered_optimum import Model, picture
from pysat.examples.rc2 import RC2  # type: ignore[import-not-found,unused-ignore]
from pysat.formula import WCNF  # type: ignore[import-not-found,unused-ignore]

from dotchain.cli.common import load_graph
from dotchain.export.build import build_diagram
from dotchain.export.views import View


@dataclass(frozen=True)
class Literal:
    """A variable (v > 0) or its negation (v < 0), as DIMACS numbers them."""

    v: int

    def Not(self) -> Literal:  # CP-SAT's names, which Model calls
        return Literal(-self.v)


@dataclass
class Clauses:
    """The part of CP-SAT's model API that `Model` uses, writing DIMACS clauses."""

    variables: int = 0
    hard: list[list[int]] = field(default_factory=list)

    def NewBoolVar(self, name: str) -> Literal:
        self.variables += 1
        return Literal(self.variables)

    def AddBoolOr(self, literals: list[Literal]) -> None:
        self.hard.append([literal.v for literal in literals])


@dataclass(frozen=True)
class Optimum:
    model: Model
    true: frozenset[int]
    crossings: int

    def value(self, literal: Literal) -> bool:
        return literal.v in self.true if literal.v > 0 else -literal.v not in self.true


def solve_maxsat(model: Model) -> Optimum:
    clauses: Clauses = model.m
    formula = WCNF()
    for clause in clauses.hard:
        formula.append(clause)
    for pair in model.pairs.values():
        formula.append([-pair.v], weight=1)
    with RC2(formula, solver="g3", adapt=True, exhaust=True, minz=True) as rc2:
        found = rc2.compute()
        if found is None:
            raise SystemExit("the model has no solution")
        return Optimum(model, frozenset(v for v in found if v > 0), int(rc2.cost))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("org", type=Path)
    args = parser.parse_args()
    started = time.perf_counter()
    model = Model(picture(build_diagram(load_graph([str(args.org)]), View(details=False))), Clauses())
    built = time.perf_counter()
    optimum = solve_maxsat(model)
    clauses: Clauses = model.m
    print(
        f"{args.org}: crossings {optimum.crossings} (optimal), {clauses.variables:,} variables, "
        f"{len(clauses.hard):,} clauses, built in {built - started:.1f} s, solved in "
        f"{time.perf_counter() - built:.1f} s"
    )


if __name__ == "__main__":
    main()

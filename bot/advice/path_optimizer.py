"""The best set of courses: a budgeted maximum-coverage problem, solved exactly.

Choose at most ``max_courses`` courses whose total price fits the budget so that the
importance-weighted share of the gaps they close is as large as possible; among those, the
cheapest; among those, the shortest; then the preferred levels and catalog order, so the
answer is deterministic. Solved lexicographically with an integer programme (PuLP's bundled
CBC solver), one solve per criterion. Because each criterion is optimised with the earlier
ones fixed, no feasible path can cover more for the same money and time, and any path that
is cheaper or shorter covers less or costs more: the first path is never dominated, so
"cheaper" or "shorter" follow-ups cannot find a better one.

All coefficients are scaled to integers (importance x 100, cents, tenths of hours) so the
solver compares exact numbers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

import pulp

#: At most one apprenticeship or rotation: each is a job in itself.
MAX_PAID_WORK = 1


class SolverError(RuntimeError):
    """The solver did not return an optimal plan (should not happen: choosing nothing is feasible)."""


@dataclass(frozen=True)
class Candidate:
    """A course the learner may take, reduced to what the choice depends on."""

    key: str  # the course code
    closes: frozenset[int]  # gap skill ids it closes
    price: Decimal  # in the comparison currency
    hours: Decimal
    paid_work: bool = False
    preference: int = 0  # lower is preferred (level fit, then catalog order)


def choose(
    candidates: Sequence[Candidate],
    weights: Mapping[int, float],
    *,
    budget: Decimal | None,
    max_courses: int,
    max_study_hours: Decimal | None = None,
) -> list[str]:
    """The keys of the chosen candidates (see the module docstring for the order of criteria);
    ``max_study_hours`` caps the study hours of the whole path (paid work not counted)."""
    useful = [candidate for candidate in candidates if candidate.closes & set(weights)]
    if budget is not None:
        useful = [candidate for candidate in useful if candidate.price <= budget]
    if not useful or max_courses <= 0:
        return []
    if max_study_hours is not None:
        useful = [c for c in useful if c.paid_work or c.hours <= max_study_hours]
    problem = _Problem(useful, weights, budget, max_courses, max_study_hours)
    best_cover = problem.maximise_cover()
    if best_cover == 0:
        return []
    best_price = problem.minimise_price(best_cover)
    return problem.minimise_time(best_cover, best_price)


class _Problem:
    def __init__(
        self,
        candidates: Sequence[Candidate],
        weights: Mapping[int, float],
        budget: Decimal | None,
        max_courses: int,
        max_study_hours: Decimal | None = None,
    ):
        self.candidates = list(candidates)
        self.max_study_tenths = (
            None if max_study_hours is None else int((max_study_hours * 10).to_integral_value())
        )
        self.skills = sorted({skill for c in candidates for skill in c.closes if skill in weights})
        self.weight = {skill: round(weights[skill] * 100) for skill in self.skills}
        self.cents = {c.key: int((c.price * 100).to_integral_value()) for c in candidates}
        self.tenths = {c.key: int((c.hours * 10).to_integral_value()) for c in candidates}
        self.budget_cents = None if budget is None else int((budget * 100).to_integral_value())
        self.max_courses = max_courses

    def _model(
        self, sense: int
    ) -> tuple[pulp.LpProblem, dict[str, pulp.LpVariable], pulp.LpAffineExpression]:
        model = pulp.LpProblem("learning_path", sense)
        take = {c.key: pulp.LpVariable(f"take_{i}", cat="Binary") for i, c in enumerate(self.candidates)}
        covered = {skill: pulp.LpVariable(f"covered_{skill}", cat="Binary") for skill in self.skills}
        for skill, variable in covered.items():
            model += variable <= pulp.lpSum(take[c.key] for c in self.candidates if skill in c.closes)
        model += pulp.lpSum(take.values()) <= self.max_courses
        paid = [take[c.key] for c in self.candidates if c.paid_work]
        if paid:
            model += pulp.lpSum(paid) <= MAX_PAID_WORK
        if self.budget_cents is not None:
            model += pulp.lpSum(self.cents[key] * var for key, var in take.items()) <= self.budget_cents
        if self.max_study_tenths is not None:
            study = [c for c in self.candidates if not c.paid_work]
            model += pulp.lpSum(self.tenths[c.key] * take[c.key] for c in study) <= self.max_study_tenths
        cover = pulp.lpSum(self.weight[skill] * var for skill, var in covered.items())
        return model, take, cover

    def _solve(self, model: pulp.LpProblem) -> None:
        model.solve(pulp.PULP_CBC_CMD(msg=False))
        if pulp.LpStatus[model.status] != "Optimal":
            raise SolverError(f"the course choice was {pulp.LpStatus[model.status]}")

    def maximise_cover(self) -> int:
        model, _, cover = self._model(pulp.LpMaximize)
        model += cover
        self._solve(model)
        return round(pulp.value(cover) or 0)

    def minimise_price(self, best_cover: int) -> int:
        model, take, cover = self._model(pulp.LpMinimize)
        model += cover >= best_cover
        price = pulp.lpSum(self.cents[key] * var for key, var in take.items())
        model += price
        self._solve(model)
        return round(pulp.value(price) or 0)

    def minimise_time(self, best_cover: int, best_price: int) -> list[str]:
        model, take, cover = self._model(pulp.LpMinimize)
        model += cover >= best_cover
        model += pulp.lpSum(self.cents[key] * var for key, var in take.items()) <= best_price
        # hours first, then preference: preference ranks are below one tenth of an hour
        scale = len(self.candidates) * self.max_courses + 1
        order = {
            c.key: rank for rank, c in enumerate(sorted(self.candidates, key=lambda c: (c.preference, c.key)))
        }
        model += pulp.lpSum((self.tenths[key] * scale + order[key]) * var for key, var in take.items())
        self._solve(model)
        return [c.key for c in self.candidates if (take[c.key].value() or 0) > 0.5]

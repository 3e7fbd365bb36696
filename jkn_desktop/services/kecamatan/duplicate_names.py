"""``orang_sama``: one person under two NIKs in two villages. Living residents are blocked on
birth date and sex (both must be known); inside a block, names are compared after
``domain.names.match_name`` with RapidFuzz, and the mother's name breaks ties
(``domain.duplicates.near_enough``). Nothing is merged: every pair goes to a person."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

from jkn_desktop.domain import duplicates as D
from jkn_desktop.domain.names import match_name

SMALL_BLOCK = 8  # up to this many records a block is compared pair by pair, above with extract


@dataclass(frozen=True, slots=True)
class NamePair:
    id_a: int
    id_b: int
    score: int
    mother_score: int | None


def blocks(rows: Sequence[Sequence[Any]]) -> list[list[int]]:
    """Indexes into ``rows`` grouped by (birth date, sex), only the groups spanning two villages
    or more. ``rows``: ``(id, package_id, nik, name, sex, birth_date, mother_name)``."""
    groups: dict[tuple[Any, Any], list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        if r[5] and r[4]:
            groups[(r[5], r[4])].append(i)
    return [g for g in groups.values() if len(g) > 1 and len({rows[i][1] for i in g}) > 1]


def name_pairs(rows: Sequence[Sequence[Any]]) -> list[NamePair]:
    """Every pair of living records in two villages, with different NIKs, the same birth date and
    sex, whose names are near enough (with the mothers' names as the tie-breaker)."""
    memo: dict[str, str] = {}

    def key(name: str) -> str:
        k = memo.get(name)
        if k is None:
            k = memo[name] = match_name(name or "")
        return k

    found: list[NamePair] = []
    for group in blocks(rows):
        names = [key(rows[i][3]) for i in group]
        weak = D.placeholder_birth_date(rows[group[0]][5])
        # on a placeholder date no pair below NAME_SURE is near enough, whatever the mothers
        # (domain.duplicates.near_enough): RapidFuzz stops early on the higher cutoff
        cutoff = D.NAME_SURE if weak else D.NAME_WITH_MOTHER
        hits = (
            _pairs_small(names, cutoff)
            if len(group) <= SMALL_BLOCK
            else _pairs_large(names, cutoff)
        )
        for x, y, score in hits:
            ra, rb = rows[group[x]], rows[group[y]]
            if ra[1] == rb[1] or ra[2] == rb[2]:  # same village, or same NIK (nik_sama)
                continue
            mother = (
                D.similarity(key(ra[6]), key(rb[6])) if ra[6] and rb[6] else None
            )  # the mothers' names, normalised the same way
            if D.near_enough(score, mother, weak_date=weak):
                found.append(NamePair(ra[0], rb[0], score, mother))
    return found


def _pairs_small(names: list[str], cutoff: int) -> list[tuple[int, int, int]]:
    out = []
    n = len(names)
    for x in range(n):
        for y in range(x + 1, n):
            score = round(fuzz.token_sort_ratio(names[x], names[y]))
            if score >= cutoff:
                out.append((x, y, score))
    return out


def _pairs_large(names: list[str], cutoff: int) -> list[tuple[int, int, int]]:
    """A large block (many people with the same recorded birth date, e.g. 1 January of an
    unknown year): each name against the ones after it, in RapidFuzz's C loop."""
    out = []
    for x in range(len(names) - 1):
        rest = names[x + 1 :]
        for _, score, pos in process.extract(
            names[x],
            rest,
            scorer=fuzz.token_sort_ratio,
            score_cutoff=cutoff - 0.5,  # as the small blocks' rounded scores
            limit=None,
        ):
            out.append((x, x + 1 + pos, round(score)))
    return out

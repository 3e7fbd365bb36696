"""What the Kepesertaan list sorts and filters by, kept on the resident row so that each of its
sorts and filters reads one covering index in order (persistence.resident_order) instead of
joining and sorting 100,000 rows or evaluating the rules' CASE for each of them:

* ``household_desil``: the household's current desil (``household.desil``);
* ``jkn_as_of``: the date of the membership that holds (``jkn_current.as_of``);
* ``jkn_step``: the rules' suggested next step (``rules.rule_columns().step``).

Each copy is written by SQL from the rules' own expressions over the join, so it cannot drift
from them: :func:`refresh` runs them for some residents and writes only the rows whose copy
differs. Every write that changes a rule's input calls it in the same transaction: observations
(evidence.record_observations: PBI lists, cards, corrections), desil (desil.set_desil,
record_desil_bulk), a resident's own fields or household (registry.residents, households, the
resident import) and the demo. ``stale`` lists the residents whose copy differs, for the tests.

If the rule of the next step changes, the stored steps change meaning: the migration that ships
the change must refresh them (``refresh(conn)``, or its SQL written out as 0010 does).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, Connection, or_, select, update

from jkn_desktop.persistence.bulk import chunks
from jkn_desktop.persistence.tables import household_t, jkn_current_t, resident_t
from jkn_desktop.services.membership.rules import people_from, rule_columns

R = resident_t
H = household_t
C = jkn_current_t

# above this many residents one pass over the whole table is cheaper than the IN lists
_WHOLE_TABLE = 20_000


def _truth() -> dict[str, ColumnElement[Any]]:
    """Each stored column and the expression (over ``people_from``) it copies."""
    return {
        "household_desil": H.c.desil,
        "jkn_as_of": C.c.as_of,
        "jkn_step": rule_columns().step,
    }


def _write(conn: Connection, where: ColumnElement[bool] | None) -> None:
    truth = _truth()
    src = select(R.c.id.label("rid"), *[e.label(k) for k, e in truth.items()]).select_from(
        people_from()
    )
    if where is not None:
        src = src.where(where)
    s = src.subquery("truth")
    conn.execute(
        update(R)
        .where(R.c.id == s.c.rid, or_(*[R.c[k].is_distinct_from(s.c[k]) for k in truth]))
        .values({k: s.c[k] for k in truth})
    )


def refresh(conn: Connection, resident_ids: Iterable[int] | None = None) -> None:
    """Bring these residents' copies (None: every resident's) in step with the rules."""
    if resident_ids is None:
        _write(conn, None)
        return
    ids = sorted(set(resident_ids))
    if len(ids) > _WHOLE_TABLE:
        _write(conn, None)
        return
    for part in chunks(ids):
        _write(conn, R.c.id.in_(list(part)))


def refresh_new(conn: Connection, above: int) -> None:
    """The copies of the residents just inserted (an id above ``above``). Inside a bulk insert
    (persistence.bulk_residents) this runs before the indexes are built again, so a first import
    writes each copy once into the table alone."""
    _write(conn, R.c.id > above)


def refresh_households(conn: Connection, household_ids: Iterable[int]) -> None:
    """The copies of these households' members, after a household's desil changed."""
    hids = sorted(set(household_ids))
    if len(hids) * 4 > _WHOLE_TABLE:  # about four members a household
        _write(conn, None)
        return
    for part in chunks(hids):
        _write(conn, R.c.household_id.in_(list(part)))


def stale(conn: Connection) -> list[int]:
    """Residents whose copy is not what the rules say now."""
    differs = or_(*[R.c[k].is_distinct_from(e) for k, e in _truth().items()])
    return sorted(conn.execute(select(R.c.id).select_from(people_from()).where(differs)).scalars())

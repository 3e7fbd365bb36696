"""Writing a checked resident import: households, new and changed residents, what the file says
of their insurance and desil, and one audit row per changed field, in bulk statements."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table, bindparam, func, insert, literal, null, select

from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.domain.names import name_key
from jkn_desktop.importers.resident_rows import RESIDENT_FIELDS, ParsedRow
from jkn_desktop.persistence.bulk import (
    insert_many,
    insert_tuples,
    stamp,
    stored_dates,
    update_many,
)
from jkn_desktop.persistence.bulk_residents import resident_bulk_insert
from jkn_desktop.persistence.fastread import read_rows
from jkn_desktop.persistence.tables import audit_t, household_t, resident_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.changes import HOUSEHOLD, MEMBERSHIP, RESIDENT
from jkn_desktop.records.membership import Observation
from jkn_desktop.services.membership import standing_copy
from jkn_desktop.services.membership.desil import record_desil_bulk
from jkn_desktop.services.membership.evidence import record_observations
from jkn_desktop.services.registry.household_copy import NO_HOUSEHOLD, copy_of, refresh_households

R = resident_t
H = household_t
Progress = Callable[[int, int], None]


EXISTING_FIELDS = (
    "id",
    "nik",
    "household_id",
    *RESIDENT_FIELDS,
    "jkn_segment",
    "jkn_status",
    "jkn_card",
)
_AT = {f: i for i, f in enumerate(EXISTING_FIELDS)}


class Existing(tuple[Any, ...]):
    """A registered resident as an import compares it (``EXISTING_FIELDS``, the last three what
    the last resident file said of the insurance): a plain tuple, since a re-import holds one per
    row of the file (as dicts, 100 MB more at 100,000 rows)."""

    __slots__ = ()

    def get(self, field: str) -> Any:
        return self[_AT[field]]


@dataclass(frozen=True)
class Plan:
    """What an import will write: the checked rows, what the registry holds of them already, and
    the households to create or change."""

    rows: list[ParsedRow]
    residents: dict[str, Existing]
    households: dict[str, dict[str, Any]]
    new_hh: dict[str, dict[str, str]]
    changed_hh: dict[str, dict[str, tuple[Any, Any]]]
    filename: str

    @property
    def reason(self) -> str:
        return f"impor {self.filename}"


class _Trail:
    """The import's audit rows, collected and written in bulk at the end, in the order noted: one
    per changed field, and one per created household and resident, which SQLite copies from the
    rows just inserted (``INSERT … SELECT``) instead of Python building a row for each."""

    def __init__(self, work: Work, reason: str) -> None:
        self.work = work
        self.reason = reason
        self.at = stamp(work.now)  # the same moment on every row, converted once
        self.parts: list[list[dict[str, Any]] | Any] = []

    def note(
        self,
        entity: str,
        entity_id: int | None,
        key: str,
        action: str,
        f: str = "",
        old: Any = None,
        new: Any = None,
    ) -> None:
        if not self.parts or not isinstance(self.parts[-1], list):
            self.parts.append([])
        self.parts[-1].append(
            {
                "at": self.at,
                "actor": self.work.user,
                "action": action,
                "entity": entity,
                "entity_id": entity_id,
                "entity_key": key,
                "field": f,
                "old_value": None if old is None else str(old),
                "new_value": None if new is None else str(new),
                "reason": self.reason,
            }
        )

    def created(self, entity: str, table: Table, key: Any, above: int) -> None:
        """A "create" row for every row of ``table`` with an id above ``above`` (the largest
        before the insert), keyed by its ``key`` column, in the order of their ids."""
        A = audit_t
        now = bindparam("at", self.work.now, type_=A.c.at.type)
        rows = (
            select(
                now,
                literal(self.work.user),
                literal("create"),
                literal(entity),
                table.c.id,
                key,
                literal(""),
                null(),
                null(),
                literal(self.reason),
            )
            .where(table.c.id > above)
            .order_by(table.c.id)
        )
        names = ["at", "actor", "action", "entity", "entity_id", "entity_key", "field"]
        names += ["old_value", "new_value", "reason"]
        self.parts.append(insert(A).from_select(names, rows))

    def write(self) -> None:
        for part in self.parts:
            if isinstance(part, list):
                insert_many(self.work.conn, audit_t, part)
            else:
                self.work.conn.execute(part)


def _write_jkn(
    work: Work, plan: Plan, ids: dict[str, int], kk_ids: dict[str, int], file_date: dt.date | None
) -> None:
    """Insurance columns become membership observations, dated by the date printed on the file
    (else unknown: the weakest evidence of all); a desil column the household's desil. ``ids``
    are the residents' ids by NIK."""
    wanted = [
        r
        for r in plan.rows
        if r.jkn and (r.action == "created" or (r.action == "updated" and "jkn" in r.changes))
    ]
    if wanted:
        record_observations(
            work,
            [_observation(ids[r.nik], r, file_date, plan.filename) for r in wanted],
            reason=plan.reason,
        )
        work.touch(MEMBERSHIP)
    desil: dict[str, int] = {}
    for r in plan.rows:
        if r.desil is not None and not r.rejected:
            desil.setdefault(r.no_kk, r.desil)
    households = plan.households
    items = [
        (kk_ids[kk], kk, households.get(kk, {}).get("desil"), d)
        for kk, d in desil.items()
        if kk in kk_ids and households.get(kk, {}).get("desil") != d
    ]
    if items:
        record_desil_bulk(work, items, file_date or work.today, source=plan.reason)
        work.touch(HOUSEHOLD)  # the household's current desil


def _observation(
    resident_id: int, r: ParsedRow, file_date: dt.date | None, filename: str
) -> Observation:
    return Observation(
        resident_id=resident_id,
        segment=r.jkn["segment"],
        status=r.jkn["status"],
        as_of=file_date,
        source="impor",
        card_no=r.jkn["card_no"],
        kelas=3 if r.jkn["segment"] in (J.PBI_APBN, J.PBPU_PEMDA) else None,
        source_ref=filename,
        note=r.jkn["note"],
    )


def _max_id(conn: Connection, table: Any) -> int:
    return int(conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one())


def _new_ids(conn: Connection, key: Any, table: Any, above: int) -> dict[str, int]:
    """The rows just inserted (an id above ``above``, the largest before), by their key."""
    stmt = select(key, table.c.id).where(table.c.id > above)
    return {str(k): int(i) for k, i in read_rows(conn, stmt)}


def write(work: Work, plan: Plan, progress: Progress | None, file_date: dt.date | None) -> None:
    """Write the plan in the job's transaction. ``progress`` goes on from where reading the file
    left it (one unit per row read, then one per resident written)."""
    trail = _Trail(work, plan.reason)
    kk_ids = _write_households(work, plan, trail)
    copies = _copies(plan)
    rows = plan.rows
    created = [r for r in rows if r.action == "created"]
    updated = [r for r in rows if r.action == "updated"]
    total = len(created) + len(updated)

    def written(n: int) -> None:
        if progress:
            progress(len(rows) + n, len(rows) + total)

    ids = {nik: int(old.get("id")) for nik, old in plan.residents.items()}
    ids.update(_insert_residents(work, created, kk_ids, copies, trail, written))
    _update_residents(work, updated, plan.residents, kk_ids, copies, trail)
    _write_jkn(work, plan, ids, kk_ids, file_date)
    # changed residents' desil and next step (an occupation, a household, a status)
    standing_copy.refresh(work.conn, [ids[r.nik] for r in updated])
    if progress:
        progress(len(rows) + total, len(rows) + total)
    trail.write()
    if created or updated:
        work.touch(RESIDENT)
    if plan.new_hh or plan.changed_hh:
        work.touch(HOUSEHOLD)


def _write_households(work: Work, plan: Plan, trail: _Trail) -> dict[str, int]:
    """New households and changed addresses; returns every No. KK's household id."""
    conn, now = work.conn, stamp(work.now)
    kk_ids: dict[str, int] = {kk: h["id"] for kk, h in plan.households.items()}
    if plan.new_hh:
        above = _max_id(conn, H)
        insert_many(
            conn,
            H,
            [
                {
                    "no_kk": kk,
                    "address": d.get("address", ""),
                    "rt": d.get("rt", ""),
                    "rw": d.get("rw", ""),
                    "dusun": d.get("dusun", ""),
                    "created_at": now,
                    "updated_at": now,
                }
                for kk, d in plan.new_hh.items()
            ],
        )
        kk_ids.update(_new_ids(conn, H.c.no_kk, H, above))
        trail.created("household", H, H.c.no_kk, above)
    by_fields: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for kk, diff in plan.changed_hh.items():
        by_fields[tuple(sorted(diff))].append(
            {"id": kk_ids[kk], **{f: new for f, (_, new) in diff.items()}, "updated_at": now}
        )
        for f, (old, new) in diff.items():
            trail.note("household", kk_ids[kk], kk, "update", f, old, new)
    for group in by_fields.values():
        update_many(conn, H, "id", group)
    # members the file does not list keep their household's new area too
    refresh_households(conn, [kk_ids[kk] for kk in plan.changed_hh])
    return kk_ids


def _copies(plan: Plan) -> dict[str, dict[str, str]]:
    """Each No. KK's number and area as its members carry them, once the households are written."""
    out: dict[str, dict[str, str]] = {}
    for kk in {*plan.households, *plan.new_hh}:
        now = {**plan.households.get(kk, {}), **plan.new_hh.get(kk, {}), "no_kk": kk}
        now.update({f: new for f, (_, new) in plan.changed_hh.get(kk, {}).items()})
        out[kk] = copy_of({f: now.get(f, "") for f in ("no_kk", "dusun", "rw", "rt")})
    return out


# what a new resident is given where the file says nothing
_EMPTY_RESIDENT: dict[str, Any] = {
    **dict.fromkeys(
        (
            "sex",
            "birth_date",
            "shdk",
            "religion",
            "marital_status",
            "education",
            "occupation",
            "status_changed_at",
            "disability",
            "chronic_illness",
        )
    ),
    "birth_place": "",
    "mother_name": "",
    "phone": "",
    "notes": "",
    "status_dasar": codes.HIDUP,
    "pregnant": False,
}
# a new resident's columns: what the file may say, then the rest, in this order
_VALUE_COLUMNS = tuple(dict.fromkeys((*RESIDENT_FIELDS, *_EMPTY_RESIDENT)))
_INSERT_COLUMNS = (
    *_VALUE_COLUMNS,
    "nik",
    "name_key",
    "household_id",
    *NO_HOUSEHOLD,
    "created_at",
    "updated_at",
)
_BORN = _VALUE_COLUMNS.index("birth_date")


def _insert_residents(
    work: Work,
    created: list[ParsedRow],
    kk_ids: dict[str, int],
    copies: dict[str, dict[str, str]],
    trail: _Trail,
    done: Callable[[int], None],
) -> dict[str, int]:
    """New residents in batches of 5,000 (``done`` hears how many are written, and may cancel),
    each row one tuple; the name index (and, for a big first import, the other indexes) learns
    them all at once at the end. Returns their ids by NIK."""
    if not created:
        return {}
    conn, now = work.conn, stamp(work.now)
    chunk = 5000
    above = _max_id(conn, R)
    values = itemgetter(*_VALUE_COLUMNS)
    day = stored_dates(conn)
    # each No. KK's household id and the copy its members carry, as the tail of the row
    tails = {
        kk: (kk_ids.get(kk), *copies.get(kk, NO_HOUSEHOLD).values(), now, now)
        for kk in {r.no_kk for r in created}
    }
    with resident_bulk_insert(conn, adding=len(created)):
        for start in range(0, len(created), chunk):
            batch = []
            for r in created[start : start + chunk]:
                row = list(values(_EMPTY_RESIDENT | r.values))
                row[_BORN] = day(row[_BORN])
                # the name is clean already (parse_row): its key is its upper case
                batch.append((*row, r.nik, row[0].upper(), *tails[r.no_kk]))
            insert_tuples(conn, R, _INSERT_COLUMNS, batch)
            done(start + len(batch))
        standing_copy.refresh_new(conn, above)  # their desil and next step, before the indexes
    trail.created("resident", R, R.c.nik, above)
    return _new_ids(conn, R.c.nik, R, above)


def _update_residents(
    work: Work,
    updated: list[ParsedRow],
    residents: dict[str, Existing],
    kk_ids: dict[str, int],
    copies: dict[str, dict[str, str]],
    trail: _Trail,
) -> None:
    """Changed residents: only the columns that changed, one executemany per set of them (so the
    name index hears of a resident only when the name really changed)."""
    now = stamp(work.now)
    by_fields: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for r in updated:
        rid = residents[r.nik].get("id")
        row: dict[str, Any] = {"id": rid}
        for f in RESIDENT_FIELDS:
            if f in r.changes:
                row[f] = r.values[f]
        if "name" in row:
            row["name_key"] = name_key(str(row["name"]))
        if "no_kk" in r.changes:  # another household: its number and area come along
            row["household_id"] = kk_ids.get(r.no_kk)
            row.update(copies.get(r.no_kk, NO_HOUSEHOLD))
        row["updated_at"] = now
        by_fields[tuple(row)].append(row)
        for f, (old, new) in r.changes.items():
            trail.note("resident", rid, r.nik, "update", f, old, new)
    for group in by_fields.values():
        update_many(work.conn, R, "id", group)

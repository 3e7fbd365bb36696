"""Writing a checked resident import: households, new and changed residents, what the file says
of their insurance and desil, and one audit row per changed field, in bulk statements."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update

from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.domain.names import name_key
from jkn_desktop.importers.resident_rows import ParsedRow
from jkn_desktop.persistence.bulk import chunks
from jkn_desktop.persistence.models import audit_t, household_t, resident_t
from jkn_desktop.persistence.resident_order import orders_built_after
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.changes import HOUSEHOLD, MEMBERSHIP, RESIDENT
from jkn_desktop.records.membership import Observation
from jkn_desktop.services.membership.desil import record_desil_bulk
from jkn_desktop.services.membership.evidence import record_observations
from jkn_desktop.services.registry.household_copy import NO_HOUSEHOLD, copy_of, refresh_households

R = resident_t
H = household_t
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Plan:
    """What an import will write: the checked rows, what the registry holds of them already, and
    the households to create or change."""

    rows: list[ParsedRow]
    residents: dict[str, dict[str, Any]]
    households: dict[str, dict[str, Any]]
    new_hh: dict[str, dict[str, str]]
    changed_hh: dict[str, dict[str, tuple[Any, Any]]]
    filename: str

    @property
    def reason(self) -> str:
        return f"impor {self.filename}"


class _Trail:
    """The import's audit rows, collected and written in bulk at the end (one per changed field)."""

    def __init__(self, work: Work, reason: str) -> None:
        self.work = work
        self.reason = reason
        self.rows: list[dict[str, Any]] = []

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
        self.rows.append(
            {
                "at": self.work.now,
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

    def write(self) -> None:
        for start in range(0, len(self.rows), 5000):
            self.work.conn.execute(insert(audit_t), self.rows[start : start + 5000])


def _write_jkn(work: Work, plan: Plan, kk_ids: dict[str, int], file_date: dt.date | None) -> None:
    """Insurance columns become membership observations, dated by the date printed on the file
    (else unknown: the weakest evidence of all); a desil column the household's desil."""
    wanted = [
        r
        for r in plan.rows
        if r.jkn and (r.action == "created" or (r.action == "updated" and "jkn" in r.changes))
    ]
    if wanted:
        ids = dict(residents_ids(work.conn, [r.nik for r in wanted]))
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


def residents_ids(conn: Connection, niks: list[str]) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    for part in chunks(niks):
        out += [
            (str(n), int(i))
            for n, i in conn.execute(select(R.c.nik, R.c.id).where(R.c.nik.in_(part)))
        ]
    return out


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

    with orders_built_after(work.conn, len(created)):
        _insert_residents(work, created, kk_ids, copies, trail, written)
    _update_residents(work, updated, plan.residents, kk_ids, copies, trail)
    _write_jkn(work, plan, kk_ids, file_date)
    if progress:
        progress(len(rows) + total, len(rows) + total)
    trail.write()
    if created or updated:
        work.touch(RESIDENT)
    if plan.new_hh or plan.changed_hh:
        work.touch(HOUSEHOLD)


def _write_households(work: Work, plan: Plan, trail: _Trail) -> dict[str, int]:
    """New households and changed addresses; returns every No. KK's household id."""
    conn, now = work.conn, work.now
    if plan.new_hh:
        conn.execute(
            insert(H),
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
    kk_ids: dict[str, int] = {kk: h["id"] for kk, h in plan.households.items()}
    for part in chunks(list(plan.new_hh)):
        found = conn.execute(select(H.c.no_kk, H.c.id).where(H.c.no_kk.in_(part)))
        kk_ids.update({str(kk): int(hid) for kk, hid in found})
    for kk in plan.new_hh:
        trail.note("household", kk_ids[kk], kk, "create")
    for kk, diff in plan.changed_hh.items():
        conn.execute(
            update(H)
            .where(H.c.id == kk_ids[kk])
            .values({**{f: new for f, (_, new) in diff.items()}, "updated_at": now})
        )
        for f, (old, new) in diff.items():
            trail.note("household", kk_ids[kk], kk, "update", f, old, new)
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


_EMPTY_RESIDENT: dict[str, Any] = {
    **dict.fromkeys(
        (
            "shdk",
            "religion",
            "marital_status",
            "education",
            "occupation",
            "birth_date",
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


def _insert_residents(
    work: Work,
    created: list[ParsedRow],
    kk_ids: dict[str, int],
    copies: dict[str, dict[str, str]],
    trail: _Trail,
    done: Callable[[int], None],
) -> None:
    """New residents in batches of 5,000; ``done`` hears how many are written."""
    conn, now = work.conn, work.now
    chunk = 5000
    for start in range(0, len(created), chunk):
        batch = [
            {
                **_EMPTY_RESIDENT,
                **r.values,
                "nik": r.nik,
                "name_key": name_key(str(r.values["name"])),
                "household_id": kk_ids.get(r.no_kk),
                **copies.get(r.no_kk, NO_HOUSEHOLD),
                "created_at": now,
                "updated_at": now,
            }
            for r in created[start : start + chunk]
        ]
        conn.execute(insert(R), batch)
        done(start + len(batch))
    if created:
        ids = dict(residents_ids(conn, [r.nik for r in created]))
        for r in created:
            trail.note("resident", ids[r.nik], r.nik, "create")


def _update_residents(
    work: Work,
    updated: list[ParsedRow],
    residents: dict[str, dict[str, Any]],
    kk_ids: dict[str, int],
    copies: dict[str, dict[str, str]],
    trail: _Trail,
) -> None:
    """Changed residents, one executemany per set of columns the file gives."""
    by_keys: dict[tuple[str, ...], list[ParsedRow]] = defaultdict(list)
    for r in updated:
        by_keys[tuple(sorted(k for k in r.values))].append(r)
    for fields, group in by_keys.items():
        stmt = (
            update(R)
            .where(R.c.id == bindparam("_id"))
            .values(
                {
                    **{k: bindparam(f"v_{k}") for k in fields},
                    "name_key": bindparam("v_name_key"),
                    "household_id": bindparam("v_household_id"),
                    **{c: bindparam(f"v_{c}") for c in NO_HOUSEHOLD},
                    "updated_at": work.now,
                }
            )
        )
        params = []
        for r in group:
            p = {f"v_{k}": r.values[k] for k in fields}
            p["_id"] = residents[r.nik]["id"]
            p["v_name_key"] = name_key(str(r.values["name"]))
            p["v_household_id"] = kk_ids.get(r.no_kk)
            p.update({f"v_{c}": v for c, v in copies.get(r.no_kk, NO_HOUSEHOLD).items()})
            params.append(p)
        work.conn.execute(stmt, params)
        for r in group:
            for f, (old, new) in r.changes.items():
                trail.note("resident", residents[r.nik]["id"], r.nik, "update", f, old, new)

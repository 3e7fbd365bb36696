"""JKN membership: observations with history, the current state per resident, desil per household,
the uninsured rules as SQL, and coverage counts.

Every observation is a row in ``membership``; ``jkn_current`` holds, per resident, the one the
rule of ``J.decide`` takes (authority of the source, then the date it speaks for) and is updated in
the same transaction."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    and_,
    bindparam,
    case,
    delete,
    func,
    insert,
    literal,
    not_,
    or_,
    select,
    update,
)

from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.domain.formatting import tanggal
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.bulk import chunks, insert_many, update_many
from jkn_desktop.persistence.fastread import list_agg, read_rows
from jkn_desktop.persistence.models import (
    audit_t,
    household_desil_t,
    household_t,
    jkn_current_t,
    membership_t,
    resident_t,
)
from jkn_desktop.services.database import Database

R = resident_t
H = household_t
C = jkn_current_t
M = membership_t

OBSERVATION_FIELDS = (
    "resident_id", "segment", "kelas", "card_no", "status", "fktp", "as_of", "absent", "period",
    "source", "source_ref", "list_id", "note",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Observation:
    """One thing a source said about a resident's membership. ``as_of`` is the date the source
    speaks for (None: the source does not say); ``absent``: "not on this month's list"."""

    resident_id: int
    segment: str
    status: str
    as_of: dt.date | None
    source: str
    kelas: int | None = None
    card_no: str = ""
    fktp: str = ""
    period: str = ""
    source_ref: str = ""
    list_id: int | None = None
    note: str = ""
    absent: bool = False

    def row(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in OBSERVATION_FIELDS}


@dataclass(frozen=True, slots=True)
class MembershipEntry:
    id: int
    segment: str
    kelas: int | None
    card_no: str
    status: str
    fktp: str
    as_of: dt.date | None
    period: str
    source: str
    source_ref: str
    note: str
    actor: str
    created_at: dt.datetime
    absent: bool = False
    holds: bool = False  # the observation the rule takes as the current state

    @property
    def segment_label(self) -> str:
        return J.SEGMENTS.get(self.segment, self.segment)

    @property
    def status_label(self) -> str:
        if self.absent:
            return "Tidak ada di daftar"
        return J.STATUSES.get(self.status, self.status)

    @property
    def source_label(self) -> str:
        return J.SOURCES.get(self.source, self.source)


def validate_observation(obs: Observation, today: dt.date | None = None) -> None:
    today = today or dt.date.today()
    problems = []
    if obs.segment not in J.SEGMENTS:
        problems.append(f"Segmen '{obs.segment}' tidak dikenal.")
    if obs.status not in J.STATUSES:
        problems.append(f"Status '{obs.status}' tidak dikenal.")
    if obs.source not in J.SOURCES:
        problems.append(f"Sumber '{obs.source}' tidak dikenal.")
    if obs.kelas not in (None, 1, 2, 3):
        problems.append("Kelas harus 1, 2 atau 3.")
    if obs.card_no and not J.card_no_valid(obs.card_no):
        problems.append("Nomor kartu JKN harus 13 angka (nol di depan ikut ditulis).")
    if obs.as_of is not None and obs.as_of > today:
        problems.append("Tanggal keadaan tidak boleh sesudah hari ini.")
    if obs.source in ("kartu", "pengakuan") and obs.as_of is None:
        problems.append("Tanggal kartu dilihat atau keterangan diberikan harus diisi.")
    if problems:
        raise UserError("MEMBERSHIP_INVALID", " ".join(problems))


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _audit_text(o: Observation) -> str:
    when = f"per {tanggal(o.as_of)}" if o.as_of else "tanpa tanggal"
    what = (
        f"tidak ada di daftar {J.SEGMENT_SHORT.get(o.segment, o.segment)}"
        if o.absent
        else f"{J.SEGMENT_SHORT.get(o.segment, o.segment)}, {J.STATUSES.get(o.status, o.status).lower()}"
    )
    ref = f": {o.source_ref}" if o.source_ref else ""
    return f"{what} {when} ({J.SOURCES.get(o.source, o.source).lower()}{ref})"


def record_observations(
    conn: Connection, observations: Sequence[Observation], *, actor: str, reason: str = ""
) -> int:
    """Insert observations, decide the current state of every resident they concern again (the
    rule in ``J.decide``), and write one audit row per observation, all in the caller's
    transaction. Returns how many were written."""
    if not observations:
        return 0
    now = dt.datetime.now().replace(microsecond=0)
    insert_many(conn, M, [{**o.row(), "created_at": now, "actor": actor} for o in observations])
    recompute_current(conn, {o.resident_id for o in observations})
    audit = [
        {"at": now, "actor": actor or "-", "action": "membership", "entity": "resident",
         "entity_id": o.resident_id, "entity_key": "", "field": "kepesertaan JKN",
         "old_value": None, "new_value": _audit_text(o), "reason": reason or o.note}
        for o in observations
    ]  # fmt: skip
    insert_many(conn, audit_t, audit)
    return len(observations)


_FACT_COLUMNS = (
    M.c.resident_id, M.c.id, M.c.source, M.c.as_of, M.c.segment, M.c.status, M.c.absent,
    M.c.kelas, M.c.card_no, M.c.created_at,
)  # fmt: skip


def observation_rows(
    conn: Connection, resident_ids: set[int] | None, until: dt.date | None = None
) -> dict[int, list[tuple[Any, ...]]]:
    """Observation rows per resident (all of them, or those known by the end of ``until``: dated
    on or before it, or undated and recorded by then)."""
    stmt = select(*_FACT_COLUMNS)
    out: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    if resident_ids is None or len(resident_ids) > 5000:
        rows: Iterable[tuple[Any, ...]] = read_rows(conn, stmt)
        if resident_ids is not None:
            rows = (r for r in rows if r[0] in resident_ids)
    else:
        ids = sorted(resident_ids)
        rows = [r for part in chunks(ids) for r in read_rows(conn, stmt.where(M.c.resident_id.in_(part)))]
    limit = until.isoformat() if until else None
    for r in rows:
        if limit is not None:
            as_of = r[3]
            known = str(as_of)[:10] if as_of is not None else str(r[9])[:10]
            if known > limit:
                continue
        out[int(r[0])].append(r)
    return out


def known_by(row: tuple[Any, ...], on: dt.date) -> bool:
    """An observation row (``_FACT_COLUMNS``) is known at the end of ``on``: dated on or before
    it, or undated and recorded by then."""
    when = row[3] if row[3] is not None else row[9]
    return str(when)[:10] <= on.isoformat()


@dataclass(frozen=True, slots=True)
class CurrentState:
    membership_id: int
    segment: str
    kelas: int | None
    card_no: str
    status: str
    as_of: dt.date | None
    source: str
    other_active: str | None


def decide_rows(rows: Sequence[tuple[Any, ...]]) -> CurrentState | None:
    """The rule over one resident's observation rows (``_FACT_COLUMNS``)."""
    if len(rows) == 1:  # most residents: one observation, which holds
        r = rows[0]
        return CurrentState(int(r[1]), r[4], r[7], r[8] or "", J.NONAKTIF if r[6] else r[5],
                            _date(r[3]), r[2], None)  # fmt: skip
    facts = [
        J.Fact(int(r[1]), r[2], _date(r[3]), r[4], r[5], bool(r[6])) for r in rows
    ]
    decision = J.decide(facts)
    held = decision.current
    if held is None:
        return None
    row = next(r for r in rows if int(r[1]) == held.seq)
    card = row[8] or ""
    if not card:  # the list row that dropped someone may not repeat the card: the last one known
        same = [f for f in facts if f.segment == held.segment]
        for f in sorted(same, key=J.Fact.rank, reverse=True):
            card = next((r[8] for r in rows if int(r[1]) == f.seq and r[8]), "")
            if card:
                break
    status = J.NONAKTIF if held.absent else held.status
    return CurrentState(held.seq, held.segment, row[7], card, status, held.as_of, held.source,
                        decision.other_active)  # fmt: skip


def recompute_current(conn: Connection, resident_ids: set[int] | None = None) -> int:
    """Decide the current state again for some residents (None: all) and keep ``jkn_current`` and
    the mirror on ``resident`` in step. Returns how many residents changed."""
    facts = observation_rows(conn, resident_ids)
    wanted = set(facts) if resident_ids is None else resident_ids
    states = {rid: decide_rows(rows) for rid, rows in facts.items()}
    old: dict[int, tuple[Any, ...]] = {}
    cur = select(C.c.resident_id, C.c.membership_id, C.c.card_no, C.c.other_active, C.c.status)
    if resident_ids is None or len(resident_ids) > 5000:
        old = {int(r[0]): r for r in read_rows(conn, cur) if resident_ids is None or r[0] in wanted}
    else:
        for part in chunks(sorted(wanted)):
            old.update({int(r[0]): r for r in read_rows(conn, cur.where(C.c.resident_id.in_(part)))})
    fresh, moved, gone = [], [], []
    for rid in wanted:
        st = states.get(rid)
        if st is None:
            if rid in old:
                gone.append(rid)
            continue
        values = {"resident_id": rid, "membership_id": st.membership_id, "segment": st.segment,
                  "kelas": st.kelas, "card_no": st.card_no, "status": st.status, "as_of": st.as_of,
                  "source": st.source, "other_active": st.other_active}  # fmt: skip
        if rid not in old:
            fresh.append(values)
        elif tuple(old[rid][1:]) != (st.membership_id, st.card_no, st.other_active, st.status):
            moved.append(values)
    for part in chunks(gone):
        conn.execute(delete(C).where(C.c.resident_id.in_(part)))
    insert_many(conn, C, fresh)
    update_many(conn, C, "resident_id", moved)
    mirror = [{"id": v["resident_id"], "jkn_segment": v["segment"], "jkn_status": v["status"],
               "jkn_other": v["other_active"]} for v in (*fresh, *moved)]  # fmt: skip
    mirror += [{"id": rid, "jkn_segment": None, "jkn_status": None, "jkn_other": None} for rid in gone]
    update_many(conn, R, "id", mirror)
    return len(mirror)


def states_at(conn: Connection, on: dt.date) -> dict[int, CurrentState]:
    """Every resident's state as the observations known at the end of ``on`` decide it."""
    out = {}
    for rid, rows in observation_rows(conn, None, until=on).items():
        st = decide_rows(rows)
        if st is not None:
            out[rid] = st
    return out


def add_observation(db: Database, obs: Observation, actor: str) -> None:
    """One observation from the window (card seen at the office, resident's statement, …)."""
    validate_observation(obs)
    with db.write() as conn:
        exists = conn.execute(select(R.c.id).where(R.c.id == obs.resident_id)).scalar()
        if exists is None:
            raise UserError("RESIDENT_NOT_FOUND", "Penduduk ini tidak ada lagi di basis data.")
        record_observations(conn, [obs], actor=actor, reason=obs.note)


def history(db: Database, resident_id: int) -> list[MembershipEntry]:
    """Every observation of a resident, newest first (undated ones last), the one that holds
    marked."""
    with db.read() as conn:
        rows = conn.execute(
            select(
                M.c.id, M.c.segment, M.c.kelas, M.c.card_no, M.c.status, M.c.fktp, M.c.as_of,
                M.c.period, M.c.source, M.c.source_ref, M.c.note, M.c.actor, M.c.created_at,
                M.c.absent,
            )
            .where(M.c.resident_id == resident_id)
            .order_by(M.c.as_of.is_(None), M.c.as_of.desc(), M.c.id.desc())
        ).all()
        held = conn.execute(
            select(C.c.membership_id).where(C.c.resident_id == resident_id)
        ).scalar()
    return [MembershipEntry(*r, holds=r[0] == held) for r in rows]  # type: ignore[call-arg]


# --- desil ----------------------------------------------------------------------------------------
def set_desil(
    conn: Connection,
    household_id: int,
    desil: int,
    as_of: dt.date,
    *,
    source: str,
    actor: str,
) -> bool:
    """Record a desil observation; the household's current desil follows the latest as-of date.
    Returns False when the same desil on the same date is already recorded."""
    if not 1 <= desil <= 10:
        raise UserError("DESIL_RANGE", "Desil harus antara 1 dan 10.")
    same = conn.execute(
        select(household_desil_t.c.id).where(
            household_desil_t.c.household_id == household_id,
            household_desil_t.c.as_of == as_of,
            household_desil_t.c.desil == desil,
        )
    ).first()
    if same is not None:
        return False
    conn.execute(
        insert(household_desil_t).values(
            household_id=household_id,
            desil=desil,
            as_of=as_of,
            source=source,
            actor=actor,
            created_at=dt.datetime.now().replace(microsecond=0),
        )
    )
    old = conn.execute(
        select(H.c.desil, H.c.desil_as_of, H.c.no_kk).where(H.c.id == household_id)
    ).one()
    if old.desil_as_of is None or as_of >= old.desil_as_of:
        conn.execute(update(H).where(H.c.id == household_id).values(desil=desil, desil_as_of=as_of))
        conn.execute(
            insert(audit_t).values(
                at=dt.datetime.now().replace(microsecond=0),
                actor=actor or "-",
                action="update",
                entity="household",
                entity_id=household_id,
                entity_key=old.no_kk,
                field="desil",
                old_value=None if old.desil is None else str(old.desil),
                new_value=str(desil),
                reason=f"desil per {as_of.isoformat()} ({source})",
            )
        )
    return True


def record_desil_bulk(
    conn: Connection,
    items: Sequence[tuple[int, str, int | None, int]],
    as_of: dt.date,
    *,
    source: str,
    actor: str,
) -> int:
    """Many households' desil at once (imports): ``(household_id, no_kk, old desil, new desil)``.
    The observation is kept and becomes current (the as-of date is the import's)."""
    if not items:
        return 0
    now = dt.datetime.now().replace(microsecond=0)
    conn.execute(
        insert(household_desil_t),
        [{"household_id": hid, "desil": d, "as_of": as_of, "source": source, "actor": actor,
          "created_at": now} for hid, _, _, d in items],
    )  # fmt: skip
    conn.execute(
        update(H)
        .where(H.c.id == bindparam("_hid"))
        .values(desil=bindparam("d"), desil_as_of=as_of),
        [{"_hid": hid, "d": d} for hid, _, _, d in items],
    )
    conn.execute(
        insert(audit_t),
        [{"at": now, "actor": actor or "-", "action": "update", "entity": "household",
          "entity_id": hid, "entity_key": kk, "field": "desil",
          "old_value": None if old is None else str(old), "new_value": str(d),
          "reason": f"desil per {as_of.isoformat()} ({source})"} for hid, kk, old, d in items],
    )  # fmt: skip
    return len(items)


# --- the rules in SQL -----------------------------------------------------------------------------
@dataclass(frozen=True)
class RuleColumns:
    """SQL expressions over resident R, jkn_current C (outer-joined) and household H (outer-joined)."""

    segment: ColumnElement[str]
    status: ColumnElement[str]
    registered: ColumnElement[bool]
    active: ColumnElement[bool]
    uninsured: ColumnElement[bool]
    reason: ColumnElement[Any]
    step: ColumnElement[Any]


def needs_care_sql() -> ColumnElement[bool]:
    return or_(
        and_(R.c.chronic_illness.is_not(None), R.c.chronic_illness != codes.SAKIT_NONE),
        R.c.pregnant == True,  # noqa: E712 (SQL comparison)
    )


@functools.cache
def rule_columns() -> RuleColumns:
    """``J.standing`` as SQL expressions (a test compares both over every combination). Built
    once: the expressions are immutable and building them costs milliseconds."""
    seg = func.coalesce(R.c.jkn_segment, "")
    st = func.coalesce(R.c.jkn_status, J.STATUS_TIDAK_DIKETAHUI)
    sd = R.c.status_dasar
    alive = sd == codes.HIDUP
    registered = seg.in_(J.JKN_SEGMENTS)
    active = and_(registered, st == J.AKTIF)
    uninsured = and_(alive, not_(active))
    reason = case(
        (not_(uninsured), literal(None)),
        (R.c.jkn_segment.is_(None), "belum_dicatat"),
        (not_(registered), case((seg == J.TIDAK_DIKETAHUI, "tidak_diketahui"), else_="belum_terdaftar")),
        (and_(seg.in_(J.PBI_SEGMENTS), st == J.NONAKTIF), "pbi_dihapus"),
        (and_(seg.in_(J.SELF_PAID_SEGMENTS), st == J.NONAKTIF), "menunggak"),
        (and_(seg == J.PPU, st == J.NONAKTIF), "ppu_nonaktif"),
        else_="tidak_diketahui",
    )  # fmt: skip
    occupation = func.coalesce(R.c.occupation, 0)
    wage = occupation.in_(sorted(J.WAGE_OCCUPATIONS))
    official = occupation.in_(sorted(J.OFFICIAL_OCCUPATIONS))
    other = func.coalesce(R.c.jkn_other, "")
    member = and_(registered, st != J.NONAKTIF)
    pbi = and_(member, seg.in_(J.PBI_SEGMENTS))
    desil = H.c.desil
    unknown = reason.in_(["belum_dicatat", "tidak_diketahui"])
    step = case(
        # gone: a PBI member's removal or correction; anyone else's report to BPJS
        (and_(pbi, sd == codes.MATI), "usul_hapus_meninggal"),
        (and_(pbi, sd.in_(J.GONE_UNFOUND)), "usul_hapus_tidak_ditemukan"),
        (and_(pbi, sd == codes.PINDAH, or_(seg == J.PBI_APBN, R.c.moved_out == False)), "perbaikan_domisili"),  # noqa: E712
        (and_(pbi, sd == codes.PINDAH, R.c.moved_out == True), "usul_hapus_pindah"),  # noqa: E712
        (and_(pbi, sd == codes.PINDAH), "cek_tujuan_pindah"),
        (and_(member, not_(pbi), sd.in_([codes.MATI, codes.PINDAH])), "lapor_bpjs"),
        (not_(alive), literal(None)),
        # alive PBI members
        (and_(pbi, other == J.PPU), "usul_hapus_ppu"),
        (and_(member, seg == J.PPU, other.in_(J.PBI_SEGMENTS)), "usul_hapus_ppu"),
        (and_(pbi, wage), "cek_ppu"),
        (and_(pbi, seg == J.PBI_APBN, st == J.AKTIF, desil >= 6), "usul_hapus_mampu"),
        (not_(uninsured), literal(None)),
        # uninsured
        (unknown, "cek_status"),
        (official, "daftar_ppu_desa"),
        (wage, "daftar_ppu"),
        (and_(seg.in_(J.PBI_SEGMENTS), st == J.NONAKTIF, or_(needs_care_sql(), desil <= 5)), "reaktivasi"),
        (desil.is_(None), "usul_dtsen"),
        (desil <= 5, "usul_pbi"),
        else_="daftar_mandiri",
    )  # fmt: skip
    segment_shown = func.coalesce(R.c.jkn_segment, J.TIDAK_DIKETAHUI)
    return RuleColumns(segment_shown, st, registered, active, uninsured, reason, step)


def people_from() -> Any:
    """resident ⟕ jkn_current ⟕ household: the FROM every coverage query uses."""
    return R.outerjoin(C, C.c.resident_id == R.c.id).outerjoin(H, H.c.id == R.c.household_id)


# --- coverage --------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class CoverageCounts:
    population: int
    registered: int
    active: int

    @property
    def coverage_pct(self) -> float:
        return round(100.0 * self.registered / self.population, 2) if self.population else 0.0

    @property
    def active_pct(self) -> float:
        return round(100.0 * self.active / self.registered, 2) if self.registered else 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "population": self.population,
            "registered": self.registered,
            "active": self.active,
            "coverage_pct": self.coverage_pct,
            "active_pct": self.active_pct,
        }


@dataclass(frozen=True, slots=True)
class AreaCoverage(CoverageCounts):
    area: str = ""
    households: int = 0
    households_fully_uninsured: int = 0
    households_partly_uninsured: int = 0

    def as_json(self) -> dict[str, Any]:
        return {
            **CoverageCounts.as_json(self),
            "households": self.households,
            "households_fully_uninsured": self.households_fully_uninsured,
            "households_partly_uninsured": self.households_partly_uninsured,
        }


@dataclass(frozen=True, slots=True)
class Coverage:
    """All counts are over living residents (status dasar HIDUP)."""

    total: AreaCoverage
    by_dusun: list[AreaCoverage] = field(default_factory=list)
    by_rw: list[AreaCoverage] = field(default_factory=list)
    steps: dict[str, int] = field(default_factory=dict)  # suggested next step -> people
    reasons: dict[str, int] = field(default_factory=dict)  # uninsured reason -> people
    segments: dict[str, int] = field(default_factory=dict)  # current segment -> living people

    def as_json(self) -> dict[str, Any]:
        return {
            **self.total.as_json(),
            "by_dusun": [{"dusun": a.area, **a.as_json()} for a in self.by_dusun],
            "by_rw": [{"rw": a.area, **a.as_json()} for a in self.by_rw],
            "next_steps": self.steps,
            "reasons": self.reasons,
            "segments": self.segments,
        }


def coverage(db: Database) -> Coverage:
    """Coverage and keaktifan, in total and per dusun and per dusun/RW, with the household flags and
        the counts behind the suggested actions.

        One streaming pass over the residents in household order (a covering index): each household
        comes back as one row listing its members' situations ("<status dasar><wage job>segment/status",
    e.g. "10pbi_apbn/aktif"),
        so SQLite neither sorts nor hands Python 100,000 rows. The index keeps the members of a
        household in a fixed order, so households alike (three PBI members, one uninsured child, ...)
        give the same list: the rules, the very function the counter check uses, run once per
        distinct list and desil, and each household only adds its summary to its RW."""
    occupation = func.coalesce(R.c.occupation, 0)
    # one digit each: status dasar, job (0 none, 1 wage, 2 official), needs care, moved out (0 no,
    # 1 yes, 2 not known); then segment/status/other segment ("" when nothing is recorded)
    job = case(
        (occupation.in_(sorted(J.OFFICIAL_OCCUPATIONS)), "2"),
        (occupation.in_(sorted(J.WAGE_OCCUPATIONS)), "1"),
        else_="0",
    )
    care = case((needs_care_sql(), "1"), else_="0")
    moved = case((R.c.moved_out == True, "1"), (R.c.moved_out == False, "0"), else_="2")  # noqa: E712
    # "||" converts the numbers to text by itself (SQLite, PostgreSQL): no casts per row
    situation = (
        R.c.status_dasar.op("||")(job).op("||")(care).op("||")(moved)
        .op("||")(func.coalesce(R.c.jkn_segment, "")).op("||")("/")
        .op("||")(func.coalesce(R.c.jkn_status, "")).op("||")("/")
        .op("||")(func.coalesce(R.c.jkn_other, ""))
    )  # fmt: skip
    with db.read() as conn:
        members = (
            select(
                R.c.household_id.label("hid"),
                list_agg(conn.dialect.name, situation).label("listed"),
            )
            .group_by(R.c.household_id)
            .subquery()
        )
        households = read_rows(
            conn,
            select(members.c.hid, H.c.dusun, H.c.rw, H.c.desil, members.c.listed).select_from(
                members.outerjoin(H, H.c.id == members.c.hid)
            ),
        )
    memo: dict[tuple[str, int | None], _Household] = {}
    known: dict[tuple[str, int | None], _Member] = {}
    seen: dict[tuple[str, int | None], int] = defaultdict(int)
    by_rw: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0])
    for hid, dusun, rw, desil, listed in households:
        key = (listed, desil)
        summary = memo.get(key)
        if summary is None:
            summary = memo[key] = _summarise(listed, desil, known)
        seen[key] += 1
        if not summary.living:
            continue
        acc = by_rw[(dusun or "", rw or "")]
        acc[0] += summary.living
        acc[1] += summary.registered
        acc[2] += summary.active
        if hid is not None:  # residents without a KK count as people, not households
            acc[3] += 1
            acc[4] += summary.flag == J.FULLY_UNINSURED
            acc[5] += summary.flag == J.PARTLY_UNINSURED
    steps: dict[str, int] = defaultdict(int)
    reasons: dict[str, int] = defaultdict(int)
    segments: dict[str, int] = defaultdict(int)
    for key, times in seen.items():
        summary = memo[key]
        for tally, counts in ((steps, summary.steps), (reasons, summary.reasons),
                              (segments, summary.segments)):  # fmt: skip
            for name, n in counts.items():
                tally[name] += n * times
    by_dusun: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0])
    total = [0, 0, 0, 0, 0, 0]
    for (d, _w), acc in by_rw.items():
        for target in (by_dusun[d], total):
            for i in range(6):
                target[i] += acc[i]

    def area(name: str, a: list[int]) -> AreaCoverage:
        return AreaCoverage(a[0], a[1], a[2], name, a[3], a[4], a[5])

    return Coverage(
        area("", total),
        [area(d, by_dusun[d]) for d in sorted(by_dusun)],
        [area(f"{d} RW {w}", by_rw[(d, w)]) for d, w in sorted(by_rw)],
        dict(steps),
        {k: v for k, v in reasons.items() if v},
        dict(segments),
    )


@dataclass(slots=True)
class _Household:
    """What the rules say about one composition of a household."""

    living: int = 0
    registered: int = 0
    active: int = 0
    flag: str | None = None
    steps: dict[str, int] = field(default_factory=dict)
    reasons: dict[str, int] = field(default_factory=dict)
    segments: dict[str, int] = field(default_factory=dict)


_ONE_DIGIT = max(codes.STATUS_DASAR) < 10
assert _ONE_DIGIT, "coverage() reads the status dasar as one character"
_Member = tuple[str | None, bool, str, str | None, bool, bool]
# one occupation that stands for each job digit of a situation
_JOB_CODES: dict[str, int | None] = {"0": None, "1": 5, "2": 86}  # none, PNS, kepala desa


def _summarise(
    listed: str, desil: int | None, known: dict[tuple[str, int | None], _Member]
) -> _Household:
    """``known`` remembers the verdict per situation and desil across households."""
    out = _Household()
    uninsured = 0
    for code in listed.split(","):
        member = known.get((code, desil))
        if member is None:
            sd, job, care, moved = code[0], code[1], code[2], code[3]
            seg, st, other = code[4:].split("/")
            verdict = J.standing(
                status_dasar=int(sd), segment=seg or None, status=st or None, desil=desil,
                occupation=_JOB_CODES[job], other_active=other or None, needs_care=care == "1",
                moved_out=None if moved == "2" else moved == "1",
            )  # fmt: skip
            member = known[(code, desil)] = (
                verdict.step, int(sd) == codes.HIDUP, seg or J.TIDAK_DIKETAHUI,
                verdict.reason if verdict.uninsured else None, verdict.registered, verdict.active,
            )  # fmt: skip
        step, alive, seg_key, reason, registered, active = member
        if step is not None:
            out.steps[step] = out.steps.get(step, 0) + 1
        if not alive:
            continue
        out.living += 1
        out.segments[seg_key] = out.segments.get(seg_key, 0) + 1
        if reason is not None:
            uninsured += 1
            out.reasons[reason] = out.reasons.get(reason, 0) + 1
        if registered:
            out.registered += 1
            out.active += active
    out.flag = J.household_flag(out.living, uninsured)
    return out


def standing_of(db: Database, resident_ids: Iterable[int]) -> dict[int, J.Standing]:
    """The rules' verdict for some residents, computed by the SQL expressions."""
    rc = rule_columns()
    ids = list(resident_ids)
    out: dict[int, J.Standing] = {}
    with db.read() as conn:
        for part in chunks(ids):
            for rid, reg, act, unins, reason, step in conn.execute(
                select(R.c.id, rc.registered, rc.active, rc.uninsured, rc.reason, rc.step)
                .select_from(people_from())
                .where(R.c.id.in_(part))
            ):
                out[int(rid)] = J.Standing(bool(reg), bool(act), bool(unins), reason, step)
    return out


@dataclass(frozen=True, slots=True)
class TrendPoint(CoverageCounts):
    month: str = ""  # YYYY-MM


def coverage_trend(
    db: Database, months: int = 12, today: dt.date | None = None
) -> list[TrendPoint]:
    """Coverage at the end of each of the last ``months`` months, from the observations kept: for
    each month the rule (``J.decide``) over the observations known by its last day (dated on or
    before it; undated ones from the day they were recorded). The population is who was
    alive then (residents who died or moved later still count for earlier months)."""
    today = today or dt.date.today()
    ends: list[dt.date] = []
    first = today.replace(day=1)
    for _ in range(months):
        ends.append(min(today, _month_end(first)))
        first = (first - dt.timedelta(days=1)).replace(day=1)
    ends.reverse()
    keys = [e.isoformat() for e in ends]  # SQLite keeps dates as ISO text: compare as text
    n = len(ends)

    def month_of(day: Any) -> int:
        """Index of the first month end on or after ``day`` (n when after the last one)."""
        text = day.isoformat() if isinstance(day, dt.date) else str(day)
        return bisect.bisect_left(keys, text)

    # difference arrays: a state that starts at month i and ends before month j adds 1 to [i, j)
    pop = [0] * (n + 1)
    reg = [0] * (n + 1)
    act = [0] * (n + 1)
    with db.read() as conn:
        alive_until: dict[int, int] = {}
        for rid, sd, changed in read_rows(
            conn, select(R.c.id, R.c.status_dasar, R.c.status_changed_at)
        ):
            # alive at month ends before the status change; a change without a date: never counted
            stop = n if sd == codes.HIDUP else (0 if changed is None else month_of(changed))
            alive_until[int(rid)] = stop
            pop[0] += 1
            pop[stop] -= 1
        facts = observation_rows(conn, None)

    def add(rid: int, start: int, stop: int, seg: str, st: str) -> None:
        stop = min(stop, alive_until.get(rid, 0))
        if start >= stop or seg not in J.JKN_SEGMENTS:
            return
        reg[start] += 1
        reg[stop] -= 1
        if st == J.AKTIF:
            act[start] += 1
            act[stop] -= 1

    for rid, rows in facts.items():
        # the month from which each observation is known: its date, or the day it was recorded
        known = sorted((month_of(r[3] if r[3] is not None else str(r[9])[:10]), i) for i, r in enumerate(rows))
        steps = sorted({m for m, _ in known if m < n})
        for k, start in enumerate(steps):
            stop = steps[k + 1] if k + 1 < len(steps) else n
            state = decide_rows([rows[i] for m, i in known if m <= start])
            if state is not None:
                add(rid, start, stop, state.segment, state.status)
    points = []
    p = r = a = 0
    for i, end in enumerate(ends):
        p += pop[i]
        r += reg[i]
        a += act[i]
        points.append(TrendPoint(p, r, a, f"{end:%Y-%m}"))
    while points and points[0].registered == 0:  # months before anything was recorded
        points.pop(0)
    return points


def _month_end(first: dt.date) -> dt.date:
    nxt = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return nxt - dt.timedelta(days=1)

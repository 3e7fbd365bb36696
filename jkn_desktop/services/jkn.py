"""JKN membership: observations with history, the current state per resident, desil per household,
the uninsured rules as SQL, and coverage counts.

Every observation is a row in ``membership``; ``jkn_current`` mirrors the latest one per resident
(latest as-of date, then latest written) and is updated in the same transaction."""

from __future__ import annotations

import bisect
import datetime as dt
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
    func,
    insert,
    literal,
    not_,
    select,
    update,
)

from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.bulk import insert_many, update_many
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
    "resident_id", "segment", "kelas", "card_no", "status", "fktp", "as_of", "period", "source",
    "source_ref", "list_id", "note",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Observation:
    """One thing a source said about a resident's membership."""

    resident_id: int
    segment: str
    status: str
    as_of: dt.date
    source: str
    kelas: int | None = None
    card_no: str = ""
    fktp: str = ""
    period: str = ""
    source_ref: str = ""
    list_id: int | None = None
    note: str = ""

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
    as_of: dt.date
    period: str
    source: str
    source_ref: str
    note: str
    actor: str
    created_at: dt.datetime

    @property
    def segment_label(self) -> str:
        return J.SEGMENTS.get(self.segment, self.segment)

    @property
    def status_label(self) -> str:
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
    if obs.as_of > today:
        problems.append("Tanggal keadaan tidak boleh sesudah hari ini.")
    if problems:
        raise UserError("MEMBERSHIP_INVALID", " ".join(problems))


def record_observations(
    conn: Connection, observations: Sequence[Observation], *, actor: str, reason: str = ""
) -> int:
    """Insert observations, move ``jkn_current`` forward where they are the latest, and write one
    audit row per observation, all in the caller's transaction. Returns how many were written."""
    if not observations:
        return 0
    now = dt.datetime.now().replace(microsecond=0)
    before = conn.execute(select(func.coalesce(func.max(M.c.id), 0))).scalar_one()
    insert_many(conn, M, [{**o.row(), "created_at": now, "actor": actor} for o in observations])
    new_ids = [
        int(r[0]) for r in read_rows(conn, select(M.c.id).where(M.c.id > before).order_by(M.c.id))
    ]
    latest: dict[int, tuple[int, Observation]] = {}
    for mid, o in zip(new_ids, observations, strict=True):
        held = latest.get(o.resident_id)
        if held is None or (o.as_of, mid) >= (held[1].as_of, held[0]):
            latest[o.resident_id] = (mid, o)
    ids = list(latest)
    current: dict[int, dt.date] = {}
    if len(ids) > 5000:  # a big list: read the whole current table once
        wanted = set(ids)
        current = {
            int(rid): dt.date.fromisoformat(as_of) if isinstance(as_of, str) else as_of
            for rid, as_of in read_rows(conn, select(C.c.resident_id, C.c.as_of))
            if rid in wanted
        }
    else:
        for start in range(0, len(ids), 900):
            current.update(
                {
                    int(rid): as_of
                    for rid, as_of in conn.execute(
                        select(C.c.resident_id, C.c.as_of).where(
                            C.c.resident_id.in_(ids[start : start + 900])
                        )
                    )
                }
            )

    def values(mid: int, o: Observation) -> dict[str, Any]:
        return {"membership_id": mid, "segment": o.segment, "kelas": o.kelas,
                "card_no": o.card_no, "status": o.status, "as_of": o.as_of, "source": o.source}  # fmt: skip

    fresh = [
        {"resident_id": rid, **values(mid, o)}
        for rid, (mid, o) in latest.items()
        if rid not in current
    ]
    moved = [
        {"resident_id": rid, **values(mid, o)}
        for rid, (mid, o) in latest.items()
        if rid in current and o.as_of >= current[rid]
    ]
    insert_many(conn, C, fresh)
    update_many(conn, C, "resident_id", moved)
    update_many(
        conn, R, "id",
        [{"id": r["resident_id"], "jkn_segment": r["segment"], "jkn_status": r["status"]} for r in (*fresh, *moved)],
    )  # fmt: skip
    audit = [
        {"at": now, "actor": actor or "-", "action": "membership", "entity": "resident",
         "entity_id": o.resident_id, "entity_key": "", "field": "jkn", "old_value": None,
         "new_value": f"{o.segment}/{o.status} per {o.as_of.isoformat()} ({o.source}"
                      f"{': ' + o.source_ref if o.source_ref else ''})",
         "reason": reason or o.note}
        for o in observations
    ]  # fmt: skip
    insert_many(conn, audit_t, audit)
    return len(observations)


def add_observation(db: Database, obs: Observation, actor: str) -> None:
    """One observation from the window (card seen at the office, resident's statement, …)."""
    validate_observation(obs)
    with db.write() as conn:
        exists = conn.execute(select(R.c.id).where(R.c.id == obs.resident_id)).scalar()
        if exists is None:
            raise UserError("RESIDENT_NOT_FOUND", "Penduduk ini tidak ada lagi di basis data.")
        record_observations(conn, [obs], actor=actor, reason=obs.note)


def history(db: Database, resident_id: int) -> list[MembershipEntry]:
    """Every observation of a resident, newest first."""
    with db.read() as conn:
        rows = conn.execute(
            select(
                M.c.id,
                M.c.segment,
                M.c.kelas,
                M.c.card_no,
                M.c.status,
                M.c.fktp,
                M.c.as_of,
                M.c.period,
                M.c.source,
                M.c.source_ref,
                M.c.note,
                M.c.actor,
                M.c.created_at,
            )
            .where(M.c.resident_id == resident_id)
            .order_by(M.c.as_of.desc(), M.c.id.desc())
        ).all()
    return [MembershipEntry(*r) for r in rows]  # type: ignore[call-arg]


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


def rule_columns() -> RuleColumns:
    seg = func.coalesce(R.c.jkn_segment, J.BELUM_TERDAFTAR)
    st = func.coalesce(R.c.jkn_status, J.STATUS_TIDAK_DIKETAHUI)
    alive = R.c.status_dasar == codes.HIDUP
    registered = seg.in_(J.JKN_SEGMENTS)
    active = and_(registered, st == J.AKTIF)
    uninsured = and_(alive, not_(active))
    reason = case(
        (not_(uninsured), literal(None)),
        (not_(registered), case((seg == J.TIDAK_DIKETAHUI, "tidak_diketahui"), else_="belum_terdaftar")),
        (and_(seg.in_(J.PBI_SEGMENTS), st == J.NONAKTIF), "pbi_dihapus"),
        (and_(seg.in_(J.SELF_PAID_SEGMENTS), st == J.NONAKTIF), "menunggak"),
        else_="tidak_diketahui",
    )  # fmt: skip
    pbi_member = and_(seg.in_(J.PBI_SEGMENTS), st != J.NONAKTIF)
    step = case(
        (and_(pbi_member, R.c.status_dasar.in_([codes.MATI, codes.PINDAH])), "usul_hapus"),
        (and_(pbi_member, alive, func.coalesce(R.c.occupation, 0).in_(sorted(J.WAGE_OCCUPATIONS))), "cek_ppu"),
        (and_(uninsured, registered, st != J.NONAKTIF), "cek_status"),
        (and_(uninsured, H.c.desil.is_(None)), "usul_dtsen"),
        (and_(uninsured, H.c.desil <= 5), "usul_pbi"),
        (uninsured, "daftar_mandiri"),
        else_=literal(None),
    )  # fmt: skip
    return RuleColumns(seg, st, registered, active, uninsured, reason, step)


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
    wage = func.coalesce(R.c.occupation.in_(sorted(J.WAGE_OCCUPATIONS)), 0)
    # "||" converts the numbers to text by itself (SQLite, PostgreSQL): no casts per row
    # status dasar and the wage flag are one digit each (see _ONE_DIGIT): no separator after them
    situation = (
        R.c.status_dasar.op("||")(wage)
        .op("||")(func.coalesce(R.c.jkn_segment, "")).op("||")("/")
        .op("||")(func.coalesce(R.c.jkn_status, ""))
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


def _summarise(
    listed: str, desil: int | None, known: dict[tuple[str, int | None], _Member]
) -> _Household:
    """``known`` remembers the verdict per situation and desil across households."""
    out = _Household()
    uninsured = 0
    for code in listed.split(","):
        member = known.get((code, desil))
        if member is None:
            sd, is_wage = code[0], code[1]
            seg, _, st = code[2:].partition("/")
            verdict = J.standing(
                status_dasar=int(sd), segment=seg or None, status=(st or None) if seg else None,
                desil=desil, occupation=5 if is_wage == "1" else None,  # 5 (PNS): any wage job
            )  # fmt: skip
            member = known[(code, desil)] = (
                verdict.step, int(sd) == codes.HIDUP, seg or J.BELUM_TERDAFTAR,
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
        for start in range(0, len(ids), 900):
            for rid, reg, act, unins, reason, step in conn.execute(
                select(R.c.id, rc.registered, rc.active, rc.uninsured, rc.reason, rc.step)
                .select_from(people_from())
                .where(R.c.id.in_(ids[start : start + 900]))
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
    each month the latest observation dated on or before its last day. The population is who was
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
        obs = read_rows(
            conn,
            select(M.c.resident_id, M.c.as_of, M.c.segment, M.c.status).order_by(
                M.c.resident_id, M.c.as_of, M.c.id
            ),
        )

    def close(rid: int, start: int, stop: int, seg: str, st: str) -> None:
        stop = min(stop, alive_until.get(rid, 0))
        if start >= stop or seg not in J.JKN_SEGMENTS:
            return
        reg[start] += 1
        reg[stop] -= 1
        if st == J.AKTIF:
            act[start] += 1
            act[stop] -= 1

    current: tuple[int, int, str, str] | None = None  # resident, start month, segment, status
    for rid, as_of, seg, st in obs:
        m = month_of(as_of)
        if current is not None and current[0] == rid:
            close(rid, current[1], m, current[2], current[3])
        elif current is not None:
            close(current[0], current[1], n, current[2], current[3])
        current = (int(rid), m, seg, st)
    if current is not None:
        close(current[0], current[1], n, current[2], current[3])
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

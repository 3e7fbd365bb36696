"""The per-household summary coverage is read from (tables ``household_situation`` and
``situation_count``, migration 0009).

For each household with members ``household_situation`` holds the household's dusun, RW and
desil, ``listed`` — its members' situations as the coverage rules read them, joined by commas —
and what the rules (``J.standing``, ``J.household_flag``) make of them: living members, registered,
active, the flag. A situation is ``<status dasar><job><needs care><moved out><segment>/<status>/
<other segment>``, e.g. ``1000pbi_apbn/aktif/``: job 0 none, 1 wage, 2 official; needs care 0/1;
moved out 0 no, 1 yes, 2 not known; "" where nothing is recorded. Residents without a household
are one row with household id 0 (they count as people, not as a KK). ``situation_count`` counts
the residents per situation and desil (a few hundred rows): the village's counts per step, reason
and segment.

How it stays true, whatever writes (docs/decisions.md, entry 15):

* triggers on ``resident`` (insert, delete, an update of a column the situation reads or of the
  household) and on ``household`` (an update of id, dusun, RW or desil, a delete) mark the
  households concerned in ``household_situation_dirty`` — inside SQLite, for every write,
  whichever code or tool makes it;
* :meth:`Database.work` calls :func:`refresh` before a write job commits: the marked households'
  members are read in one statement, the rules run once per distinct list, the rows are written
  in one executemany and the counts moved by the difference; when most households are marked,
  all are built again. A committed database has no marks;
* a bulk insert of residents (persistence.bulk_residents) lifts the insert trigger and marks the
  new residents' households in one statement afterwards;
* a reader that finds marks (a write outside the program's jobs) or another :func:`encoding` (the
  rules or the app changed) does not trust the tables: :func:`trusted` says so and coverage counts
  from the residents instead; opening the database (services.database.open_database) builds them
  again; :func:`stale` compares them with the residents (the tests, the self-test).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    and_,
    case,
    delete,
    exists,
    func,
    insert,
    or_,
    select,
)
from sqlalchemy.sql import Select

from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.persistence.fastread import execute_many, list_agg, read_rows
from jkn_desktop.persistence.tables import (
    household_situation_dirty_t,
    household_situation_state_t,
    household_situation_t,
    household_t,
    resident_t,
    situation_count_t,
)

R = resident_t
H = household_t
S = household_situation_t
D = household_situation_dirty_t
V = household_situation_state_t
N = situation_count_t

NO_HOUSEHOLD = 0  # the row of the residents without a household
# when more than a quarter of the households are marked, all are summarised again in one pass
_REBUILD_SHARE = 4

# the resident columns a situation reads (the triggers of migration 0009 watch the same)
WATCHED = (
    "household_id",
    "status_dasar",
    "occupation",
    "jkn_segment",
    "jkn_status",
    "jkn_other",
    "moved_out",
    "chronic_illness",
    "pregnant",
)


def needs_care_sql() -> ColumnElement[bool]:
    """A chronic illness recorded or a pregnancy: the rules' "needs care"."""
    return or_(
        and_(R.c.chronic_illness.is_not(None), R.c.chronic_illness != codes.SAKIT_NONE),
        R.c.pregnant == True,  # noqa: E712 (SQL comparison)
    )


def situation_sql() -> ColumnElement[str]:
    """One resident's situation as text (see the module's docstring)."""
    occupation = func.coalesce(R.c.occupation, 0)
    job = case(
        (occupation.in_(sorted(J.OFFICIAL_OCCUPATIONS)), "2"),
        (occupation.in_(sorted(J.WAGE_OCCUPATIONS)), "1"),
        else_="0",
    )
    care = case((needs_care_sql(), "1"), else_="0")
    moved = case((R.c.moved_out == True, "1"), (R.c.moved_out == False, "0"), else_="2")  # noqa: E712
    # "||" converts the numbers to text by itself (SQLite, PostgreSQL): no casts per row
    situation = R.c.status_dasar.op("||")(job).op("||")(care).op("||")(moved)
    for part in (
        func.coalesce(R.c.jkn_segment, ""),
        "/",
        func.coalesce(R.c.jkn_status, ""),
        "/",
        func.coalesce(R.c.jkn_other, ""),
    ):
        situation = situation.op("||")(part)
    return situation


def summary_select(dialect: str, where: ColumnElement[bool] | None = None) -> Select[Any]:
    """(household id, dusun, RW, desil, listed) per household of the residents ``where`` picks,
    read along ix_resident_jkn (household order, members in the index's order): households
    alike list their members alike."""
    stmt = select(R.c.household_id.label("hid"), list_agg(dialect, situation_sql()).label("listed"))
    if where is not None:
        stmt = stmt.where(where)
    members = stmt.group_by(R.c.household_id).subquery()
    return select(
        func.coalesce(members.c.hid, NO_HOUSEHOLD),
        func.coalesce(H.c.dusun, ""),
        func.coalesce(H.c.rw, ""),
        H.c.desil,
        members.c.listed,
    ).select_from(members.outerjoin(H, H.c.id == members.c.hid))


_Member = tuple[str | None, bool, str, str | None, bool, bool]
_Key = tuple[str, int | None]  # a situation (or a household's list of them) and the desil
# one occupation that stands for each job digit of a situation
_JOB_CODES: dict[str, int | None] = {"0": None, "1": 5, "2": 86}  # none, PNS, kepala desa
assert max(codes.STATUS_DASAR) < 10, "a situation holds the status dasar as one character"
FLAGS = {J.FULLY_UNINSURED: 1, J.PARTLY_UNINSURED: 2}


def member(code: str, desil: int | None) -> _Member:
    """The rules' verdict on one situation in a household of ``desil``: (step, alive, segment
    shown, uninsured reason, registered, active)."""
    sd, job, care, moved = code[0], code[1], code[2], code[3]
    seg, st, other = code[4:].split("/")
    verdict = J.standing(
        status_dasar=int(sd),
        segment=seg or None,
        status=st or None,
        desil=desil,
        occupation=_JOB_CODES[job],
        other_active=other or None,
        needs_care=care == "1",
        moved_out=None if moved == "2" else moved == "1",
    )
    return (
        verdict.step,
        int(sd) == codes.HIDUP,
        seg or J.TIDAK_DIKETAHUI,
        verdict.reason if verdict.uninsured else None,
        verdict.registered,
        verdict.active,
    )


def _numbers(
    listed: str, desil: int | None, known: dict[_Key, _Member]
) -> tuple[int, int, int, int]:
    """(living, registered, active, flag) of one household; ``known`` remembers verdicts."""
    living = registered = active = uninsured = 0
    for code in listed.split(","):
        verdict = known.get((code, desil))
        if verdict is None:
            verdict = known[(code, desil)] = member(code, desil)
        if not verdict[1]:
            continue
        living += 1
        uninsured += verdict[3] is not None
        registered += verdict[4]
        active += verdict[5]
    flag = J.household_flag(living, uninsured)
    return living, registered, active, FLAGS.get(flag or "", 0)


@functools.cache
def encoding() -> str:
    """A fingerprint of what the rows were built with: the situation's SQL with its code lists
    written out, the app's version and the rules' source (when the build carries it). Another
    fingerprint (an upgrade, a changed rule) builds the tables again."""
    from sqlalchemy.dialects import sqlite

    import jkn_desktop

    compiled = situation_sql().compile(
        dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}
    )
    digest = hashlib.sha256(f"{compiled}|{jkn_desktop.__version__}".encode())
    for module in (J, codes):
        # a frozen build without sources: its version stands for its rules
        with contextlib.suppress(OSError):
            digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()[:16]


def _write(conn: Connection, fresh: list[tuple[Any, ...]]) -> Counter[tuple[str, int]]:
    """Insert the rows of these households (from :func:`summary_select`); returns the residents
    per situation and desil they hold."""
    known: dict[_Key, _Member] = {}
    rows = []
    counts: Counter[tuple[str, int]] = Counter()
    for hid, dusun, rw, desil, listed in fresh:
        living, registered, active, flag = _numbers(listed, desil, known)
        rows.append((hid, dusun, rw, desil, listed, living, registered, active, flag))
        counts.update((code, desil or 0) for code in listed.split(","))
    if rows:
        execute_many(
            conn,
            "INSERT INTO household_situation (household_id, dusun, rw, desil, listed, living, "
            "registered, active, flag) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    return counts


def _counted(rows: list[tuple[Any, ...]]) -> Counter[tuple[str, int]]:
    """Residents per situation and desil in these (desil, listed) rows."""
    out: Counter[tuple[str, int]] = Counter()
    for desil, listed in rows:
        out.update((code, desil or 0) for code in listed.split(","))
    return out


def rebuild(conn: Connection) -> None:
    """Summarise every household again (a new database, another encoding, a repair)."""
    conn.execute(delete(S))
    conn.execute(delete(N))
    counts = _write(conn, read_rows(conn, summary_select(conn.dialect.name)))
    if counts:
        conn.execute(
            insert(N), [{"situation": c, "desil": d, "n": n} for (c, d), n in counts.items()]
        )
    conn.execute(delete(D))
    conn.execute(delete(V))
    conn.execute(insert(V).values(id=1, encoding=encoding()))


def refresh(conn: Connection) -> int:
    """Summarise the marked households again and clear the marks; returns how many were marked.
    Called by :meth:`Database.work` before a write job commits."""
    marked = conn.execute(select(func.count()).select_from(D)).scalar_one()
    if not marked:
        return 0
    households = conn.execute(select(func.count()).select_from(S)).scalar_one()
    if marked * _REBUILD_SHARE > households:
        rebuild(conn)
        return int(marked)
    chosen = select(D.c.household_id)
    gone = _counted(
        read_rows(conn, select(S.c.desil, S.c.listed).where(S.c.household_id.in_(chosen)))
    )
    conn.execute(delete(S).where(S.c.household_id.in_(chosen)))
    fresh = read_rows(conn, summary_select(conn.dialect.name, R.c.household_id.in_(chosen)))
    if conn.execute(select(exists().where(D.c.household_id == NO_HOUSEHOLD))).scalar():
        fresh += read_rows(conn, summary_select(conn.dialect.name, R.c.household_id.is_(None)))
    added = _write(conn, fresh)
    moved = {k: added.get(k, 0) - gone.get(k, 0) for k in added.keys() | gone.keys()}
    moved = {k: v for k, v in moved.items() if v}
    if moved:
        execute_many(
            conn,
            "INSERT INTO situation_count (situation, desil, n) VALUES (?, ?, ?) "
            "ON CONFLICT (situation, desil) DO UPDATE SET n = situation_count.n + excluded.n",
            sorted((c, d, v) for (c, d), v in moved.items()),
        )
        conn.execute(delete(N).where(N.c.n == 0))
    conn.execute(delete(D))
    return int(marked)


def ensure(conn: Connection) -> None:
    """On opening a file (a write job): built with this encoding, nothing marked."""
    if trusted(conn):
        return
    built = conn.execute(select(V.c.encoding).where(V.c.id == 1)).scalar()
    if built != encoding():
        rebuild(conn)
    else:
        refresh(conn)


def trusted(conn: Connection) -> bool:
    """The tables can be read as they are: built with this encoding, nothing marked (on SQLite
    the triggers of migration 0009 mark, on PostgreSQL those of 0014)."""
    row = conn.execute(
        select(
            select(V.c.encoding).where(V.c.id == 1).scalar_subquery(),
            exists().select_from(D),
        )
    ).one()
    return row[0] == encoding() and not row[1]


def by_area(conn: Connection) -> list[tuple[Any, ...]]:
    """Per dusun and RW: living, registered, active, households with a KK and living members,
    of them with no living member insured, with some uninsured."""
    kk = and_(S.c.household_id != NO_HOUSEHOLD, S.c.living > 0)
    return read_rows(
        conn,
        select(
            S.c.dusun,
            S.c.rw,
            func.sum(S.c.living),
            func.sum(S.c.registered),
            func.sum(S.c.active),
            func.sum(case((kk, 1), else_=0)),
            func.sum(case((and_(kk, S.c.flag == 1), 1), else_=0)),
            func.sum(case((and_(kk, S.c.flag == 2), 1), else_=0)),
        )
        .where(S.c.living > 0)
        .group_by(S.c.dusun, S.c.rw),
    )


def counts(conn: Connection) -> list[tuple[Any, ...]]:
    """(situation, desil or None, residents) for each situation in the village."""
    return [
        (code, desil or None, n)
        for code, desil, n in read_rows(conn, select(N.c.situation, N.c.desil, N.c.n))
    ]


def stale(conn: Connection) -> list[int]:
    """Households whose row differs from their residents now (missing, extra or changed), and
    -1 when the counts differ: an empty list when the tables are true (the check, the tests)."""
    known: dict[_Key, _Member] = {}

    def ordered(listed: str) -> str:  # the order follows the index the rows were read along
        return ",".join(sorted(listed.split(",")))

    fresh = {
        (*r[:4], ordered(r[4]), *_numbers(r[4], r[3], known))
        for r in read_rows(conn, summary_select(conn.dialect.name))
    }
    columns = [*_COLUMNS, "living", "registered", "active", "flag"]
    kept = {
        (*r[:4], ordered(r[4]), *r[5:]) for r in read_rows(conn, select(*[S.c[c] for c in columns]))
    }
    wrong = sorted({int(r[0]) for r in fresh ^ kept})
    expected = _counted([(r[3], r[4]) for r in fresh])
    held = {(c, d): n for c, d, n in read_rows(conn, select(N.c.situation, N.c.desil, N.c.n))}
    return wrong if dict(expected) == held else [*wrong, -1]


_COLUMNS = ["household_id", "dusun", "rw", "desil", "listed"]

"""The monthly lists kept (``pbi_list`` with its rows in ``pbi_entry``): which list comes before and
after a month's, who left it, what an earlier import of the same list already recorded."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from jkn_desktop.domain import jkn as J
from jkn_desktop.domain import roles as perm
from jkn_desktop.importers.pbi_rows import ListRow, ParsedList
from jkn_desktop.messages import message
from jkn_desktop.persistence.bulk import chunks, insert_id, insert_many
from jkn_desktop.persistence.fastread import read_rows
from jkn_desktop.persistence.tables import membership_t, pbi_entry_t, pbi_list_t, resident_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.membership import Observation
from jkn_desktop.services.membership.pbi_period import period_start
from jkn_desktop.services.settings import get_setting

R = resident_t
M = membership_t
L = pbi_list_t
E = pbi_entry_t


def list_ids(
    conn: Connection, source: str, segment: str, period: str
) -> tuple[int | None, int | None, int | None]:
    """This period's list of the source and segment (if imported before), the previous period's
    and the next period's: a PBPU Pemda list never drops anyone from PBI APBN, nor the other way
    round."""
    same = (L.c.source == source, L.c.segment == segment)
    this = conn.execute(select(L.c.id).where(*same, L.c.period == period)).scalar()
    prev = conn.execute(
        select(L.c.id).where(*same, L.c.period < period).order_by(L.c.period.desc()).limit(1)
    ).scalar()
    nxt = conn.execute(
        select(L.c.id).where(*same, L.c.period > period).order_by(L.c.period).limit(1)
    ).scalar()
    return this, prev, nxt


def new_list(work: Work, source: str, segment: str, period: str) -> int:
    """A list for the month, by the job's user at the job's time (its rows follow)."""
    work.require(perm.IMPORT)
    return insert_id(
        work.conn,
        insert(L).values(
            source=source, period=period, segment=segment, actor=work.user, imported_at=work.now
        ),
    )


def left_by_next(
    conn: Connection, following: int | None, rows: list[ListRow], file_name: str
) -> list[Observation]:
    """A list that arrives late: who is on it but not on the next month's list already recorded
    left the list then."""
    if following is None:
        return []
    nxt = conn.execute(select(L.c.period, L.c.source, L.c.segment).where(L.c.id == following)).one()
    on_next = {
        int(r[0])
        for r in read_rows(
            conn,
            select(E.c.resident_id).where(E.c.list_id == following, E.c.resident_id.is_not(None)),
        )
    }
    pending = {c for r in rows if r.match == "ambiguous" for c in r.candidates}
    return [
        Observation(
            resident_id=r.resident_id,
            segment=r.segment or nxt.segment,
            status=J.NONAKTIF,
            as_of=period_start(nxt.period),
            source=nxt.source,
            card_no=r.card_no,
            period=nxt.period,
            source_ref=file_name,
            list_id=following,
            note=f"tidak ada di daftar bulan {nxt.period}",
            absent=True,
        )
        for r in rows
        if r.resident_id is not None
        and r.resident_id not in on_next
        and r.resident_id not in pending
    ]


def dropped(
    conn: Connection, previous: int | None, matched_now: set[int]
) -> dict[int, tuple[str, str]]:
    """Residents on the previous list of the same source who are not on this one."""
    if previous is None:
        return {}
    out: dict[int, tuple[str, str]] = {}
    for rid, seg, card in read_rows(
        conn,
        select(E.c.resident_id, E.c.segment, E.c.card_no).where(
            E.c.list_id == previous, E.c.resident_id.is_not(None)
        ),
    ):
        if rid not in matched_now:
            out[int(rid)] = (seg or J.PBI_APBN, card or "")
    return out


def not_yet_recorded(
    conn: Connection, lists: list[int | None], observations: list[Observation]
) -> list[Observation]:
    """Leave out what an earlier import of the same lists already recorded (re-import = no
    change)."""
    known = [i for i in lists if i is not None]
    if not known:
        return observations
    have = {
        (lid, rid, seg, st, card, bool(absent))
        for lid, rid, seg, st, card, absent in read_rows(
            conn,
            select(
                M.c.list_id, M.c.resident_id, M.c.segment, M.c.status, M.c.card_no, M.c.absent
            ).where(M.c.list_id.in_(known)),
        )
    }
    return [
        o
        for o in observations
        if (o.list_id, o.resident_id, o.segment, o.status, o.card_no, o.absent) not in have
    ]


def save_list(
    work: Work,
    list_id: int,
    parsed: ParsedList,
    rows: list[ListRow],
    *,
    source: str,
    period: str,
    segment: str,
    dropped: int,
) -> None:
    """The list's counts and its rows, a snapshot of the file: the newer import of the period
    replaces it."""
    work.require(perm.IMPORT)
    counts: dict[str, int] = defaultdict(int)
    for r in rows:
        counts[r.match] += 1
    values = {
        "source": source,
        "period": period,
        "segment": segment,
        "file_name": parsed.path.name,
        "sheet": parsed.sheet,
        "rows": len(rows),
        "matched_nik": counts["nik"],
        "matched_name": counts["name"] + counts["confirmed"],
        "not_found": counts["none"],
        "dropped": dropped,
        "imported_at": work.now,
        "actor": work.user,
    }
    conn = work.conn
    conn.execute(update(L).where(L.c.id == list_id).values(**values))
    conn.execute(delete(E).where(E.c.list_id == list_id))
    entries = [
        {
            "list_id": list_id,
            "row": r.line,
            "nik": r.nik,
            "name": r.name,
            "birth_date": r.birth_date,
            "card_no": r.card_no,
            "address": r.address,
            "segment": r.segment or segment,
            "status": r.status or J.AKTIF,
            "resident_id": r.resident_id,
            "match": r.match,
        }
        for r in rows
    ]
    insert_many(conn, E, entries)


def looks_short(work: Work, rows: list[ListRow], previous: int | None, dropped: int) -> str:
    """What to say when this list is far shorter than the previous one of the same source and
    segment (setting ``list_min_ratio``), else ""."""
    if previous is None:
        return ""
    before = work.conn.execute(select(L.c.rows).where(L.c.id == previous)).scalar() or 0
    now = sum(1 for r in rows if not r.rejected)
    ratio = float(get_setting(work, "list_min_ratio"))
    if before == 0 or now >= ratio * before:
        return ""
    return message("LIST_SHORT.found", rows=now, previous=before, dropped=dropped)


def dropped_details(conn: Connection, ids: list[int]) -> list[dict[str, Any]]:
    """NIK and name of the residents no longer on the list, by name."""
    out = []
    for part in chunks(ids):
        for nik, name in conn.execute(select(R.c.nik, R.c.name).where(R.c.id.in_(part))):
            out.append({"nik": nik, "name": name})
    return sorted(out, key=lambda d: d["name"])

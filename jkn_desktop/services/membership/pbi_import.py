"""Import a participant list for a month (the Dinsos PBI list, or a BPJS list) and match it to
residents (``pbi_match``). Every matched row becomes a membership observation for that month;
residents on the previous list of the same source who are missing now get an observation
"nonaktif". One job; importing the same file for the same period again changes nothing."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from jkn_desktop.domain import jkn as J
from jkn_desktop.domain import roles as perm
from jkn_desktop.errors import UserError
from jkn_desktop.importers.pbi_rows import LOOKUP, ListRow, ParsedList, parse_list
from jkn_desktop.importers.report import write_issue_workbook
from jkn_desktop.persistence.tables import resident_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.changes import MEMBERSHIP
from jkn_desktop.records.membership import Candidate, Observation, PbiImportResult
from jkn_desktop.services.membership import pbi_lists as lists
from jkn_desktop.services.membership.evidence import record_observations
from jkn_desktop.services.membership.pbi_match import GONE, annotate, candidate_details, match_rows
from jkn_desktop.services.membership.pbi_period import bulan_tahun, check_period, period_start

Progress = Callable[[int, int], None]
SOURCES = {"dinsos": "Dinas Sosial", "bpjs": "BPJS Kesehatan"}
LIST_SEGMENTS = {"pbi-apbn": J.PBI_APBN, "pbpu-pemda": J.PBPU_PEMDA}


@dataclass(frozen=True, slots=True)
class _Request:
    """What the list is: its file, source, segment and month (the observations' date)."""

    file: str  # as given
    path: Path
    source: str
    segment: str  # the membership segment of rows without a SEGMEN column
    period: str
    as_of: dt.date


def _read(
    work: Work,
    path: Path,
    *,
    source: str,
    segment: str,
    sheet: str | None,
    period: str | None,
    force_period: bool,
    fallback_period: str | None,
) -> tuple[_Request, ParsedList]:
    """The list read and its month settled (refused when unknown, mismatched or still to come)."""
    if source not in SOURCES:
        raise UserError("SOURCE_UNKNOWN")
    if segment not in LIST_SEGMENTS:
        raise UserError("SEGMENT_UNKNOWN")
    parsed = parse_list(Path(path), sheet, today=work.today)
    month = check_period(
        period, parsed.period_in_file, force=force_period, fallback=fallback_period
    )
    as_of = period_start(month)
    if as_of > work.today:
        raise UserError("PERIOD_FUTURE", month=bulan_tahun(month))
    if not any(not r.rejected for r in parsed.rows):
        raise UserError("LIST_EMPTY", name=Path(path).name)
    return _Request(str(path), Path(path), source, LIST_SEGMENTS[segment], month, as_of), parsed


def _column(parsed: ParsedList, field: str, default: str) -> str:
    """The heading of the file's column for ``field`` (where the notes on a row point)."""
    m = parsed.match
    return next((m.headers[i] for i, f in m.columns.items() if f == field), default)


def _matched(
    work: Work, parsed: ParsedList, confirm: Mapping[int, int]
) -> tuple[dict[int, int], dict[int, list[Candidate]]]:
    """Rows matched to residents, with their notes: status dasar per matched resident, and who
    an open row might be."""
    rows = parsed.rows
    status, names = match_rows(work.conn, rows, confirm)
    candidates = candidate_details(rows, names)
    annotate(
        rows,
        candidates,
        status,
        col_nik=_column(parsed, "nik", "NIK"),
        col_name=_column(parsed, "name", "Nama"),
    )
    return status, candidates


def _record(
    work: Work,
    req: _Request,
    parsed: ParsedList,
    list_id: int,
    dropped: int,
    observations: list[Observation],
) -> None:
    """The list's rows kept, its new observations recorded (each decides its resident again)."""
    lists.save_list(
        work,
        list_id,
        parsed,
        parsed.rows,
        source=req.source,
        period=req.period,
        segment=req.segment,
        dropped=dropped,
    )
    record_observations(work, observations, reason=f"daftar {SOURCES[req.source]} {req.period}")
    if not observations:  # the list itself is new even when it changed nobody's state
        work.touch(MEMBERSHIP)


def _observations(
    req: _Request, rows: list[ListRow], dropped: dict[int, tuple[str, str]], list_id: int | None
) -> list[Observation]:
    """Who is on the list this month, and who left it since the previous one."""
    file_name = req.path.name
    on_list = [
        Observation(
            resident_id=r.resident_id,
            segment=r.segment or req.segment,
            status=r.status or J.AKTIF,
            as_of=req.as_of,
            source=req.source,
            kelas=r.kelas or 3,
            card_no=r.card_no,
            fktp=r.fktp,
            period=req.period,
            source_ref=file_name,
            list_id=list_id,
        )
        for r in rows
        if r.resident_id is not None
    ]
    left = [
        Observation(
            resident_id=rid,
            segment=seg,
            status=J.NONAKTIF,
            as_of=req.as_of,
            source=req.source,
            card_no=card,
            period=req.period,
            source_ref=file_name,
            list_id=list_id,
            note=f"tidak ada di daftar bulan {req.period}",
            absent=True,
        )
        for rid, (seg, card) in dropped.items()
    ]
    return on_list + left


def import_pbi(
    work: Work,
    path: Path,
    *,
    period: str | None,
    source: str = "dinsos",
    segment: str = "pbi-apbn",
    sheet: str | None = None,
    confirm: Mapping[int, int] | None = None,
    dry_run: bool = False,
    force_period: bool = False,
    fallback_period: str | None = None,
    accept_short: bool = False,
    progress: Progress | None = None,
) -> PbiImportResult:
    """Read, match and (unless ``dry_run``) record a participant list for ``period`` (YYYY-MM).
    The list's month comes from the list (title rows, else the file name): ``period`` None takes
    it, and a ``period`` that disagrees is refused unless ``force_period``. ``confirm`` maps a
    spreadsheet row to the resident the user picked for it in the window. A dry run only reads
    (a read job will do)."""
    work.require(perm.IMPORT)
    if not dry_run:
        work.require_sound()
    req, parsed = _read(
        work,
        path,
        source=source,
        segment=segment,
        sheet=sheet,
        period=period,
        force_period=force_period,
        fallback_period=fallback_period,
    )
    # a list matched against no one is stored with nobody on it: the residents imported
    # afterwards would stay uninsured (2% coverage) until the list is imported again
    if not dry_run and work.conn.execute(select(resident_t.c.id).limit(1)).first() is None:
        raise UserError("PBI_NO_RESIDENTS")
    if progress:
        progress(1, 4)
    conn, rows = work.conn, parsed.rows
    status, candidates = _matched(work, parsed, confirm or {})
    if progress:
        progress(2, 4)
    list_id, previous, following = lists.list_ids(conn, req.source, req.segment, req.period)
    if list_id is None and not dry_run:
        list_id = lists.new_list(work, req.source, req.segment, req.period)
    matched_now = {r.resident_id for r in rows if r.resident_id is not None}
    # a row waiting for the user to pick between candidates does not drop any of them
    matched_now |= {c for r in rows if r.match == "ambiguous" for c in r.candidates}
    dropped = lists.dropped(conn, previous, matched_now)
    short = lists.looks_short(work, rows, previous, len(dropped))
    if short and not dry_run and not accept_short:
        raise UserError("LIST_SHORT", short=short)
    observations = _observations(req, rows, dropped, list_id)
    observations += lists.left_by_next(conn, following, rows, req.path.name)
    new_obs = lists.not_yet_recorded(conn, [list_id, following], observations)
    if not dry_run:
        assert list_id is not None
        _record(work, req, parsed, list_id, len(dropped), new_obs)
    if progress:
        progress(4, 4)
    return _result(
        req,
        parsed,
        status,
        candidates,
        new_obs,
        written=not dry_run,
        dropped=lists.dropped_details(conn, list(dropped)) if dropped else [],
        short=short,
    )


def _result(
    req: _Request,
    parsed: ParsedList,
    status: dict[int, int],
    candidates: dict[int, list[Candidate]],
    new_obs: list[Observation],
    *,
    written: bool,
    dropped: list[dict[str, Any]],
    short: str,
) -> PbiImportResult:
    """What the window and the command line report."""
    rows = parsed.rows
    counts: dict[str, int] = defaultdict(int)
    for r in rows:
        counts[r.match] += 1
    open_rows = [r for r in rows if r.match in ("ambiguous", "none")]
    return PbiImportResult(
        file=req.file,
        sheet=parsed.sheet,
        header_row=parsed.header_row,
        period=req.period,
        source=req.source,
        segment=req.segment,
        rows=len(rows),
        matched_nik=counts["nik"],
        matched_name=counts["name"],
        confirmed=counts["confirmed"],
        not_found=counts["none"],
        ambiguous=counts["ambiguous"],
        dropped=len(dropped),
        removal_candidates=sum(
            1 for r in rows if r.resident_id is not None and status.get(r.resident_id) in GONE
        ),
        observations=len(new_obs),
        issues=[i for r in rows for i in r.issues],
        written=written,
        unused_columns=parsed.match.unused,
        to_confirm={r.line: candidates[r.line] for r in open_rows if candidates.get(r.line)},
        row_info={r.line: (r.name, r.birth_date) for r in open_rows},
        not_found_rows=[
            {
                "row": r.line,
                "nik": r.nik,
                "name": r.name,
                "birth_date": r.birth_date.isoformat() if r.birth_date else None,
                "address": r.address,
            }
            for r in rows
            if r.match == "none"
        ],
        dropped_residents=dropped,
        short_list=short,
        period_in_file=parsed.period_in_file,
    )


def save_issue_workbook(result: PbiImportResult, out: Path) -> int:
    return write_issue_workbook(
        Path(result.file),
        result.issues,
        out,
        sheet=result.sheet,
        header_row=result.header_row,
        text_fields=("nik", "card_no", "no_kk"),
        lookup=LOOKUP,
    )

"""Import residents and households: the parsed, checked rows (importers/resident_rows.py) are
compared with the registry and written in one transaction with SQLAlchemy Core bulk statements.
An import never deletes anyone; re-importing the same file changes nothing."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select

from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.domain import roles as perm
from jkn_desktop.importers.columns import header_signature
from jkn_desktop.importers.fingerprint import file_fingerprint
from jkn_desktop.importers.report import write_issue_workbook
from jkn_desktop.importers.resident_rows import (
    HOUSEHOLD_FIELDS,
    RESIDENT_FIELDS,
    ParsedRow,
)
from jkn_desktop.importers.resident_sheet import ParsedSheet, inspect_sheet, parse_resident_sheet
from jkn_desktop.persistence.fastread import key_in, read_rows
from jkn_desktop.persistence.tables import household_t, membership_t, resident_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.registry import FilePreview, ImportResult, PreparedFile
from jkn_desktop.services.registry.resident_import_write import (
    EXISTING_FIELDS,
    Existing,
    Plan,
    write,
)
from jkn_desktop.services.settings import get_setting, set_setting

R = resident_t
H = household_t
M = membership_t
Progress = Callable[[int, int], None]
RegionKnown = Callable[[str], bool] | None


def preview_file(work: Work, path: Path, sheet: str | None = None) -> FilePreview:
    found = inspect_sheet(Path(path), sheet)
    saved = remembered_mapping(work, found.headers)
    return FilePreview(Path(path), found, saved or dict(found.columns), saved is not None)


def save_issue_workbook(result: ImportResult, out: Path) -> int:
    """The rejected and warned rows of ``result`` as a workbook the user can fix and re-import."""
    return write_issue_workbook(
        Path(result.file), result.issues, out, sheet=result.sheet, header_row=result.header_row
    )


def remembered_mapping(work: Work, headers: list[str]) -> dict[int, str] | None:
    saved = get_setting(work, "import_mappings").get(header_signature(headers))
    return {int(k): str(v) for k, v in saved.items()} if saved else None


def remember_mapping(work: Work, headers: list[str], mapping: dict[int, str]) -> None:
    """Keep the user's mapping for the next file with the same header."""
    work.require(perm.IMPORT)
    saved = dict(get_setting(work, "import_mappings"))
    saved[header_signature(headers)] = {str(k): v for k, v in sorted(mapping.items()) if v}
    set_setting(work, "import_mappings", saved)


def _existing(
    conn: Connection, niks: list[str], kks: list[str]
) -> tuple[dict[str, Existing], dict[str, dict[str, Any]]]:
    """The residents and households of the file that the registry has, each read in one
    statement (the latest observations grouped once, not per chunk of NIKs)."""
    residents: dict[str, Existing] = {}
    households: dict[str, dict[str, Any]] = {}
    # what the last resident file said (not the current state, which a list may have set): a file
    # saying the same again records nothing
    said = (
        select(M.c.resident_id, func.max(M.c.id).label("mid"))
        .where(M.c.source == "impor")
        .group_by(M.c.resident_id)
        .subquery()
    )
    last = M.alias("last_said")
    cols = [
        R.c.id,
        R.c.nik,
        R.c.household_id,
        *[R.c[f] for f in RESIDENT_FIELDS],
        last.c.segment,
        last.c.status,
        last.c.card_no,
    ]
    dialect = conn.dialect.name
    stmt = select(*cols).select_from(
        R.outerjoin(said, said.c.resident_id == R.c.id).outerjoin(last, last.c.id == said.c.mid)
    )
    # straight from the driver: only the date and the flag need their Python type back
    born, pregnant = EXISTING_FIELDS.index("birth_date"), EXISTING_FIELDS.index("pregnant")
    wanted = set(niks)
    registered = conn.execute(select(func.count()).select_from(R)).scalar_one()
    if len(wanted) * 2 < registered:
        stmt = stmt.where(key_in(dialect, R.c.nik, niks))
    # else the file holds most of the registry: reading it all is quicker than looking up each
    for row in read_rows(conn, stmt):
        if row[1] not in wanted:
            continue
        values = list(row)
        if isinstance(values[born], str):
            values[born] = dt.date.fromisoformat(values[born])
        values[pregnant] = bool(values[pregnant])
        residents[values[1]] = Existing(values)
    hnames = ["id", "no_kk", "desil", *HOUSEHOLD_FIELDS]
    hstmt = select(*[H.c[n] for n in hnames]).where(key_in(dialect, H.c.no_kk, kks))
    for row in read_rows(conn, hstmt):
        households[row[1]] = dict(zip(hnames, row, strict=True))
    return residents, households


def _plan(
    rows: list[ParsedRow],
    residents: dict[str, Existing],
    households: dict[str, dict[str, Any]],
) -> None:
    hh_id_by_kk = {kk: h["id"] for kk, h in households.items()}
    at = {f: i for i, f in enumerate(EXISTING_FIELDS)}  # a field's place in an Existing
    for r in rows:
        if r.rejected:
            r.action = "rejected"
            continue
        old = residents.get(r.nik)
        if old is None:
            r.action = "created"
            r.changes = {}
            continue
        changes = {f: (old[at[f]], v) for f, v in r.values.items() if old[at[f]] != v}
        if old.get("household_id") != hh_id_by_kk.get(r.no_kk, -1):
            changes["no_kk"] = (old.get("household_id"), r.no_kk)
        if r.jkn and _jkn_differs(old, r.jkn):
            changes["jkn"] = (old.get("jkn_segment"), r.jkn["segment"])
        r.changes = changes
        r.action = "updated" if changes else "unchanged"


def _jkn_differs(old: Existing, new: dict[str, Any]) -> bool:
    """A new observation only when the file says something the last file did not."""
    if old.get("jkn_segment") != new["segment"]:
        return True
    if new["card_no"] and old.get("jkn_card") != new["card_no"]:
        return True
    return bool(
        new["status"] != J.STATUS_TIDAK_DIKETAHUI and old.get("jkn_status") != new["status"]
    )


def _household_plan(
    rows: list[ParsedRow], households: dict[str, dict[str, Any]]
) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, tuple[Any, Any]]]]:
    """New households (No. KK -> fields) and changes to existing ones."""
    wanted: dict[str, dict[str, str]] = {}
    for r in sorted(
        (r for r in rows if not r.rejected),
        key=lambda r: r.values.get("shdk") != codes.KEPALA_KELUARGA,
    ):
        data = wanted.setdefault(r.no_kk, {})
        for f, v in r.household.items():
            data.setdefault(f, v)
    new = {kk: d for kk, d in wanted.items() if kk not in households}
    changed: dict[str, dict[str, tuple[Any, Any]]] = {}
    for kk, d in wanted.items():
        if kk in households:
            diff = {
                f: (households[kk].get(f), v) for f, v in d.items() if households[kk].get(f) != v
            }
            if diff:
                changed[kk] = diff
    return new, changed


def _read(
    work: Work,
    path: Path,
    sheet: str | None,
    mapping: dict[int, str] | None,
    region_known: RegionKnown,
    progress: Progress | None,
    prepared: PreparedFile | None,
) -> tuple[ParsedSheet, tuple[object, ...] | None]:
    """The file read and checked, or taken from ``prepared`` when that is the same file (same
    bytes), sheet, mapping, region data and day; with the key that says so (none without an
    explicit mapping: a remembered one may change in between)."""
    key: tuple[object, ...] | None = None
    if mapping is not None:
        key = (file_fingerprint(path), sheet, tuple(sorted(mapping.items())), region_known)
        key += (work.today,)
    if (
        prepared is not None
        and key is not None
        and prepared.key == key
        and isinstance(prepared.content, ParsedSheet)
    ):
        return prepared.content, key
    parsed = parse_resident_sheet(
        path,
        sheet,
        mapping=mapping if mapping is not None else lambda h: remembered_mapping(work, h),
        region_known=region_known,
        progress=progress,
        today=work.today,
    )
    return parsed, key


def import_residents(
    work: Work,
    path: Path,
    *,
    sheet: str | None = None,
    dry_run: bool = False,
    mapping: dict[int, str] | None = None,
    region_known: RegionKnown = None,
    progress: Progress | None = None,
    keep: bool = False,
    prepared: PreparedFile | None = None,
) -> ImportResult:
    """Read, check and (unless ``dry_run``) write a resident file in the job's transaction.
    Without ``mapping`` the columns are recognised by name, or taken from the mapping the user
    saved for a file with the same header. A dry run writes nothing (a read job will do).

    ``keep`` (a dry run with a mapping) returns what was read as ``result.prepared``; given back
    as ``prepared`` it spares the import reading and checking the file again, as long as the
    file is unchanged. The rows are compared with the registry again either way."""
    work.require(perm.IMPORT)
    if not dry_run:
        work.require_sound()
    parsed, key = _read(work, path, sheet, mapping, region_known, progress, prepared)
    rows = parsed.rows
    niks = [r.nik for r in rows if not r.rejected]
    kks = sorted({r.no_kk for r in rows if not r.rejected})
    residents, households = _existing(work.conn, niks, kks)
    _plan(rows, residents, households)
    new_hh, changed_hh = _household_plan(rows, households)
    if not dry_run:
        plan = Plan(rows, residents, households, new_hh, changed_hh, Path(path).name)
        write(work, plan, progress, parsed.file_date)
        if len(rows) > 1000:
            work.optimize_after = True  # the planner's statistics, refreshed after commit
    issues = [i for r in rows for i in r.issues]
    counts: dict[str, int] = defaultdict(int)
    for r in rows:
        counts[r.action] += 1
    return ImportResult(
        file=str(path),
        sheet=parsed.sheet,
        header_row=parsed.match.row + 1,
        rows=len(rows),
        created=counts["created"],
        updated=counts["updated"],
        unchanged=counts["unchanged"],
        rejected=counts["rejected"],
        warnings=sum(i.severity == "warning" for i in issues),
        issues=issues,
        unused_columns=parsed.match.unused,
        mapping=parsed.mapping,
        households_created=len(new_hh),
        households_updated=len(changed_hh),
        written=not dry_run,
        skipped_lines=parsed.skipped_lines,
        prepared=PreparedFile(key, parsed) if keep and dry_run and key is not None else None,
    )


def finish_import(
    work: Work,
    path: Path,
    *,
    sheet: str | None,
    mapping: dict[int, str],
    remember_for: list[str] | None = None,
    region_known: RegionKnown = None,
    progress: Progress | None = None,
    prepared: PreparedFile | None = None,
) -> ImportResult:
    """The import wizard's last step as one job: the import (of the rows its preview read, in
    ``prepared``, while the file is unchanged), and (with ``remember_for``, the file's header
    texts) the mapping kept for the next file with the same header."""
    work.require(perm.IMPORT)
    result = import_residents(
        work,
        path,
        sheet=sheet,
        mapping=mapping,
        region_known=region_known,
        progress=progress,
        prepared=prepared,
    )
    if remember_for is not None:
        remember_mapping(work, remember_for, mapping)
    return result

"""Import residents and households: the parsed, checked rows (importers/resident_sheet.py) are
compared with the registry and written in one transaction with SQLAlchemy Core bulk statements.
An import never deletes anyone; re-importing the same file changes nothing."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, update

from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.domain.names import name_key
from jkn_desktop.importers.columns import header_signature
from jkn_desktop.importers.report import write_issue_workbook
from jkn_desktop.importers.resident_rows import (
    HOUSEHOLD_FIELDS,
    RESIDENT_FIELDS,
    ParsedRow,
    RowIssue,
)
from jkn_desktop.importers.resident_sheet import SheetPreview, inspect_sheet, parse_resident_sheet
from jkn_desktop.persistence.bulk import chunks
from jkn_desktop.persistence.models import audit_t, household_t, membership_t, resident_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.membership import Observation
from jkn_desktop.services.database import Database
from jkn_desktop.services.membership.jkn import record_desil_bulk, record_observations
from jkn_desktop.services.settings import get_setting, set_setting

R = resident_t
H = household_t
M = membership_t
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ImportResult:
    file: str
    sheet: str
    header_row: int
    rows: int
    created: int
    updated: int
    unchanged: int
    rejected: int
    warnings: int
    issues: list[RowIssue]
    unused_columns: list[str]
    mapping: dict[str, str]  # header text -> field label
    households_created: int
    households_updated: int
    written: bool
    skipped_lines: list[int]

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "header_row": self.header_row,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "warnings": self.warnings,
            "households_created": self.households_created,
            "households_updated": self.households_updated,
            "unused_columns": self.unused_columns,
            "written": self.written,
            "skipped_lines": self.skipped_lines,
            "issues": [i.as_json() for i in self.issues],
        }


@dataclass(frozen=True)
class FilePreview:
    """The first step of the import wizard: the sheet, its header, and the mapping to propose
    (the one remembered for this header, else the recognised columns)."""

    path: Path
    sheet: SheetPreview
    mapping: dict[int, str]
    remembered: bool


def preview_file(db: Database, path: Path, sheet: str | None = None) -> FilePreview:
    found = inspect_sheet(Path(path), sheet)
    saved = remembered_mapping(db, found.headers)
    return FilePreview(Path(path), found, saved or dict(found.columns), saved is not None)


def save_issue_workbook(result: ImportResult, out: Path) -> int:
    """The rejected and warned rows of ``result`` as a workbook the user can fix and re-import."""
    return write_issue_workbook(
        Path(result.file), result.issues, out, sheet=result.sheet, header_row=result.header_row
    )


def remembered_mapping(db: Database, headers: list[str]) -> dict[int, str] | None:
    saved = db.run(get_setting, write=False, key="import_mappings").get(header_signature(headers))
    return {int(k): str(v) for k, v in saved.items()} if saved else None


def remember_mapping(db: Database, headers: list[str], mapping: dict[int, str]) -> None:
    """Keep the user's mapping for the next file with the same header."""
    saved = dict(db.run(get_setting, write=False, key="import_mappings"))
    saved[header_signature(headers)] = {str(k): v for k, v in sorted(mapping.items()) if v}
    db.run(set_setting, key="import_mappings", value=saved)


def _existing(
    conn: Connection, niks: list[str], kks: list[str]
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    residents: dict[str, dict[str, Any]] = {}
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
        R.c.id, R.c.nik, R.c.household_id, *[R.c[f] for f in RESIDENT_FIELDS],
        last.c.segment.label("jkn_segment"), last.c.status.label("jkn_status"),
        last.c.card_no.label("jkn_card"),
    ]  # fmt: skip
    for part in chunks(niks):
        for m in conn.execute(
            select(*cols)
            .select_from(
                R.outerjoin(said, said.c.resident_id == R.c.id).outerjoin(
                    last, last.c.id == said.c.mid
                )
            )
            .where(R.c.nik.in_(part))
        ).mappings():
            residents[m["nik"]] = dict(m)
    hcols = [H.c.id, H.c.no_kk, H.c.desil, *[H.c[f] for f in HOUSEHOLD_FIELDS]]
    for part in chunks(kks):
        for m in conn.execute(
            select(*hcols).where(H.c.no_kk.in_(part))
        ).mappings():
            households[m["no_kk"]] = dict(m)
    return residents, households


def _plan(
    rows: list[ParsedRow],
    residents: dict[str, dict[str, Any]],
    households: dict[str, dict[str, Any]],
) -> None:
    hh_id_by_kk = {kk: h["id"] for kk, h in households.items()}
    for r in rows:
        if r.rejected:
            r.action = "rejected"
            continue
        old = residents.get(r.nik)
        if old is None:
            r.action = "created"
            continue
        changes = {f: (old.get(f), v) for f, v in r.values.items() if old.get(f) != v}
        if old.get("household_id") != hh_id_by_kk.get(r.no_kk, -1):
            changes["no_kk"] = (old.get("household_id"), r.no_kk)
        if r.jkn and _jkn_differs(old, r.jkn):
            changes["jkn"] = (old.get("jkn_segment"), r.jkn["segment"])
        r.changes = changes
        r.action = "updated" if changes else "unchanged"


def _jkn_differs(old: dict[str, Any], new: dict[str, Any]) -> bool:
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


def import_residents(
    db: Database,
    path: Path,
    *,
    sheet: str | None = None,
    dry_run: bool = False,
    actor: str = "impor",
    mapping: dict[int, str] | None = None,
    region_known: Callable[[str], bool] | None = None,
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> ImportResult:
    """Read, check and (unless ``dry_run``) write a resident file in one transaction. Without
    ``mapping`` the columns are recognised by name, or taken from the mapping the user saved for a
    file with the same header."""
    if not dry_run:
        db.require_sound()  # never build on a damaged file
    parsed = parse_resident_sheet(
        path,
        sheet,
        mapping=mapping if mapping is not None else lambda h: remembered_mapping(db, h),
        region_known=region_known,
        progress=progress,
        today=today,
    )
    rows = parsed.rows
    match = parsed.match
    written = False
    with db.work(actor) as work:
        conn = work.conn
        niks = [r.nik for r in rows if not r.rejected]
        kks = sorted({r.no_kk for r in rows if not r.rejected})
        residents, households = _existing(conn, niks, kks)
        _plan(rows, residents, households)
        new_hh, changed_hh = _household_plan(rows, households)
        if not dry_run:
            _write(
                work,
                rows,
                residents,
                households,
                new_hh,
                changed_hh,
                actor,
                Path(path).name,
                progress,
                parsed.file_date,
            )
            written = True
    if written and len(rows) > 1000:
        db.optimize()
    issues = [i for r in rows for i in r.issues]
    counts: dict[str, int] = defaultdict(int)
    for r in rows:
        counts[r.action] += 1
    return ImportResult(
        file=str(path),
        sheet=parsed.sheet,
        header_row=match.row + 1,
        rows=len(rows),
        created=counts["created"],
        updated=counts["updated"],
        unchanged=counts["unchanged"],
        rejected=counts["rejected"],
        warnings=sum(i.severity == "warning" for i in issues),
        issues=issues,
        unused_columns=match.unused,
        mapping=parsed.mapping,
        households_created=len(new_hh),
        households_updated=len(changed_hh),
        written=written,
        skipped_lines=parsed.skipped_lines,
    )


def _write_jkn(
    work: Work,
    rows: list[ParsedRow],
    residents: dict[str, dict[str, Any]],
    kk_ids: dict[str, int],
    households: dict[str, dict[str, Any]],
    filename: str,
    file_date: dt.date | None,
) -> None:
    """Insurance columns become membership observations, dated by the date printed on the file
    (else unknown: the weakest evidence of all); a desil column the household's desil."""
    conn = work.conn
    wanted = [
        r for r in rows
        if r.jkn and (r.action == "created" or (r.action == "updated" and "jkn" in r.changes))
    ]  # fmt: skip
    if wanted:
        ids = dict(residents_ids(conn, [r.nik for r in wanted]))
        record_observations(
            work,
            [
                Observation(
                    resident_id=ids[r.nik],
                    segment=r.jkn["segment"],
                    status=r.jkn["status"],
                    as_of=file_date,
                    source="impor",
                    card_no=r.jkn["card_no"],
                    kelas=3 if r.jkn["segment"] in (J.PBI_APBN, J.PBPU_PEMDA) else None,
                    source_ref=filename,
                    note=r.jkn["note"],
                )
                for r in wanted
            ],
            reason=f"impor {filename}",
        )
    desil: dict[str, int] = {}
    for r in rows:
        if r.desil is not None and not r.rejected:
            desil.setdefault(r.no_kk, r.desil)
    items = [
        (kk_ids[kk], kk, households.get(kk, {}).get("desil"), d)
        for kk, d in desil.items()
        if kk in kk_ids and households.get(kk, {}).get("desil") != d
    ]
    record_desil_bulk(work, items, file_date or work.today, source=f"impor {filename}")


def residents_ids(conn: Connection, niks: list[str]) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    for part in chunks(niks):
        out += [
            (str(n), int(i))
            for n, i in conn.execute(
                select(R.c.nik, R.c.id).where(R.c.nik.in_(part))
            )
        ]
    return out


def _write(
    work: Work,
    rows: list[ParsedRow],
    residents: dict[str, dict[str, Any]],
    households: dict[str, dict[str, Any]],
    new_hh: dict[str, dict[str, str]],
    changed_hh: dict[str, dict[str, tuple[Any, Any]]],
    actor: str,
    filename: str,
    progress: Progress | None,
    file_date: dt.date | None = None,
) -> None:
    conn = work.conn
    now = dt.datetime.now().replace(microsecond=0)
    reason = f"impor {filename}"
    audit: list[dict[str, Any]] = []

    def note(
        entity: str,
        entity_id: int | None,
        key: str,
        action: str,
        f: str = "",
        old: Any = None,
        new: Any = None,
    ) -> None:
        audit.append({
            "at": now, "actor": actor, "action": action, "entity": entity, "entity_id": entity_id,
            "entity_key": key, "field": f, "old_value": None if old is None else str(old),
            "new_value": None if new is None else str(new), "reason": reason,
        })  # fmt: skip

    if new_hh:
        conn.execute(insert(H), [
            {"no_kk": kk, "address": d.get("address", ""), "rt": d.get("rt", ""), "rw": d.get("rw", ""),
             "dusun": d.get("dusun", ""), "created_at": now, "updated_at": now}
            for kk, d in new_hh.items()
        ])  # fmt: skip
    kk_ids: dict[str, int] = {kk: h["id"] for kk, h in households.items()}
    keys = list(new_hh)
    for part in chunks(keys):
        found = conn.execute(
            select(H.c.no_kk, H.c.id).where(H.c.no_kk.in_(part))
        )
        kk_ids.update({str(kk): int(hid) for kk, hid in found})
    for kk in new_hh:
        note("household", kk_ids[kk], kk, "create")
    for kk, diff in changed_hh.items():
        conn.execute(
            update(H)
            .where(H.c.id == kk_ids[kk])
            .values({**{f: new for f, (_, new) in diff.items()}, "updated_at": now})
        )
        for f, (old, new) in diff.items():
            note("household", kk_ids[kk], kk, "update", f, old, new)

    created = [r for r in rows if r.action == "created"]
    total = len(created) + sum(r.action == "updated" for r in rows)
    chunk = 5000
    for start in range(0, len(created), chunk):
        batch = []
        for r in created[start : start + chunk]:
            values = dict.fromkeys(
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
            )
            values.update(
                {
                    "birth_place": "",
                    "mother_name": "",
                    "phone": "",
                    "notes": "",
                    "status_dasar": codes.HIDUP,
                    "pregnant": False,
                }
            )
            values.update(r.values)
            values.update(
                {
                    "nik": r.nik,
                    "name_key": name_key(str(r.values["name"])),
                    "household_id": kk_ids.get(r.no_kk),
                    "created_at": now,
                    "updated_at": now,
                }
            )
            batch.append(values)
        conn.execute(insert(R), batch)
        if progress:
            progress(len(rows) + start + len(batch), len(rows) + total)
    if created:
        ids = {}
        niks = [r.nik for r in created]
        for part in chunks(niks):
            ids.update(
                dict(
                    conn.execute(
                        select(R.c.nik, R.c.id).where(R.c.nik.in_(part))
                    ).all()
                )
            )
        for r in created:
            note("resident", ids[r.nik], r.nik, "create")

    updated = [r for r in rows if r.action == "updated"]
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
                    "updated_at": now,
                }
            )
        )
        params = []
        for r in group:
            p = {f"v_{k}": r.values[k] for k in fields}
            p["_id"] = residents[r.nik]["id"]
            p["v_name_key"] = name_key(str(r.values["name"]))
            p["v_household_id"] = kk_ids.get(r.no_kk)
            params.append(p)
        conn.execute(stmt, params)
        for r in group:
            for f, (old, new) in r.changes.items():
                note("resident", residents[r.nik]["id"], r.nik, "update", f, old, new)
    _write_jkn(work, rows, residents, kk_ids, households, filename, file_date)
    if progress:
        progress(len(rows) + total, len(rows) + total)
    for start in range(0, len(audit), 5000):
        conn.execute(insert(audit_t), audit[start : start + 5000])

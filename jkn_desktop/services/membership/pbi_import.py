"""Import a participant list for a month (the Dinsos PBI list, or a BPJS list) and match it to
residents: by NIK; then, for rows whose NIK is missing or matches nobody, by normalised name plus
birth date (automatic only when exactly one resident matches). Every matched row becomes a
membership observation for that month; residents on the previous list of the same source who are
missing now get an observation "nonaktif". One transaction; importing the same file for the same
period again changes nothing."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.domain.formatting import BULAN
from jkn_desktop.errors import UserError
from jkn_desktop.importers.pbi_rows import LOOKUP, ListRow, ParsedList, parse_list
from jkn_desktop.importers.report import write_issue_workbook
from jkn_desktop.persistence.bulk import chunks, insert_many
from jkn_desktop.persistence.fastread import read_rows
from jkn_desktop.persistence.models import (
    household_t,
    membership_t,
    pbi_entry_t,
    pbi_list_t,
    resident_t,
)
from jkn_desktop.records.imports import RowIssue
from jkn_desktop.services.database import Database
from jkn_desktop.services.membership.jkn import Observation, record_observations
from jkn_desktop.services.settings import get_setting

R = resident_t
M = membership_t
L = pbi_list_t
E = pbi_entry_t
Progress = Callable[[int, int], None]
_PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_NOT_LETTERS = str.maketrans("", "", "".join(chr(c) for c in range(128) if not chr(c).isalpha()))
SOURCES = {"dinsos": "Dinas Sosial", "bpjs": "BPJS Kesehatan"}
LIST_SEGMENTS = {"pbi-apbn": J.PBI_APBN, "pbpu-pemda": J.PBPU_PEMDA}


def match_key(name: str) -> str:
    """Name compared without case, spaces or punctuation: "Ma'ruf  Setiawan" = "MARUF SETIAWAN"."""
    return name.upper().translate(_NOT_LETTERS)


def period_start(period: str) -> dt.date:
    m = _PERIOD.match(period or "")
    if not m:
        raise UserError("PERIOD_FORMAT", f"Periode '{period}' harus ditulis TTTT-BB, mis. 2026-10.")
    return dt.date(int(m[1]), int(m[2]), 1)


def check_period(
    chosen: str | None, in_file: str | None, *, force: bool = False, fallback: str | None = None
) -> str:
    """The month to record: the one chosen, checked against what the list itself says; with
    nothing chosen, the list's own month, else ``fallback``."""
    if chosen is None:
        if in_file is None and fallback is not None:
            return check_period(fallback, None)
        if in_file is None:
            raise UserError(
                "PERIOD_MISSING",
                "Bulan daftar tidak tertulis di judul maupun nama berkas; pilih bulannya "
                "(pada perintah: --period TTTT-BB).",
            )
        return in_file
    period_start(chosen)
    if in_file is not None and in_file != chosen and not force:
        raise UserError(
            "PERIOD_MISMATCH",
            f"Berkas ini adalah daftar bulan {bulan_tahun(in_file)}, tetapi yang dipilih "
            f"{bulan_tahun(chosen)}. Pilih bulan yang sama, atau bila memang benar pakai "
            "--force-period.",
        )
    return chosen


def bulan_tahun(period: str) -> str:
    """ "2026-10" → "Oktober 2026"."""
    start = period_start(period)
    return f"{BULAN[start.month - 1]} {start.year}"


@dataclass(frozen=True, slots=True)
class Candidate:
    resident_id: int
    nik: str
    name: str
    birth_date: dt.date | None
    dusun: str
    rt: str
    rw: str


@dataclass
class PbiImportResult:
    file: str
    sheet: str
    header_row: int
    period: str
    source: str
    segment: str
    rows: int
    matched_nik: int
    matched_name: int
    confirmed: int
    not_found: int
    ambiguous: int
    dropped: int
    removal_candidates: int
    observations: int
    issues: list[RowIssue]
    written: bool
    unused_columns: list[str] = field(default_factory=list)
    # rows the user may confirm in the window: line -> candidates (ambiguous, or name-only)
    to_confirm: dict[int, list[Candidate]] = field(default_factory=dict)
    row_info: dict[int, tuple[str, dt.date | None]] = field(default_factory=dict)  # name, birth
    not_found_rows: list[dict[str, Any]] = field(default_factory=list)
    dropped_residents: list[dict[str, Any]] = field(default_factory=list)
    short_list: str = ""  # why this list looks cut short (the window asks before recording it)
    period_in_file: str | None = None  # the month the list itself names, if any

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file, "sheet": self.sheet, "header_row": self.header_row,
            "period": self.period, "source": self.source, "segment": self.segment,
            "rows": self.rows, "matched_nik": self.matched_nik, "matched_name": self.matched_name,
            "confirmed": self.confirmed, "not_found": self.not_found, "ambiguous": self.ambiguous,
            "dropped": self.dropped, "removal_candidates": self.removal_candidates,
            "observations": self.observations, "written": self.written,
            "not_found_rows": self.not_found_rows, "dropped_residents": self.dropped_residents,
            "short_list": self.short_list or None,
            "issues": [i.as_json() for i in self.issues],
        }  # fmt: skip


def _residents_by_nik(conn: Connection, niks: list[str]) -> dict[str, tuple[int, int]]:
    """NIK -> (resident id, status dasar). A big list reads the whole (indexed) NIK column once;
    a small one asks for its NIKs only."""
    if len(niks) > 5000:
        wanted = set(niks)
        return {
            nik: (int(rid), int(sd))
            for nik, rid, sd in read_rows(conn, select(R.c.nik, R.c.id, R.c.status_dasar))
            if nik in wanted
        }
    out: dict[str, tuple[int, int]] = {}
    for part in chunks(niks):
        for nik, rid, sd in conn.execute(
            select(R.c.nik, R.c.id, R.c.status_dasar).where(R.c.nik.in_(part))
        ):
            out[nik] = (int(rid), int(sd))
    return out


def _candidates_by_name(conn: Connection, rows: list[ListRow]) -> dict[str, list[Candidate]]:
    """Residents whose letters-only name equals a row's, keyed by that name."""
    wanted = {match_key(r.name) for r in rows if r.name}
    if not wanted:
        return {}
    # names are compared letters-only, which SQL cannot index: read (id, name) once, keep the hits
    hits = [
        int(rid)
        for rid, name in read_rows(conn, select(R.c.id, R.c.name))
        if match_key(name) in wanted
    ]
    H = household_t
    out: dict[str, list[Candidate]] = defaultdict(list)
    for part in chunks(hits):
        stmt = (
            select(R.c.id, R.c.nik, R.c.name, R.c.birth_date, H.c.dusun, H.c.rt, H.c.rw)
            .select_from(R.outerjoin(H, H.c.id == R.c.household_id))
            .where(R.c.id.in_(part))
            .order_by(R.c.id)
        )
        for rid, nik, name, born, dusun, rt, rw in read_rows(conn, stmt):  # dates come as text
            born_on = dt.date.fromisoformat(born) if isinstance(born, str) else born
            out[match_key(name)].append(
                Candidate(int(rid), nik, name, born_on, dusun or "", rt or "", rw or "")
            )
    return out


def _match(
    conn: Connection, rows: list[ListRow], confirm: Mapping[int, int]
) -> tuple[dict[int, int], dict[str, list[Candidate]]]:
    """Fill ``resident_id`` / ``match`` on every row; returns status dasar per matched resident
    and the residents found by letters-only name (for the rows to confirm)."""
    status: dict[int, int] = {}
    by_nik = _residents_by_nik(conn, sorted({r.nik for r in rows if r.nik}))
    seen: dict[int, int] = {}  # resident -> first line
    rest: list[ListRow] = []
    for r in rows:
        if r.rejected:
            r.match = "none"
            continue
        if r.line in confirm:
            r.resident_id, r.match = confirm[r.line], "confirmed"
        elif r.nik in by_nik:
            r.resident_id, r.match = by_nik[r.nik][0], "nik"
        else:
            rest.append(r)
    names = _candidates_by_name(conn, rest)
    for r in rest:
        found = names.get(match_key(r.name), []) if r.name else []
        exact = [c for c in found if r.birth_date is not None and c.birth_date == r.birth_date]
        if len(exact) == 1:
            r.resident_id, r.match = exact[0].resident_id, "name"
        elif len(exact) > 1 or (r.birth_date is None and found):
            r.match = "ambiguous"
            r.candidates = [c.resident_id for c in (exact or found)]
        else:
            r.match = "none"
    ids = sorted({r.resident_id for r in rows if r.resident_id is not None})
    for part in chunks(ids):
        status.update(
            read_rows(conn, select(R.c.id, R.c.status_dasar).where(R.c.id.in_(part)))
        )  # fmt: skip
    for r in rows:
        if r.resident_id is None:
            continue
        if r.resident_id not in status:  # a confirmed id that no longer exists
            r.resident_id, r.match = None, "none"
            continue
        if r.resident_id in seen:
            r.add("NIK", "PBI_DUPLICATE_IN_LIST", "warning",
                  f"Orang yang sama sudah ada di baris {seen[r.resident_id]} daftar ini; baris ini dilewati.")  # fmt: skip
            r.match, r.resident_id = "duplicate", None
        else:
            seen[r.resident_id] = r.line
    return status, names


def import_pbi(
    db: Database,
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
    actor: str = "impor",
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> PbiImportResult:
    """Read, match and (unless ``dry_run``) record a participant list for ``period`` (YYYY-MM).
    The list's month comes from the list (title rows, else the file name): ``period`` None takes
    it, and a ``period`` that disagrees is refused unless ``force_period``. ``confirm`` maps a
    spreadsheet row to the resident the user picked for it in the window."""
    if not dry_run:
        db.require_sound()  # never build on a damaged file
    today = today or dt.date.today()
    if source not in SOURCES:
        raise UserError("SOURCE_UNKNOWN", "Sumber daftar harus dinsos atau bpjs.")
    if segment not in LIST_SEGMENTS:
        raise UserError("SEGMENT_UNKNOWN", "Segmen daftar harus pbi-apbn atau pbpu-pemda.")
    list_segment = LIST_SEGMENTS[segment]
    parsed: ParsedList = parse_list(Path(path), sheet, today=today)
    period = check_period(period, parsed.period_in_file, force=force_period, fallback=fallback_period)
    as_of = period_start(period)
    if as_of > today:
        raise UserError("PERIOD_FUTURE", f"Periode {bulan_tahun(period)} belum tiba.")
    rows = parsed.rows
    if not any(not r.rejected for r in rows):
        raise UserError(
            "LIST_EMPTY",
            f"{Path(path).name} tidak berisi satu pun baris peserta yang terbaca (hanya judul, atau "
            "rumus tanpa nilai tersimpan). Tidak ada yang dicatat: daftar kosong bukan berarti semua "
            "peserta keluar. Buka berkasnya di Excel, simpan ulang, lalu impor lagi.",
        )
    if progress:
        progress(1, 4)
    col_nik = next(
        (parsed.match.headers[i] for i, f in parsed.match.columns.items() if f == "nik"), "NIK"
    )
    col_name = next(
        (parsed.match.headers[i] for i, f in parsed.match.columns.items() if f == "name"), "Nama"
    )
    with db.write() as conn:
        status, names = _match(conn, rows, confirm or {})
        if progress:
            progress(2, 4)
        candidates = _candidate_details(rows, names)
        for r in rows:
            if r.match == "name":
                r.add(col_name, "PBI_MATCHED_BY_NAME", "warning",
                      "Dicocokkan lewat nama dan tanggal lahir (NIK di daftar kosong atau tidak dikenal); periksa.")  # fmt: skip
            elif r.match == "ambiguous":
                who = "; ".join(f"{c.name} ({c.nik})" for c in candidates.get(r.line, []))
                r.add(col_name, "PBI_NAME_AMBIGUOUS", "warning",
                      f"Lebih dari satu kemungkinan, atau tanpa tanggal lahir: {who}. Pilih di jendela impor.")  # fmt: skip
            elif r.match == "none" and not r.rejected:
                r.add(col_nik if r.nik else col_name, "PBI_NOT_FOUND", "warning",
                      "Tidak ditemukan di data penduduk desa: mungkin tinggal di desa lain, atau NIK/nama "
                      "perlu dibetulkan. Calon usulan penghapusan atau perbaikan data.")  # fmt: skip
            if r.resident_id is not None and status.get(r.resident_id) in (
                codes.MATI,
                codes.PINDAH,
            ):
                word = "meninggal" if status[r.resident_id] == codes.MATI else "pindah"
                r.add(col_nik, "PBI_RESIDENT_" + ("MATI" if word == "meninggal" else "PINDAH"), "warning",
                      f"Menurut data desa orang ini sudah {word}: calon usulan penghapusan PBI.")  # fmt: skip
        list_id, previous, following = _list_ids(conn, source, list_segment, period)
        file_name = Path(path).name
        if list_id is None and not dry_run:
            key = conn.execute(
                insert(L).values(source=source, period=period, segment=list_segment, actor=actor,
                                 imported_at=dt.datetime.now().replace(microsecond=0))
            ).inserted_primary_key  # fmt: skip
            assert key is not None
            list_id = int(key[0])
        matched_now = {r.resident_id for r in rows if r.resident_id is not None}
        # a row waiting for the user to pick between candidates does not drop any of them
        matched_now |= {c for r in rows if r.match == "ambiguous" for c in r.candidates}
        dropped = _dropped(conn, previous, matched_now)
        short = _looks_short(conn, db, rows, previous, len(dropped))
        if short and not dry_run and not accept_short:
            raise UserError("LIST_SHORT", short + " Bila daftar ini memang benar, ulangi dengan "
                            "--accept-short (di jendela: jawab Ya pada pertanyaannya).")  # fmt: skip
        observations = [
            Observation(
                resident_id=r.resident_id,
                segment=r.segment or list_segment,
                status=r.status or J.AKTIF,
                as_of=as_of,
                source=source,
                kelas=r.kelas or 3,
                card_no=r.card_no,
                fktp=r.fktp,
                period=period,
                source_ref=file_name,
                list_id=list_id,
            )
            for r in rows
            if r.resident_id is not None
        ]
        observations += [
            Observation(
                resident_id=rid,
                segment=seg,
                status=J.NONAKTIF,
                as_of=as_of,
                source=source,
                card_no=card,
                period=period,
                source_ref=file_name,
                list_id=list_id,
                note=f"tidak ada di daftar bulan {period}",
                absent=True,
            )
            for rid, (seg, card) in dropped.items()
        ]
        # a list that arrives late: who is on it but not on the next month's list already
        # recorded left the list then
        observations += _left_by_next(conn, following, rows, file_name)
        new_obs = _not_yet_recorded(conn, [list_id, following], observations)
        written = False
        if not dry_run:
            assert list_id is not None
            _save_list(
                conn, list_id, parsed, rows, source, period, list_segment, actor, len(dropped)
            )
            record_observations(
                conn, new_obs, actor=actor, reason=f"daftar {SOURCES[source]} {period}"
            )
            written = True
        if progress:
            progress(4, 4)
    counts: dict[str, int] = defaultdict(int)
    for r in rows:
        counts[r.match] += 1
    return PbiImportResult(
        file=str(path), sheet=parsed.sheet, header_row=parsed.header_row, period=period,
        source=source, segment=list_segment, rows=len(rows), matched_nik=counts["nik"],
        matched_name=counts["name"], confirmed=counts["confirmed"], not_found=counts["none"],
        ambiguous=counts["ambiguous"], dropped=len(dropped),
        removal_candidates=sum(
            1 for r in rows if r.resident_id is not None and status.get(r.resident_id) in (codes.MATI, codes.PINDAH)
        ),
        observations=len(new_obs), issues=[i for r in rows for i in r.issues], written=written,
        unused_columns=parsed.match.unused,
        to_confirm={r.line: candidates.get(r.line, []) for r in rows if r.match in ("ambiguous", "none") and candidates.get(r.line)},
        row_info={r.line: (r.name, r.birth_date) for r in rows if r.match in ("ambiguous", "none")},
        not_found_rows=[
            {"row": r.line, "nik": r.nik, "name": r.name,
             "birth_date": r.birth_date.isoformat() if r.birth_date else None, "address": r.address}
            for r in rows if r.match == "none"
        ],
        dropped_residents=_dropped_details(db, list(dropped)) if dropped else [],
        short_list=short, period_in_file=parsed.period_in_file,
    )  # fmt: skip


def _candidate_details(
    rows: list[ListRow], names: dict[str, list[Candidate]]
) -> dict[int, list[Candidate]]:
    """For ambiguous rows, and rows found nowhere: who it might be (same letters-only name)."""
    open_rows = [r for r in rows if r.match in ("ambiguous", "none") and r.name]
    return {
        r.line: names.get(match_key(r.name), [])[:10]
        for r in open_rows
        if names.get(match_key(r.name))
    }


def _looks_short(
    conn: Connection, db: Database, rows: list[ListRow], previous: int | None, dropped: int
) -> str:
    """What to say when this list is far shorter than the previous one of the same source and
    segment (setting ``list_min_ratio``), else ""."""
    if previous is None:
        return ""
    before = conn.execute(select(L.c.rows).where(L.c.id == previous)).scalar() or 0
    now = sum(1 for r in rows if not r.rejected)
    ratio = float(db.run(get_setting, write=False, key="list_min_ratio"))
    if before == 0 or now >= ratio * before:
        return ""
    return (
        f"Daftar ini hanya {now} baris, padahal daftar sebelumnya {before} baris: {dropped} orang "
        "akan dicatat nonaktif. Mungkin berkasnya terpotong atau lembarnya salah."
    )


def _list_ids(
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


def _left_by_next(
    conn: Connection, following: int | None, rows: list[ListRow], file_name: str
) -> list[Observation]:
    if following is None:
        return []
    nxt = conn.execute(select(L.c.period, L.c.source).where(L.c.id == following)).one()
    on_next = {
        int(r[0])
        for r in read_rows(
            conn, select(E.c.resident_id).where(E.c.list_id == following, E.c.resident_id.is_not(None))
        )
    }
    pending = {c for r in rows if r.match == "ambiguous" for c in r.candidates}
    return [
        Observation(
            resident_id=r.resident_id, segment=r.segment or conn.execute(
                select(L.c.segment).where(L.c.id == following)).scalar_one(),
            status=J.NONAKTIF, as_of=period_start(nxt.period), source=nxt.source,
            card_no=r.card_no, period=nxt.period, source_ref=file_name, list_id=following,
            note=f"tidak ada di daftar bulan {nxt.period}", absent=True,
        )
        for r in rows
        if r.resident_id is not None and r.resident_id not in on_next and r.resident_id not in pending
    ]  # fmt: skip


def _dropped(
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


def _not_yet_recorded(
    conn: Connection, list_ids: list[int | None], observations: list[Observation]
) -> list[Observation]:
    """Leave out what an earlier import of the same lists already recorded (re-import = no
    change)."""
    known = [i for i in list_ids if i is not None]
    if not known:
        return observations
    have = {
        (lid, rid, seg, st, card, bool(absent))
        for lid, rid, seg, st, card, absent in read_rows(
            conn,
            select(M.c.list_id, M.c.resident_id, M.c.segment, M.c.status, M.c.card_no,
                   M.c.absent).where(M.c.list_id.in_(known)),
        )
    }  # fmt: skip
    return [
        o for o in observations
        if (o.list_id, o.resident_id, o.segment, o.status, o.card_no, o.absent) not in have
    ]  # fmt: skip


def _save_list(
    conn: Connection, list_id: int, parsed: ParsedList, rows: list[ListRow], source: str,
    period: str, segment: str, actor: str, dropped: int,
) -> int:  # fmt: skip
    counts: dict[str, int] = defaultdict(int)
    for r in rows:
        counts[r.match] += 1
    values = {
        "source": source, "period": period, "segment": segment, "file_name": parsed.path.name,
        "sheet": parsed.sheet, "rows": len(rows), "matched_nik": counts["nik"],
        "matched_name": counts["name"] + counts["confirmed"], "not_found": counts["none"],
        "dropped": dropped, "imported_at": dt.datetime.now().replace(microsecond=0), "actor": actor,
    }  # fmt: skip
    conn.execute(update(L).where(L.c.id == list_id).values(**values))
    # the list's rows are a snapshot of the file: the newer import of the period replaces it
    conn.execute(delete(E).where(E.c.list_id == list_id))
    entries = [
        {"list_id": list_id, "row": r.line, "nik": r.nik, "name": r.name, "birth_date": r.birth_date,
         "card_no": r.card_no, "address": r.address, "segment": r.segment or segment,
         "status": r.status or J.AKTIF, "resident_id": r.resident_id, "match": r.match}
        for r in rows
    ]  # fmt: skip
    insert_many(conn, E, entries)
    return list_id


def _dropped_details(db: Database, ids: list[int]) -> list[dict[str, Any]]:
    out = []
    with db.read() as c:
        for part in chunks(ids):
            for nik, name in c.execute(
                select(R.c.nik, R.c.name).where(R.c.id.in_(part))
            ):
                out.append({"nik": nik, "name": name})
    return sorted(out, key=lambda d: d["name"])


def save_issue_workbook(result: PbiImportResult, out: Path) -> int:
    return write_issue_workbook(
        Path(result.file), result.issues, out, sheet=result.sheet, header_row=result.header_row,
        text_fields=("nik", "card_no", "no_kk"), lookup=LOOKUP,
    )  # fmt: skip

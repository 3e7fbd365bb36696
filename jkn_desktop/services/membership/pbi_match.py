"""Matching a participant list's rows to residents: by NIK; then, for rows whose NIK is missing or
matches nobody, by letters-only name plus birth date (automatic only when exactly one resident
matches); a row the user settled in the window keeps the resident picked."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping

from sqlalchemy import Connection, select

from jkn_desktop.domain import codes
from jkn_desktop.importers.pbi_rows import ListRow
from jkn_desktop.persistence.bulk import chunks
from jkn_desktop.persistence.fastread import read_rows
from jkn_desktop.persistence.tables import household_t, resident_t
from jkn_desktop.records.membership import Candidate

R = resident_t
H = household_t
_NOT_LETTERS = str.maketrans("", "", "".join(chr(c) for c in range(128) if not chr(c).isalpha()))
GONE = (codes.MATI, codes.PINDAH)


def match_key(name: str) -> str:
    """Name compared without case, spaces or punctuation: "Ma'ruf  Setiawan" = "MARUF SETIAWAN"."""
    return name.upper().translate(_NOT_LETTERS)


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


def _by_name(rows: list[ListRow], names: dict[str, list[Candidate]]) -> None:
    """Rows no NIK found: one resident of that name and birth date, else several to pick from."""
    for r in rows:
        found = names.get(match_key(r.name), []) if r.name else []
        exact = [c for c in found if r.birth_date is not None and c.birth_date == r.birth_date]
        if len(exact) == 1:
            r.resident_id, r.match = exact[0].resident_id, "name"
        elif len(exact) > 1 or (r.birth_date is None and found):
            r.match = "ambiguous"
            r.candidates = [c.resident_id for c in (exact or found)]
        else:
            r.match = "none"


def _once_each(rows: list[ListRow], status: dict[int, int]) -> None:
    """A confirmed resident who no longer exists matches nobody; a resident on the list twice
    counts on the first row only."""
    seen: dict[int, int] = {}  # resident -> first line
    for r in rows:
        if r.resident_id is None:
            continue
        if r.resident_id not in status:  # a confirmed id that no longer exists
            r.resident_id, r.match = None, "none"
            continue
        if r.resident_id in seen:
            r.add(
                "NIK",
                "PBI_DUPLICATE_IN_LIST",
                "warning",
                f"Orang yang sama sudah ada di baris {seen[r.resident_id]} daftar ini; "
                "baris ini dilewati.",
            )
            r.match, r.resident_id = "duplicate", None
        else:
            seen[r.resident_id] = r.line


def match_rows(
    conn: Connection, rows: list[ListRow], confirm: Mapping[int, int]
) -> tuple[dict[int, int], dict[str, list[Candidate]]]:
    """Fill ``resident_id`` / ``match`` on every row; returns status dasar per matched resident
    and the residents found by letters-only name (for the rows to confirm)."""
    by_nik = _residents_by_nik(conn, sorted({r.nik for r in rows if r.nik}))
    rest: list[ListRow] = []
    for r in rows:
        if r.rejected:
            r.match = "none"
        elif r.line in confirm:
            r.resident_id, r.match = confirm[r.line], "confirmed"
        elif r.nik in by_nik:
            r.resident_id, r.match = by_nik[r.nik][0], "nik"
        else:
            rest.append(r)
    names = _candidates_by_name(conn, rest)
    _by_name(rest, names)
    status: dict[int, int] = {}
    ids = sorted({r.resident_id for r in rows if r.resident_id is not None})
    for part in chunks(ids):
        status.update(read_rows(conn, select(R.c.id, R.c.status_dasar).where(R.c.id.in_(part))))
    _once_each(rows, status)
    return status, names


def candidate_details(
    rows: list[ListRow], names: dict[str, list[Candidate]]
) -> dict[int, list[Candidate]]:
    """For ambiguous rows, and rows found nowhere: who it might be (same letters-only name)."""
    open_rows = [r for r in rows if r.match in ("ambiguous", "none") and r.name]
    return {
        r.line: names.get(match_key(r.name), [])[:10]
        for r in open_rows
        if names.get(match_key(r.name))
    }


def annotate(
    rows: list[ListRow],
    candidates: dict[int, list[Candidate]],
    status: dict[int, int],
    *,
    col_nik: str,
    col_name: str,
) -> None:
    """The notes per row the user reads: matched by name, to be picked, not found, gone."""
    for r in rows:
        if r.match == "name":
            r.add(
                col_name,
                "PBI_MATCHED_BY_NAME",
                "warning",
                "Dicocokkan lewat nama dan tanggal lahir (NIK di daftar kosong atau tidak dikenal); periksa.",
            )
        elif r.match == "ambiguous":
            who = "; ".join(f"{c.name} ({c.nik})" for c in candidates.get(r.line, []))
            r.add(
                col_name,
                "PBI_NAME_AMBIGUOUS",
                "warning",
                f"Lebih dari satu kemungkinan, atau tanpa tanggal lahir: {who}. Pilih di jendela impor.",
            )
        elif r.match == "none" and not r.rejected:
            r.add(
                col_nik if r.nik else col_name,
                "PBI_NOT_FOUND",
                "warning",
                "Tidak ditemukan di data penduduk desa: mungkin tinggal di desa lain, atau NIK/nama "
                "perlu dibetulkan. Calon usulan penghapusan atau perbaikan data.",
            )
        if r.resident_id is not None and status.get(r.resident_id) in GONE:
            word = "meninggal" if status[r.resident_id] == codes.MATI else "pindah"
            r.add(
                col_nik,
                "PBI_RESIDENT_" + ("MATI" if word == "meninggal" else "PINDAH"),
                "warning",
                f"Menurut data desa orang ini sudah {word}: calon usulan penghapusan PBI.",
            )

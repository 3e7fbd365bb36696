"""Files shaped like the villages' own, written from the demo village: a resident export and the
month's PBI list.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from jkn_desktop.demo.village import DEFAULT_KODE
from jkn_desktop.domain import jkn as J
from jkn_desktop.domain.names import name_key
from jkn_desktop.domain.nik import make_nik, make_no_kk
from jkn_desktop.persistence.tables import (
    pbi_entry_t,
    pbi_list_t,
    resident_t,
)
from jkn_desktop.services.database import Database
from jkn_desktop.services.registry.village import (
    get_village,
)


def write_demo_import_file(db: Database, path: Path, *, today: dt.date | None = None) -> int:
    """A resident list the way an operator receives one, for the wizard's screenshots and the
    benchmark: some residents already registered (three with a corrected name), a new household,
    and rows with the faults villages' files really have. Returns the number of data rows."""
    from jkn_desktop.exporters.residents_xlsx import HEADERS, TEXT, resident_lines
    from jkn_desktop.exporters.xlsx import write_table
    from jkn_desktop.services.registry.resident_export import export_rows

    today = today or dt.date.today()
    village = db.run(get_village, write=False)
    region6 = village.kecamatan_code6 if village else DEFAULT_KODE.replace(".", "")[:6]
    rows: list[list[object]] = []
    for i, row in enumerate(resident_lines(db.run(export_rows, 40, write=False))):
        if i in (3, 11, 25):
            row[2] = f"{row[2]} (PERBAIKAN EJAAN)"
        rows.append(row)
    kk = make_no_kk(region6, today - dt.timedelta(days=30), 9901)
    family = [
        ("SUTARNO", "L", dt.date(1979, 4, 2), "KEPALA KELUARGA"),
        ("PARMI", "P", dt.date(1983, 9, 17), "ISTRI"),
        ("DIMAS SAPUTRA", "L", dt.date(2009, 1, 23), "ANAK"),
        ("LESTARI", "P", dt.date(2014, 6, 5), "ANAK"),
    ]
    for n, (name, sex, born, shdk) in enumerate(family, start=1):
        nik = make_nik(region6, born, sex, 9900 + n)
        written = "" if name == "LESTARI" else born.strftime("%d-%m-%Y")  # taken from the NIK
        rows.append(
            [
                nik,
                kk,
                name,
                sex,
                "KARANGANYAR",
                written,
                shdk,
                "ISLAM",
                "",
                "",
                "",
                "HIDUP",
                "",
                "",
                "JL. MERAPI 7",
                "004",
                "002",
                "Tlogo",
                "",
            ]
        )
    bad_nik = float(make_nik(region6, dt.date(1990, 2, 14), "L", 9910))  # typed as a number
    rows.append(
        [
            bad_nik,
            kk,
            "WAHYU",
            "L",
            "",
            "14-02-1990",
            "FAMILI LAIN",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ]
    )
    rows.append(
        [
            make_nik(region6, dt.date(1995, 3, 1), "P", 9912),
            kk,
            "RINI",
            "P",
            "",
            "31-02-1995",
            "FAMILI LAIN",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ]
    )
    write_table(Path(path), "Penduduk", HEADERS, rows, text_columns=[c for c in TEXT if c != 0])
    return len(rows)


@dataclass(frozen=True, slots=True)
class DemoList:
    rows: int
    matched_nik: int
    matched_name: int
    ambiguous: int
    not_found: int
    dropped: int


def write_demo_pbi_list(
    db: Database,
    path: Path,
    *,
    removed: int = 5,
    outsiders: int = 3,
    mistyped: int = 4,
    seed: int = 7,
    period: str | None = None,
) -> DemoList:
    """The Dinsos PBI APBN list of ``period`` (YYYY-MM; default the month of the latest list
    recorded, which importing this file then replaces) built from the latest list up to that
    month: ``removed`` people left out, ``outsiders`` who do not live here added, ``mistyped`` NIKs
    with two digits swapped (still found by name and birth date when those are unique). Returns
    what a correct import for ``period`` must report; ``dropped`` counts who was on the list
    before ``period`` and is not on this one."""
    from sqlalchemy import and_

    from jkn_desktop.exporters.xlsx import write_table

    rng = random.Random(seed)
    L, E = pbi_list_t, pbi_entry_t
    same = (L.c.source == "dinsos", L.c.segment == J.PBI_APBN)
    with db.work("demo", write=False) as job:
        conn = job.conn
        latest = select(L.c.id, L.c.period).where(*same).order_by(L.c.period.desc()).limit(1)
        base = conn.execute(latest.where(L.c.period <= period) if period else latest).first()
        period = period or (base.period if base is not None else None)
        before = conn.execute(
            select(L.c.id)
            .where(*same, L.c.period < (period or ""))
            .order_by(L.c.period.desc())
            .limit(1)
        ).scalar()
        entries = conn.execute(
            select(E.c.nik, E.c.name, E.c.birth_date, E.c.card_no, E.c.resident_id)
            .where(
                and_(
                    E.c.list_id == (base.id if base is not None else None),
                    E.c.resident_id.is_not(None),
                )
            )
            .order_by(E.c.row)
        ).all()
        earlier = set(
            conn.execute(
                select(E.c.resident_id).where(E.c.list_id == before, E.c.resident_id.is_not(None))
            ).scalars()
        )
        people = conn.execute(
            select(resident_t.c.nik, resident_t.c.name_key, resident_t.c.birth_date)
        ).all()
    niks = {p.nik for p in people}
    same_name_birth: dict[tuple[str, object], int] = {}
    for p in people:
        k = (name_key(p.name_key), p.birth_date)
        same_name_birth[k] = same_name_birth.get(k, 0) + 1
    kept = list(entries)
    for e in rng.sample(kept, k=min(removed, len(kept))):
        kept.remove(e)
    rows: list[list[object]] = []
    by_name = 0
    wrong = set(rng.sample(range(len(kept)), k=min(mistyped, len(kept))))
    for i, e in enumerate(kept):
        nik = e.nik
        if i in wrong:
            nik = nik[:12] + nik[14:16] + nik[12:14]
            if nik in niks or nik == e.nik:
                nik = nik[:12] + f"{(int(nik[12:]) + 5000) % 10000:04d}"
            if same_name_birth.get((name_key(e.name), e.birth_date)) == 1:
                by_name += 1
        rows.append(
            [
                i + 1,
                e.card_no,
                nik,
                e.name,
                e.birth_date.strftime("%d-%m-%Y") if e.birth_date else "",
                "GIRILAYU",
            ]
        )
    for j in range(outsiders):
        born = dt.date(1960 + rng.randint(0, 40), rng.randint(1, 12), rng.randint(1, 28))
        nik = make_nik("331306", born, "P", 9000 + j)  # issued in the next kecamatan, lives there
        rows.append(
            [
                len(rows) + 1,
                f"0009{rng.randint(100_000_000, 999_999_999)}",
                nik,
                f"WARGA LUAR {j + 1}",
                born.strftime("%d-%m-%Y"),
                "DESA TETANGGA",
            ]
        )
    write_table(
        Path(path),
        "Daftar PBI",
        ["NO", "NOKA", "NIK", "NAMA", "TGL LAHIR", "ALAMAT"],
        rows,
        text_columns=[1, 2],
    )
    return DemoList(
        rows=len(rows),
        matched_nik=len(kept) - len(wrong),
        matched_name=by_name,
        ambiguous=len(wrong) - by_name,  # the same name and birth date twice in the village
        not_found=outsiders,
        dropped=len(earlier - {e.resident_id for e in kept}),
    )

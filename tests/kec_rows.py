"""Filling a kecamatan database's kec_* tables directly (real SQLite): a package per village and
month, its residents and APBDes beneficiaries, for the tests of the services that read them."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from sqlalchemy import insert

from jkn_desktop.persistence.tables import (
    kec_apbdes_beneficiary_t,
    kec_apbdes_line_t,
    kec_package_t,
    kec_resident_t,
)

KEC = "33.13.05"
V1, V2, V3 = "33.13.05.2001", "33.13.05.2002", "33.13.05.2003"


# every column a row may leave out (one executemany needs the same keys in every row)
RESIDENT: dict[str, Any] = {
    "status_dasar": 1,
    "status_date": None,
    "mother_name": "",
    "segment": None,
    "jkn_status": None,
    "card_no": "",
    "no_kk": "",
    "uid": "",
}


def make_kecamatan(db: Any) -> None:
    from jkn_desktop.services.kecamatan.identity import init_kecamatan

    db.run(init_kecamatan, KEC, user="uji")


def package(
    db: Any,
    kode: str,
    period: str,
    residents: list[dict[str, Any]],
    *,
    made_at: dt.datetime | None = None,
    beneficiaries: list[dict[str, Any]] = (),  # type: ignore[assignment]
    state: str = "current",
    returned_note: str = "",
) -> int:
    """One package of ``kode`` for ``period`` with its residents (dicts of kec_resident columns;
    nik, name required) and APBDes beneficiaries (nik, start_month, end_month; one line)."""
    made = made_at or dt.datetime.fromisoformat(f"{period}-20 10:00:00")
    with db.engine.begin() as conn:
        pid = conn.execute(
            insert(kec_package_t).values(
                kode_wilayah=kode,
                period=period,
                made_at=made,
                received_at=made,
                sha256=hashlib.sha256(f"{kode}{period}{made}{state}".encode()).hexdigest(),
                state=state,
                format_version="3",
                returned_at=made if returned_note else None,
                returned_note=returned_note,
                returned_by="uji" if returned_note else "",
            )
        ).inserted_primary_key[0]
        if residents:
            conn.execute(
                insert(kec_resident_t),
                [{"package_id": pid, **RESIDENT, **r} for r in residents],
            )
        if beneficiaries:
            conn.execute(
                insert(kec_apbdes_line_t),
                [{"package_id": pid, "line_no": 1, "year": int(period[:4]), "pagu": 1_000_000}],
            )
            conn.execute(
                insert(kec_apbdes_beneficiary_t),
                [{"package_id": pid, "line_no": 1, "name": "", **b} for b in beneficiaries],
            )
    return int(pid)


def person(
    nik: str, name: str, birth: str = "1980-03-12", sex: str = "L", **kw: Any
) -> dict[str, Any]:
    return {
        "nik": nik,
        "name": name,
        "birth_date": dt.date.fromisoformat(birth),
        "sex": sex,
        **kw,
    }

"""Setting up a database on a PostgreSQL server for a kecamatan or a kabupaten (``jkn-desktop
--db postgresql://… server init --kode-wilayah PP.KK|PP.KK.SS``, issue 17, decision 48).

In this order, so a refusal changes nothing: the server is reached and its version checked, the
database's own identity read (a database of another office, or a village's, is refused before it
is migrated); then it is migrated — which puts the row-level security of the areas in place —,
the office's identity written, and what guards the areas reported."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from jkn_desktop.errors import UserError
from jkn_desktop.paths import Location, ServerAddress
from jkn_desktop.persistence.server_setup import Identity, Protection, protection, read_identity
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.area import area_level, normalize_area

_LEVEL_WORDS = {"desa": "desa", "kecamatan": "kecamatan", "kabupaten": "kabupaten"}


@dataclass(frozen=True)
class ServerReady:
    kode: str
    name: str  # "Kecamatan Matesih"
    created: bool  # False: the same office's database, set up before (names refreshed)
    protection: Protection


def check_before_init(location: Location, kode_wilayah: str) -> tuple[str, Identity | None]:
    """The office's code (PP.KK or PP.KK.SS) and the database's current identity; refuses a
    file, a code of another shape and a database of another office — before anything is written."""
    if not isinstance(location, ServerAddress):
        raise UserError("SERVER_INIT_FILE", path=str(location))
    kode = normalize_area(kode_wilayah)
    level = area_level(kode)
    if level not in ("kecamatan", "kabupaten"):
        raise UserError("SERVER_INIT_KODE", kode=kode_wilayah.strip())
    found = read_identity(location)
    if found is not None and (found.kind != level or found.kode != kode):
        raise UserError(
            "SERVER_DB_OTHER_AREA",
            name=location.name,
            kind=_LEVEL_WORDS.get(found.kind, found.kind),
            other=found.name,
            other_kode=found.kode,
            kode=kode,
        )
    return kode, found


def _init_kecamatan(work: Work, kode: str, **names: str) -> str:
    from jkn_desktop.services.kecamatan.identity import init_kecamatan

    info = init_kecamatan(work, kode, camat=names.get("head", ""), camat_nip=names.get("nip", ""))
    return f"Kecamatan {info.kecamatan}"


def _init_kabupaten(work: Work, kode: str, **names: str) -> str:
    from jkn_desktop.services.kabupaten.identity import init_kabupaten

    info = init_kabupaten(work, kode, kepala=names.get("head", ""), kepala_nip=names.get("nip", ""))
    return info.label


# the set-up of each level's consolidation database: (work, code, head=…, nip=…) -> its name
INIT_BY_LEVEL: dict[str, Callable[..., str]] = {
    "kecamatan": _init_kecamatan,
    "kabupaten": _init_kabupaten,
}


def init_office(
    work: Work, kode: str, *, created: bool, head: str = "", nip: str = ""
) -> ServerReady:
    """The job after migrating: the office's identity, and the areas' guard as it stands."""
    name = INIT_BY_LEVEL[area_level(kode) or ""](work, kode, head=head, nip=nip)
    return ServerReady(kode, name, created, protection(work.conn))

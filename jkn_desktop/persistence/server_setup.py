"""What ``server init`` reads of a server before and after it sets a database up (issue 17,
decision 48): whose database it already is, and whether the row-level security that keeps each
user to their area can hold for the role the program connects as."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, inspect, text
from sqlalchemy.exc import DBAPIError

from jkn_desktop.paths import ServerAddress
from jkn_desktop.persistence.server import check_version, make_server_engine, server_error
from jkn_desktop.records.area import area_level

# the tables whose rows the areas keep apart (migration 0016)
AREA_TABLES = (
    "kec_village",
    "kec_village_key",
    "kec_package",
    "kec_package_file",
    "kec_household",
    "kec_resident",
    "kec_proposal",
    "kec_apbdes_line",
    "kec_apbdes_beneficiary",
    "kec_office_figure",
    "kec_duplicate_verdict",
)
# the identity a database may already carry: its table, and what it makes the database
_IDENTITIES = (("village", "desa"), ("kecamatan", "kecamatan"), ("kabupaten", "kabupaten"))


@dataclass(frozen=True)
class Identity:
    kind: str  # desa, kecamatan, kabupaten
    kode: str
    name: str


@dataclass(frozen=True)
class Protection:
    """Whether the areas hold for the role the program connects as."""

    role: str
    superuser: bool  # a superuser, or a role with BYPASSRLS: row-level security does not apply
    unprotected: tuple[str, ...]  # area tables without forced row-level security

    @property
    def holds(self) -> bool:
        return not self.superuser and not self.unprotected


def read_identity(address: ServerAddress) -> Identity | None:
    """The office a database on the server already belongs to (read without migrating it), or
    None for a new one. Connection failures and an old server come out as DatabaseError."""
    engine = make_server_engine(address)
    try:
        with engine.connect() as conn:
            check_version(conn, address)
            return _identity(conn)
    except DBAPIError as exc:
        raise server_error(exc, address) from exc
    finally:
        engine.dispose()


def _identity(conn: Connection) -> Identity | None:
    tables = set(inspect(conn).get_table_names())
    for table, kind in _IDENTITIES:
        if table not in tables:
            continue
        columns = {c["name"] for c in inspect(conn).get_columns(table)}
        if "kode_wilayah" not in columns:
            continue
        name = kind if kind in columns else "name" if "name" in columns else "kode_wilayah"
        row = conn.execute(text(f"SELECT kode_wilayah, {name} FROM {table} LIMIT 1")).first()
        if row is not None:
            # a kabupaten's consolidation keeps its identity in the kecamatan's table, with the
            # code PP.KK (decision 49): the code's shape says which office it is
            kode = str(row[0])
            return Identity(area_level(kode) or kind, kode, str(row[1]))
    return None


def protection(conn: Connection) -> Protection:
    """The connecting role's standing, and any area table row-level security does not guard."""
    role, superuser = conn.execute(
        text("SELECT rolname, rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")
    ).one()
    rows = conn.execute(
        text(
            "SELECT relname FROM pg_class WHERE relkind = 'r' AND relname = ANY(:names) "
            "AND relrowsecurity AND relforcerowsecurity "
            "AND relnamespace = 'public'::regnamespace"
        ),
        {"names": list(AREA_TABLES)},
    )
    guarded = {str(r[0]) for r in rows}
    missing = tuple(t for t in AREA_TABLES if t not in guarded)
    return Protection(str(role), bool(superuser), missing)

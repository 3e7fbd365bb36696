"""The registry benchmark's list queries and their floors (used by bench_registry.py).

The floor of a list query is its bare SQL on a plain table: ``floor.sqlite3`` holds one table,
``person``, with the columns the Penduduk and Kepesertaan lists read (the resident's own, its
household's No. KK, area and desil, its membership's date and card), copied from the program's
database. It has the rowid primary key and nothing else: no other index, no trigger, no join.
A bare client runs ``SELECT id FROM person WHERE … ORDER BY …`` and ``fetchall()``; SQLite sorts.

The second reference is the same table with the one index that query would want (its order's
columns, then its filter columns: a covering index), chosen with ``INDEXED BY``: what reading in
index order costs with none of the program's structures around it.

Both connections use the program's cache size and temp store. Rule filters (uninsured, reason,
step) evaluate the program's own rule expressions (services.membership.rules) on the plain table.
"""

from __future__ import annotations

import sqlite3
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

COLUMNS = (
    "id INTEGER PRIMARY KEY, nik TEXT, name_key TEXT, sex TEXT, birth_date DATE, "
    "status_dasar INTEGER, shdk INTEGER, occupation INTEGER, jkn_segment TEXT, jkn_status TEXT, "
    "jkn_other TEXT, moved_out BOOLEAN, chronic_illness INTEGER, pregnant BOOLEAN, "
    "dusun TEXT, rw TEXT, rt TEXT, no_kk TEXT, desil INTEGER, as_of DATE, card_no TEXT"
)
FILL = """
INSERT INTO person SELECT r.id, r.nik, r.name_key, r.sex, r.birth_date, r.status_dasar, r.shdk,
  r.occupation, r.jkn_segment, r.jkn_status, r.jkn_other, r.moved_out, r.chronic_illness,
  r.pregnant, coalesce(h.dusun, ''), coalesce(h.rw, ''), coalesce(h.rt, ''), coalesce(h.no_kk, ''),
  h.desil, c.as_of, coalesce(c.card_no, '')
FROM src.resident r LEFT JOIN src.household h ON h.id = r.household_id
LEFT JOIN src.jkn_current c ON c.resident_id = r.id
"""

NAME = ("name_key", "nik")
AREA = ("dusun", "rw", "rt", "no_kk", "shdk", "birth_date", "nik")
MEMBERS = ("shdk", "birth_date", "nik")
ORDERS: dict[str, tuple[str, ...]] = {
    "name": NAME,
    "nik": ("nik",),
    "birth_date": ("birth_date", "nik"),
    "sex": ("sex", *NAME),
    "shdk": ("shdk", *NAME),
    "status_dasar": ("status_dasar", *NAME),
    "no_kk": ("no_kk", *MEMBERS),
    "dusun": AREA,
    "rw": ("rw", "rt", "no_kk", *MEMBERS),
    "rt": ("rt", "rw", "no_kk", *MEMBERS),
    "segment": ("jkn_segment", *NAME),
    "jkn_status": ("jkn_status", *NAME),
    "desil": ("desil", "no_kk", *MEMBERS),
    "as_of": ("as_of", "name_key", "nik"),
}


@dataclass
class Case:
    """One list query: the service call the page makes, and the same query on the plain table."""

    name: str
    page: str
    call: Callable[[Any], list[int]]  # db -> ids
    order: str  # a key of ORDERS
    descending: bool = False
    where: list[str] = field(default_factory=list)  # SQL on person
    filter_columns: tuple[str, ...] = ()  # what the WHERE reads, for the indexed floor
    rule: str = ""  # a rule filter: how the floor's WHERE was made (its SQL is long)

    def shown_sql(self) -> str:
        if not self.rule:
            return f"`{self.sql()}`"
        order = self.sql().split(" ORDER BY ", 1)[1]
        return f"`SELECT id FROM person WHERE status_dasar = 1 AND <{self.rule}> ORDER BY {order}`"

    def sql(self) -> str:
        direction = " DESC" if self.descending else ""
        order = ", ".join(c + direction for c in ORDERS[self.order])
        where = f" WHERE {' AND '.join(self.where)}" if self.where else ""
        return f"SELECT id FROM person{where} ORDER BY {order}"

    def index_columns(self) -> tuple[str, ...]:
        own = ORDERS[self.order]
        return own + tuple(c for c in self.filter_columns if c not in own)

    def index_name(self) -> str:
        return "ix_" + "_".join(self.index_columns())

    def indexed_sql(self) -> str:
        return self.sql().replace("FROM person", f"FROM person INDEXED BY {self.index_name()}", 1)


def connect(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(path)
    con.execute("PRAGMA cache_size = -32000")  # as the program's connections
    con.execute("PRAGMA temp_store = MEMORY")
    return con


def build(db_path: Path, floor_path: Path, cases: list[Case]) -> None:
    """The plain table, and beside it (same file, second table) the copy with one index per case."""
    con = sqlite3.connect(floor_path)
    con.execute(f"ATTACH DATABASE '{db_path}' AS src")
    for table in ("person", "person_indexed"):
        con.execute(f"DROP TABLE IF EXISTS {table}")
    con.execute(f"CREATE TABLE person ({COLUMNS})")
    con.execute(FILL)
    con.commit()
    con.execute("DETACH DATABASE src")
    con.execute("VACUUM")
    con.close()
    # the indexed copy is a separate file, so the plain table's file holds no index at all
    indexed = floor_path.with_name(floor_path.stem + "_indexed.sqlite3")
    indexed.unlink(missing_ok=True)
    con = sqlite3.connect(indexed)
    con.execute(f"ATTACH DATABASE '{floor_path}' AS plain")
    con.execute(f"CREATE TABLE person ({COLUMNS})")
    con.execute("INSERT INTO person SELECT * FROM plain.person")
    con.commit()
    con.execute("DETACH DATABASE plain")
    for name, columns in {c.index_name(): c.index_columns() for c in cases}.items():
        con.execute(f"CREATE INDEX {name} ON person ({', '.join(columns)})")
    con.execute("ANALYZE")
    con.commit()
    con.close()


def rule_sql(condition: Any) -> str:
    """A rule expression of the program, as SQL on the plain table."""
    from sqlalchemy import Column, column, table
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.sql.visitors import replacement_traverse

    person = table("person")

    def plain(element: Any) -> Any:
        if isinstance(element, Column):
            return column(element.name, element.type, _selectable=person)
        return None

    plain_condition = replacement_traverse(condition, {}, plain)
    with warnings.catch_warnings():  # the rule's "THEN NULL" renders as a literal NULL: intended
        warnings.simplefilter("ignore")
        compiled = plain_condition.compile(
            dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}
        )
    return str(compiled).replace("person.", "")


def cases(dusun: str) -> list[Case]:
    """The Penduduk page's and the Kepesertaan list's sorts and filters. Penduduk's default view
    shows living residents sorted by name; Kepesertaan's, living residents in area order."""
    from jkn_desktop.domain import codes
    from jkn_desktop.records.membership import JknFilter
    from jkn_desktop.records.residents import ResidentFilter
    from jkn_desktop.services.membership import kepesertaan
    from jkn_desktop.services.membership.rules import rule_columns
    from jkn_desktop.services.registry import resident_search

    def penduduk(flt: ResidentFilter, sort: str = "name", desc: bool = False) -> Any:
        return lambda db: db.run(resident_search.query_ids, flt, sort, desc, write=False)

    def jkn(flt: JknFilter, sort: str = "area", desc: bool = False) -> Any:
        return lambda db: db.run(kepesertaan.query_ids, flt, sort, desc, write=False)

    alive = ["status_dasar = 1"]
    living = ResidentFilter(status_dasar=codes.HIDUP)
    prefix = "33130512"
    numeric = f"((nik >= '{prefix}' AND nik < '{prefix}:') OR (no_kk >= '{prefix}' AND no_kk < '{prefix}:'))"
    lansia = ResidentFilter(status_dasar=codes.HIDUP, age_band="Lansia (60+)")
    rc = rule_columns()
    out = [
        Case(
            "search_name",
            "Penduduk",
            penduduk(ResidentFilter(search="sri", status_dasar=1)),
            "name",
            where=[*alive, "name_key LIKE '%SRI%'"],
            filter_columns=("status_dasar",),
        ),
        Case(
            "search_nik",
            "Penduduk",
            penduduk(ResidentFilter(search=prefix, status_dasar=1)),
            "name",
            where=[*alive, numeric],
            filter_columns=("status_dasar", "no_kk"),
        ),
        Case(
            "filter_sex",
            "Penduduk",
            penduduk(ResidentFilter(sex="P", status_dasar=1)),
            "name",
            where=[*alive, "sex = 'P'"],
            filter_columns=("status_dasar", "sex"),
        ),
        Case(
            "filter_dusun_sex",
            "Penduduk",
            penduduk(ResidentFilter(dusun=dusun, sex="P", status_dasar=1)),
            "name",
            where=[*alive, f"dusun = '{dusun}'", "sex = 'P'"],
            filter_columns=("status_dasar", "dusun", "sex"),
        ),
        Case(
            "filter_age",
            "Penduduk",
            penduduk(lansia),
            "name",
            where=[*alive, "birth_date <= date('now', '-60 years')"],
            filter_columns=("status_dasar", "birth_date"),
        ),
        Case("filter_all_statuses", "Penduduk", penduduk(ResidentFilter()), "name"),
    ]
    for sort in ("name", "nik", "birth_date", "sex", "shdk", "no_kk", "dusun", "rw", "rt"):
        out.append(
            Case(
                f"sort_{sort}",
                "Penduduk",
                penduduk(living, sort),
                sort,
                where=alive,
                filter_columns=("status_dasar",),
            )
        )
    out.append(
        Case(
            "sort_name_desc",
            "Penduduk",
            penduduk(living, "name", True),
            "name",
            True,
            alive,
            ("status_dasar",),
        )
    )
    out.append(
        Case(
            "sort_age",
            "Penduduk",
            penduduk(living, "age"),
            "birth_date",
            True,
            alive,
            ("status_dasar",),
        )
    )
    out.append(
        Case(
            "sort_status_all",
            "Penduduk",
            penduduk(ResidentFilter(), "status_dasar"),
            "status_dasar",
        )
    )
    for sort, order in (
        ("area", "dusun"),
        ("name", "name"),
        ("nik", "nik"),
        ("segment", "segment"),
        ("desil", "desil"),
        ("as_of", "as_of"),
    ):
        out.append(
            Case(
                f"sort_{sort}",
                "Kepesertaan",
                jkn(JknFilter(), sort),
                order,
                where=alive,
                filter_columns=("status_dasar",),
            )
        )
    rules = {
        "filter_uninsured": (JknFilter(uninsured=True), rc.uninsured),
        "filter_reason": (JknFilter(reason="belum_terdaftar"), rc.reason == "belum_terdaftar"),
        "filter_step": (JknFilter(step="usul_pbi"), rc.step == "usul_pbi"),
        "filter_segment": (JknFilter(segment="pbi_apbn"), rc.segment == "pbi_apbn"),
    }
    rule_inputs = (
        "jkn_segment",
        "jkn_status",
        "occupation",
        "jkn_other",
        "moved_out",
        "chronic_illness",
        "pregnant",
        "desil",
    )
    for name, (flt, condition) in rules.items():
        out.append(
            Case(
                name,
                "Kepesertaan",
                jkn(flt),
                "dusun",
                where=[*alive, rule_sql(condition)],
                filter_columns=("status_dasar", *rule_inputs),
                rule=f"the program's rule for {name.removeprefix('filter_')}, compiled for person",
            )
        )
    out += [
        Case(
            "filter_dusun",
            "Kepesertaan",
            jkn(JknFilter(dusun=dusun)),
            "dusun",
            where=[*alive, f"dusun = '{dusun}'"],
            filter_columns=("status_dasar",),
        ),
        Case(
            "search_number",
            "Kepesertaan",
            jkn(JknFilter(search=prefix)),
            "dusun",
            where=[
                *alive,
                numeric[:-1] + f" OR (card_no >= '{prefix}' AND card_no < '{prefix}:'))",
            ],
            filter_columns=("status_dasar", "no_kk", "card_no"),
        ),
        Case(
            "search_name",
            "Kepesertaan",
            jkn(JknFilter(search="sri")),
            "dusun",
            where=[*alive, "name_key LIKE '%SRI%'"],
            filter_columns=("status_dasar", "name_key"),
        ),
    ]
    return out

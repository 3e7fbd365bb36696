"""Budget codes (Permendagri 20/2018, as in Siskeudes): bidang, kegiatan, rekening and funding
sources, with the kabupaten's local codes a village adds."""

from __future__ import annotations

import re

from sqlalchemy import Connection, insert, select, update

from jkn_desktop.domain import roles as perm
from jkn_desktop.domain.names import clean_name
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.tables import budget_code_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.apbdes import BudgetCode, LineChoices
from jkn_desktop.records.changes import APBDES
from jkn_desktop.services import audit
from jkn_desktop.services.apbdes.rates import rates

T = budget_code_t
KINDS = {
    "bidang": "Bidang",
    "kegiatan": "Kegiatan",
    "rekening": "Rekening",
    "sumber": "Sumber dana",
}


def budget_codes(work: Work, kind: str | None = None) -> list[BudgetCode]:
    stmt = select(T.c.kind, T.c.code, T.c.name, T.c.local).order_by(T.c.kind, T.c.code)
    if kind is not None:
        stmt = stmt.where(T.c.kind == kind)
    return [BudgetCode(*r) for r in work.conn.execute(stmt)]


def line_choices(work: Work) -> LineChoices:
    """What the line dialog needs, read together: the codes and the rates."""
    return LineChoices(budget_codes(work), rates(work))


def code_names(conn: Connection) -> dict[tuple[str, str], str]:
    """``(kind, code)`` → name, for every code."""
    return {(k, c): n for k, c, n in conn.execute(select(T.c.kind, T.c.code, T.c.name))}


def clean_code(kind: str, code: str) -> str:
    """A code as stored: funding sources in capitals."""
    return code.strip().upper() if kind == "sumber" else code.strip()


def code_exists(conn: Connection, kind: str, code: str) -> bool:
    found = conn.execute(
        select(T.c.code).where(T.c.kind == kind, T.c.code == clean_code(kind, code))
    ).scalar()
    return found is not None


def _checked(kind: str, code: str, name: str) -> tuple[str, str]:
    code = code.strip()
    name = (clean_name(name) if kind != "sumber" else name.strip()).strip()
    if kind not in KINDS:
        raise UserError("KODE_JENIS")
    pattern = r"[A-Z]{2,5}" if kind == "sumber" else r"\d{1,3}(\.\d{1,3}){0,3}"
    if kind == "sumber":
        code = code.upper()
    if not re.fullmatch(pattern, code):
        example = "DDS" if kind == "sumber" else ("02.02.96" if kind == "kegiatan" else "5.2.7")
        raise UserError("KODE_FORMAT", kind=KINDS[kind].lower(), code=code, example=example)
    if not name:
        raise UserError("KODE_NAMA")
    return code, name


def save_budget_code(work: Work, kind: str, code: str, name: str) -> None:
    """Add a local code (or rename one). Codes are digits in dot-separated groups, except funding
    sources, which are short letters (DDS, ADD, …)."""
    work.require(perm.APBDES)
    code, name = _checked(kind, code, name)
    conn = work.conn
    old = conn.execute(select(T.c.name).where(T.c.kind == kind, T.c.code == code)).scalar()
    if old is None:
        conn.execute(insert(T).values(kind=kind, code=code, name=name, local=True))
        changes: dict[str, tuple[object, object]] = {"name": (None, name)}
        action = "create"
    elif old != name:
        conn.execute(update(T).where(T.c.kind == kind, T.c.code == code).values(name=name))
        changes, action = {"name": (old, name)}, "update"
    else:
        return
    audit.note(
        work,
        action=action,
        entity="budget_code",
        entity_id=None,
        entity_key=f"{kind} {code}",
        changes=changes,
    )
    work.touch(APBDES)

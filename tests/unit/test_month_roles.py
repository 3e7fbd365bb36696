"""A village month done by the office's people, each with their own account (issue #14): the
operator takes in the OpenSID file and the Dinsos list, the secretary makes the proposals, the
Kepala Desa approves them at the Musdes, the secretary sends the workbook; an inspector reads and
prints masked lists only. Each refusal names who may; the audit trail names who did what; the
figures agree across coverage, the rosters and the workbook."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from jkn_desktop.errors import UserError
from jkn_desktop.persistence.tables import audit_t
from jkn_desktop.records.documents import RosterOptions
from jkn_desktop.records.people import Actor
from jkn_desktop.records.usulan import MusdesInput
from jkn_desktop.services.database import Database
from jkn_desktop.services.documents import rosters
from jkn_desktop.services.membership.coverage import coverage
from jkn_desktop.services.membership.pbi_import import import_pbi
from jkn_desktop.services.people import accounts as A
from jkn_desktop.services.people.login import login
from jkn_desktop.services.registry.resident_import import import_residents
from jkn_desktop.services.usulan import proposals, suggestions
from jkn_desktop.services.usulan.dinsos import export_dinsos
from jkn_desktop.services.usulan.musdes import record_musdes

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"
pytestmark = pytest.mark.skipif(
    not SAMPLES.exists(), reason="shared samples not beside the checkout"
)
OPENSID = SAMPLES / "opensid_penduduk_girilayu.xlsx"
OCTOBER = SAMPLES / "pbi_dinsos_girilayu_2026-10.xlsx"
TODAY = dt.date(2026, 11, 28)


def _people(db: Database) -> dict[str, Actor]:
    db.run(A.add_account, "admin", "admin-desa-1", ["admin"])
    admin = db.run(login, "admin", "admin-desa-1").actor
    for name, roles in (
        ("budi", ["operator"]),
        ("sri", ["sekretaris"]),
        ("sutrisno", ["kepala_desa"]),
        ("inspektur", ["pemeriksa"]),
    ):
        db.run(A.add_account, name, f"{name}-kata-sandi", roles, user=admin)
    people = {"admin": admin}
    for name in ("budi", "sri", "sutrisno", "inspektur"):
        actor = db.run(login, name, f"{name}-kata-sandi").actor
        assert actor is not None
        people[name] = actor
    return people  # type: ignore[return-value]


def _refused(db: Database, fn, *args, user: Actor, **kwargs) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(UserError) as caught:
        db.run(fn, *args, user=user, today=TODAY, **kwargs)
    assert caught.value.code == "NOT_PERMITTED"
    return caught.value.message


def test_a_month_by_the_offices_people(village_db: Database, tmp_path: Path) -> None:
    db = village_db
    p = _people(db)
    # the operator takes in the month's files, in the order they arrive
    db.run(import_residents, OPENSID, user=p["budi"], today=TODAY)
    db.run(import_pbi, OCTOBER, period="2026-10", user=p["budi"], today=TODAY)
    cov = db.run(coverage, write=False)
    assert cov.total.active == 25
    # … but may not send anything out or propose
    assert "Sekretaris Desa" in _refused(
        db, export_dinsos, "2026-11", tmp_path / "x.xlsx", user=p["budi"]
    )
    assert not (tmp_path / "x.xlsx").exists()
    found = db.run(suggestions.suggestions, "2026-11", write=False, today=TODAY)
    assert found
    _refused(db, suggestions.accept, "2026-11", found, user=p["budi"])

    # the secretary turns the suggestions into draft proposals; she may not approve them
    ids = db.run(suggestions.accept, "2026-11", found, user=p["sri"], today=TODAY)
    assert len(ids) == len(found)
    meeting = MusdesInput(
        dt.date(2026, 11, 27), "Balai Desa Girilayu", "Sutrisno — Kepala Desa", "1/BA/XI/2026"
    )
    assert "Kepala Desa" in _refused(db, record_musdes, meeting, ids, user=p["sri"])

    # the Kepala Desa approves at the Musdes
    db.run(record_musdes, meeting, ids, user=p["sutrisno"], today=TODAY)
    approved = db.run(proposals.proposals, "2026-11", status="disetujui", write=False)
    assert len(approved) == len(ids)

    # the secretary sends the month's workbook; its counts are the ones every page shows
    summary = db.run(export_dinsos, "2026-11", tmp_path / "dinsos.xlsx", user=p["sri"], today=TODAY)
    assert summary.pbi == cov.total.active == 25
    assert sum(summary.proposals.values()) == len(ids)

    # the inspector reads, prints a masked list, and may not take full NIKs away
    masked = RosterOptions("pbi", "2026-11", mask_nik=True)
    result = db.run(
        rosters.write_roster,
        masked,
        tmp_path / "pbi.pdf",
        user=p["inspektur"],
        today=TODAY,
        write=False,
    )
    assert result.pages > 0
    unmasked = RosterOptions("pbi", "2026-11", mask_nik=False)
    assert "NIK lengkap" in _refused(
        db, rosters.write_roster, unmasked, tmp_path / "full.pdf", user=p["inspektur"], write=False
    )
    _refused(db, export_dinsos, "2026-11", tmp_path / "y.xlsx", user=p["inspektur"])
    assert not (tmp_path / "full.pdf").exists()

    # the audit trail names who did each thing
    with db.engine.connect() as conn:
        rows = conn.execute(select(audit_t.c.actor, audit_t.c.entity, audit_t.c.action)).all()
    by_entity: dict[str, set[str]] = {}
    for actor, entity, _action in rows:
        by_entity.setdefault(entity, set()).add(actor)
    assert by_entity["resident"] == {"budi"}
    assert {"sri", "sutrisno"} <= by_entity["usulan"]
    assert "budi" not in by_entity["usulan"]

    # the next month: the same resident file sent again changes nothing
    again = db.run(import_residents, OPENSID, user=p["budi"], today=TODAY)
    assert again.created == 0
    assert db.run(coverage, write=False).as_json() == cov.as_json()

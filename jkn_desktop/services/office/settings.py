"""The office's settings, edited together on the Pengaturan page: the services of the counter
with the rule of each (does it need active JKN?), the SKTM check of APBDes beneficiaries and how
long an SKTM is valid."""

from __future__ import annotations

from collections.abc import Sequence

from jkn_desktop.domain import office as O
from jkn_desktop.domain import roles as perm
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.changes import OFFICE
from jkn_desktop.records.counter import CounterService, OfficeSettings
from jkn_desktop.services import audit
from jkn_desktop.services.settings import get_setting, set_setting

SKTM_MONTHS = (1, 24)  # the validity the editor offers, in months


def services(work: Work) -> list[CounterService]:
    """The counter's services in the order the office set them (the setting ``counter_services``)."""
    out = []
    for item in get_setting(work, "counter_services"):
        name, requires = (item[0], item[1]) if isinstance(item, (list, tuple)) else (item, False)
        if str(name).strip():
            out.append(CounterService(str(name).strip(), bool(requires)))
    return out


def checked_services(items: Sequence[CounterService]) -> list[CounterService]:
    """The list as it will be saved (names trimmed); a clear message for an empty list, an empty
    name or a name written twice (letter case does not count)."""
    if not items:
        raise UserError("LOKET_DAFTAR.kosong")
    seen: set[str] = set()
    out = []
    for i, item in enumerate(items, start=1):
        name = " ".join(item.name.split())
        if not name:
            raise UserError("LOKET_DAFTAR.nama", row=i)
        if name.casefold() in seen:
            raise UserError("LOKET_DAFTAR.ganda", service=name)
        seen.add(name.casefold())
        out.append(CounterService(name, bool(item.requires_jkn)))
    return out


def save_services(work: Work, items: Sequence[CounterService]) -> None:
    """Replace the services list. A visit keeps the name and rule of its day, so renaming or
    removing a service changes no history."""
    work.require(perm.SETTINGS)
    new = checked_services(items)
    old = services(work)
    if new == old:
        return
    set_setting(work, "counter_services", [[s.name, s.requires_jkn] for s in new])
    audit.note(
        work,
        action="update",
        entity="setting",
        entity_id=None,
        entity_key="counter_services",
        changes={"counter_services": (_described(old), _described(new))},
    )
    work.touch(OFFICE)


def _described(items: Sequence[CounterService]) -> str:
    return "; ".join(f"{s.name}{' (wajib JKN aktif)' if s.requires_jkn else ''}" for s in items)


def office_settings(work: Work) -> OfficeSettings:
    rule = str(get_setting(work, "apbdes_sktm_rule"))
    return OfficeSettings(
        tuple(services(work)),
        rule if rule in O.APBDES_SKTM_RULES else O.SKTM_RULE_SKTM_OR_DESIL,
        int(get_setting(work, "sktm_valid_months")),
    )


def save_office_settings(work: Work, new: OfficeSettings) -> None:
    """The three settings in one job: all saved, or (on a bad value) none."""
    work.require(perm.SETTINGS)
    if new.apbdes_sktm_rule not in O.APBDES_SKTM_RULES:
        raise UserError("PENGATURAN_SKTM.aturan", choices="; ".join(O.APBDES_SKTM_RULES.values()))
    low, high = SKTM_MONTHS
    if not low <= new.sktm_valid_months <= high:
        raise UserError("PENGATURAN_SKTM.bulan", low=low, high=high)
    checked_services(new.services)
    old = office_settings(work)
    save_services(work, new.services)
    for key, before, after in (
        ("apbdes_sktm_rule", old.apbdes_sktm_rule, new.apbdes_sktm_rule),
        ("sktm_valid_months", old.sktm_valid_months, new.sktm_valid_months),
    ):
        if before != after:
            set_setting(work, key, after)
            audit.note(
                work,
                action="update",
                entity="setting",
                entity_id=None,
                entity_key=key,
                changes={key: (before, after)},
            )

"""Receiving a batch — files and folders from a flash drive or a WhatsApp download folder — one
job per package (``receive.receive_package``), so a refused or failing package never undoes the
others and the window shows progress and can cancel between packages. Like the backups, this
works on the database as a whole rather than inside a caller's unit of work: it opens one job per
package itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from jkn_desktop.domain import roles as perm
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.work import local_now
from jkn_desktop.records.kecamatan import Received, ReceiveReport, Refused
from jkn_desktop.services.kecamatan.identity import require_kecamatan
from jkn_desktop.services.kecamatan.package_open import open_package
from jkn_desktop.services.kecamatan.receive import (
    KEY_UNREGISTERED,
    batch_conflicts,
    manifest_head,
    package_files,
    receive_package,
)


def receive_files(
    db: Any,
    paths: Sequence[Path],
    *,
    user: Any,
    register_new_keys: bool = False,
    reregister_reason: str = "",
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    now: dt.datetime | None = None,
) -> ReceiveReport:
    """A batch: files and folders expanded, in-batch conflicts refused, then each package in its
    own job (a refusal or a failure of one never undoes another). A package signed by a key not
    yet registered lands in ``to_confirm`` (and ``refused``) unless ``register_new_keys``."""
    report = ReceiveReport()
    with db.work(user, write=False) as work:  # who may not receive at all is told once
        work.require(perm.IMPORT)
        info = require_kecamatan(work)
    if info.is_kabupaten:  # a kecamatan's forwarded batch (.zip, or a folder with its manifest)
        from jkn_desktop.services.kabupaten.batch import is_batch, receive_batch

        for source in [Path(p) for p in paths if is_batch(Path(p))]:
            sub = receive_batch(
                db,
                source,
                user=user,
                register_new_keys=register_new_keys,
                reregister_reason=reregister_reason,
                progress=progress,
                cancelled=cancelled,
                now=now,
            ).report
            report.received += sub.received
            report.refused += sub.refused
            report.to_confirm += sub.to_confirm
        paths = [p for p in paths if not is_batch(Path(p))]
    files, refused = package_files(paths)
    report.refused.extend(refused)
    # two versions of one month in the batch (a single file has nothing to conflict with)
    heads = [h for h in (manifest_head(p) for p in files) if h is not None] if files[1:] else []
    conflicts = batch_conflicts(heads)
    for i, path in enumerate(files, start=1):
        if cancelled is not None and cancelled():
            break
        if progress is not None:
            progress(i - 1, len(files))
        if path in conflicts:
            report.refused.append(conflicts[path])
            continue
        opened = open_package(path, now or local_now())  # before the job: no lock held
        try:
            # on a server only this village's lock: staff receiving other villages write at once
            village = opened.v.kode_wilayah if opened.v is not None and opened.v.ok else ""
            with db.work(user, write=True, now=now, village=village) as work:
                outcome: Received | Refused = receive_package(
                    work,
                    path,
                    register_new_key=register_new_keys,
                    reregister_reason=reregister_reason,
                    opened=opened,
                )
        except UserError as exc:  # e.g. registering a key without the right to: this one only
            outcome = Refused(path.name, exc.code, f"{path.name}: {exc.message}")
        if isinstance(outcome, Refused):
            report.refused.append(outcome)
            if outcome.code == KEY_UNREGISTERED:
                report.to_confirm.append(outcome)
        else:
            report.received.append(outcome)
    if progress is not None:
        progress(len(files), len(files))
    return report

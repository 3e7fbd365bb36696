"""The encrypted backup file (``.jknbak``): a database copy that may leave the office on a flash
drive, readable only with its password.

Format, version 1 (all integers big-endian)::

    offset size  field
    0      12    magic "JKN-CADANGAN"
    12     1     format version (1)
    13     1     key derivation: 1 = scrypt
    14     1     scrypt log2(N)          (17: N = 131072)
    15     1     scrypt r                (8)
    16     1     scrypt p                (1)
    17     1     log2(chunk size)        (20: 1 MiB of the database per chunk)
    18     2     reserved, zero
    20     4     length of the description (plain bytes)
    24     16    salt (random)
    40     8     nonce prefix (random)
    48     ...   chunks

The key is scrypt(password as UTF-8, salt, N, r, p) → 32 bytes, for AES-256-GCM. Chunk 0 is the
description (JSON: when, which kind, the app and schema version, the village and counts); chunks
1 … n are the database file cut into chunks of the chunk size (the last one shorter or equal).
Each chunk is sealed on its own, nonce = prefix ‖ chunk number (4 bytes), associated data =
the 48-byte header ‖ one byte that is 1 for the last chunk and 0 otherwise, and stored as its
ciphertext followed by the 16-byte tag. So the header cannot be changed (every chunk would fail),
chunks cannot be reordered (the number is in the nonce), and a file cut short at a chunk boundary
fails too (its new last chunk was sealed as "not last") — the STREAM construction of Hoang,
Reyhanitabar, Rogaway and Vizár, as in *age* and Tink. A wrong password fails on chunk 0.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from jkn_desktop.errors import UserError
from jkn_desktop.persistence.backups.files import (
    create_private,
    disk_full,
    put_in_place,
    temp_beside,
    unwritable,
)

Progress = Callable[[int, int], None]

MAGIC = b"JKN-CADANGAN"
VERSION = 1
KDF_SCRYPT = 1
HEADER = struct.Struct(">12sBBBBBBHI16s8s")
TAG = 16
MAX_DESCRIPTION = 1 << 20


@dataclass(frozen=True, slots=True)
class Params:
    """scrypt's cost and the chunk size. The defaults: N = 2^17, r = 8, p = 1 (128 MiB of memory,
    about 0.6 s on the office laptops we measured; OWASP's recommended minimum), 1 MiB chunks."""

    log_n: int = 17
    r: int = 8
    p: int = 1
    log_chunk: int = 20

    def key(self, password: str, salt: bytes) -> bytes:
        n = 1 << self.log_n
        return hashlib.scrypt(
            password.encode("utf-8"),
            salt=salt,
            n=n,
            r=self.r,
            p=self.p,
            maxmem=130 * n * self.r * self.p + (1 << 20),
            dklen=32,
        )


DEFAULT = Params()


def is_sealed(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(len(MAGIC)) == MAGIC


def _nonce(prefix: bytes, index: int) -> bytes:
    return prefix + index.to_bytes(4, "big")


def seal(
    source: Path,
    target: Path,
    password: str,
    description: dict[str, Any],
    *,
    progress: Progress | None = None,
    params: Params = DEFAULT,
) -> None:
    """Encrypt the database file ``source`` into ``target`` (whole or absent)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, prefix = os.urandom(16), os.urandom(8)
    about = json.dumps(description, ensure_ascii=False, sort_keys=True).encode("utf-8")
    header = HEADER.pack(
        MAGIC, VERSION, KDF_SCRYPT, params.log_n, params.r, params.p, params.log_chunk, 0,
        len(about), salt, prefix,
    )  # fmt: skip
    aead = AESGCM(params.key(password, salt))
    chunk = 1 << params.log_chunk
    total = source.stat().st_size
    temp = temp_beside(target)
    try:
        create_private(temp)
        with source.open("rb") as src, temp.open("wb") as out:
            out.write(header)
            out.write(aead.encrypt(_nonce(prefix, 0), about, header + b"\x00"))
            index, done = 1, 0
            piece = src.read(chunk)
            while True:
                following = src.read(chunk)
                last = not following
                out.write(aead.encrypt(_nonce(prefix, index), piece, header + bytes([last])))
                done += len(piece)
                if progress is not None:
                    progress(done, total)
                if last:
                    break
                piece, index = following, index + 1
        put_in_place(temp, target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise unwritable(target.parent, exc) from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _header(fh: BinaryIO, name: str) -> tuple[bytes, Params, int, bytes, bytes]:
    raw = fh.read(HEADER.size)
    if len(raw) < HEADER.size or not raw.startswith(MAGIC):
        if raw.startswith(MAGIC):
            raise UserError("BACKUP_DAMAGED", name=name)
        raise UserError("BACKUP_NOT_OURS", name=name)
    _, version, kdf, log_n, r, p, log_chunk, _, about_len, salt, prefix = HEADER.unpack(raw)
    if version > VERSION or kdf != KDF_SCRYPT:
        raise UserError("BACKUP_TOO_NEW", name=name)
    # bounds that keep a hostile header from asking for gigabytes of memory
    if not (10 <= log_n <= 20 and 1 <= r <= 32 and 1 <= p <= 16 and 12 <= log_chunk <= 24):
        raise UserError("BACKUP_DAMAGED", name=name)
    if 128 * (1 << log_n) * r * p > 1 << 30:
        raise UserError("BACKUP_DAMAGED", name=name)
    if version < 1 or about_len > MAX_DESCRIPTION:
        raise UserError("BACKUP_DAMAGED", name=name)
    return raw, Params(log_n, r, p, log_chunk), about_len, salt, prefix


def unseal(
    source: Path, target: Path, password: str, *, progress: Progress | None = None
) -> dict[str, Any]:
    """Decrypt ``source`` into ``target`` (a file the caller removes when it fails) and return
    the description. A wrong password, a changed or cut file: a :class:`UserError`."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    name = source.name
    total = source.stat().st_size
    with source.open("rb") as fh:
        header, params, about_len, salt, prefix = _header(fh, name)
        aead = AESGCM(params.key(password, salt))
        sealed_about = fh.read(about_len + TAG)
        try:
            about = aead.decrypt(_nonce(prefix, 0), sealed_about, header + b"\x00")
        except InvalidTag:
            raise UserError("BACKUP_PASSWORD_WRONG", name=name) from None
        try:
            description = json.loads(about.decode("utf-8"))
        except ValueError:
            raise UserError("BACKUP_DAMAGED", name=name) from None
        block = (1 << params.log_chunk) + TAG
        try:
            create_private(target)
            with target.open("wb") as out:
                index = 1
                piece = fh.read(block)
                if not piece:
                    raise UserError("BACKUP_DAMAGED", name=name)
                while piece:
                    following = fh.read(block)
                    last = not following
                    try:
                        out.write(
                            aead.decrypt(_nonce(prefix, index), piece, header + bytes([last]))
                        )
                    except InvalidTag:
                        raise UserError("BACKUP_DAMAGED", name=name) from None
                    if progress is not None:
                        progress(fh.tell(), total)
                    piece, index = following, index + 1
        except OSError as exc:
            if disk_full(exc):
                raise unwritable(target.parent, exc) from exc
            raise UserError(
                "BACKUP_UNREADABLE", name=name, reason=exc.strerror or str(exc)
            ) from exc
    return dict(description) if isinstance(description, dict) else {}

"""The village's package key (Ed25519): its short fingerprint, a new pair, signing and checking.

Both sides import this: the village signs its packages, the kecamatan compares the fingerprint it
registered. ``cryptography`` is imported inside the functions, so starting the program does not
pay for it. Keys and signatures travel as base64 of their raw bytes (32-byte keys, 64-byte
signatures)."""

from __future__ import annotations

import base64
import binascii
import hashlib

KEY_BYTES = 32


def fingerprint(public_raw: bytes) -> str:
    """The first 16 hex digits of the SHA-256 of the raw public key, upper-case, in groups of four:
    "AB12-CD34-EF56-7890" — short enough to read out on the telephone."""
    digits = hashlib.sha256(public_raw).hexdigest()[:16].upper()
    return "-".join(digits[i : i + 4] for i in range(0, 16, 4))


def decode_key(text: str) -> bytes | None:
    """The raw 32 bytes of a base64 key, or None when it is not one."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if len(raw) == KEY_BYTES else None


def fingerprint_of(public_b64: str) -> str:
    """The fingerprint of a base64 public key ("" when the text is not a key)."""
    raw = decode_key(public_b64)
    return fingerprint(raw) if raw is not None else ""


def new_pair() -> tuple[str, str]:
    """A fresh key pair: (public key, private key), each base64 of its raw 32 bytes."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private = Ed25519PrivateKey.generate()
    return _b64(private.public_key().public_bytes_raw()), _b64(private.private_bytes_raw())


def public_of(private_b64: str) -> str:
    """The public key (base64) that belongs to a private key (base64)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    raw = base64.b64decode(private_b64)
    return _b64(Ed25519PrivateKey.from_private_bytes(raw).public_key().public_bytes_raw())


def sign(private_b64: str, message: bytes) -> str:
    """The base64 Ed25519 signature of ``message``."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.from_private_bytes(base64.b64decode(private_b64))
    return _b64(key.sign(message))


def signature_valid(public_b64: str, signature_b64: str, message: bytes) -> bool:
    """Whether ``signature_b64`` is the signature of ``message`` by the key ``public_b64`` (False
    for anything that is not a key or not a signature)."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    raw = decode_key(public_b64)
    if raw is None:
        return False
    try:
        signature = base64.b64decode(signature_b64.strip(), validate=True)
        Ed25519PublicKey.from_public_bytes(raw).verify(signature, message)
    except (binascii.Error, ValueError, InvalidSignature):
        return False
    return True


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")

"""Keep Qt's own strings in Indonesian: resources/i18n/qt_id.ts → qt_id.qm.

Qt ships no Indonesian translation, so the program carries its own for the Qt strings a village
user can meet (standard buttons, context menus, the file, print and preview dialogs). The .ts is
the source, written by hand; the .qm next to it is what the program loads, compiled by Qt's own
``lrelease`` (PySide6 ships it as ``pyside6-lrelease``) and committed, so users and CI never need
the tool.

    python scripts/update_qt_translation.py          # add Qt's new strings, compile the .qm
    python scripts/update_qt_translation.py --check  # exit 1 when anything is missing or stale

After a Qt upgrade the English source strings of the covered contexts are read from the .qm files
Qt ships (only the English sources and their contexts, never another language's translation);
strings Qt added are put into the .ts as unfinished for a person to translate (Qt Linguist:
``pyside6-linguist resources/i18n/qt_id.ts``), and ``--check`` fails until they are.
"""

from __future__ import annotations

import argparse
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "i18n" / "qt_id.ts"
QM = TS.with_suffix(".qm")
# contexts the .ts carries only in part: the rest is command-line help nobody sees
PARTIAL = {"QGuiApplication"}
# Qt's licence text for "About Qt", a box the program never opens
UNUSED = ("<p>Qt is a C++ toolkit", "<h3>About Qt</h3>")

Key = tuple[str, str, str]  # context, source, disambiguation comment

_MAGIC = bytes.fromhex("3cb86418caef9c95cd211cbf60a1bddd")


def read_qm(path: Path) -> dict[Key, str | None]:
    """The messages of a compiled .qm: (context, source, comment) → first translation."""
    data = path.read_bytes()
    if data[:16] != _MAGIC:
        raise ValueError(f"{path} is not a Qt .qm file")
    pos, block = 16, b""
    while pos < len(data):
        tag, size = data[pos], struct.unpack(">I", data[pos + 1 : pos + 5])[0]
        if tag == 0x69:  # the messages block
            block = data[pos + 5 : pos + 5 + size]
        pos += 5 + size
    out: dict[Key, str | None] = {}
    cur: dict[int, bytes | None] = {}
    translation: str | None = None
    p = 0
    while p < len(block):
        tag = block[p]
        p += 1
        if tag == 1:  # end of a message
            key = tuple((cur.get(t) or b"").decode() for t in (7, 6, 8))
            out[key] = translation  # type: ignore[index]
            cur, translation = {}, None
        elif tag == 5:  # obsolete hash
            p += 4
        elif tag in (3, 6, 7, 8):
            size = struct.unpack(">I", block[p : p + 4])[0]
            p += 4
            value = None if size == 0xFFFFFFFF else block[p : p + size]
            p += 0 if value is None else size
            if tag == 3:
                if translation is None and value is not None:
                    translation = value.decode("utf-16-be")
            else:
                cur[tag] = value
        else:
            raise ValueError(f"{path}: unknown tag {tag} in messages")
    return out


def qt_translations_dir() -> Path:
    from PySide6.QtCore import QLibraryInfo

    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))


def qt_sources(contexts: set[str]) -> set[Key]:
    """English source strings of ``contexts``, from every qtbase_*.qm Qt ships."""
    keys: set[Key] = set()
    for qm in sorted(qt_translations_dir().glob("qtbase_*.qm")):
        keys |= {k for k in read_qm(qm) if k[0] in contexts}
    return keys


def read_ts(path: Path = TS) -> dict[Key, tuple[str, bool]]:
    """(context, source, comment) → (translation, finished)."""
    out: dict[Key, tuple[str, bool]] = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            tr = message.find("translation")
            assert tr is not None
            key = (name, message.findtext("source") or "", message.findtext("comment") or "")
            out[key] = (tr.text or "", tr.get("type") not in ("unfinished", "vanished", "obsolete"))
    return out


def write_ts(messages: dict[Key, tuple[str, bool]], path: Path = TS) -> None:
    root = ET.Element("TS", version="2.1", language="id_ID", sourcelanguage="en")
    for name in sorted({k[0] for k in messages}):
        context = ET.SubElement(root, "context")
        ET.SubElement(context, "name").text = name
        for key in sorted(k for k in messages if k[0] == name):
            text, finished = messages[key]
            message = ET.SubElement(context, "message")
            ET.SubElement(message, "source").text = key[1]
            if key[2]:
                ET.SubElement(message, "comment").text = key[2]
            tr = ET.SubElement(message, "translation")
            tr.text = text
            if not finished:
                tr.set("type", "unfinished")
    ET.indent(root, space="    ")
    body = ET.tostring(root, encoding="unicode")
    path.write_text(f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n{body}\n', "utf-8")


def find_lrelease() -> str | None:
    """Qt's lrelease: PySide6's wrapper next to this Python, or one on PATH."""
    here = Path(sys.executable).parent
    for name in ("pyside6-lrelease", "lrelease"):
        for found in (here / name, here / f"{name}.exe", shutil.which(name)):
            if found and Path(found).exists():
                return str(found)
    return None


def compile_ts(ts: Path, qm: Path) -> None:
    tool = find_lrelease()
    if tool is None:
        raise SystemExit("lrelease not found: install the dev dependencies (PySide6 ships it)")
    subprocess.run([tool, "-silent", str(ts), "-qm", str(qm)], check=True)


def missing_from_ts(messages: dict[Key, tuple[str, bool]]) -> set[Key]:
    covered = {k[0] for k in messages} - PARTIAL
    return {k for k in qt_sources(covered) - set(messages) if not k[1].startswith(UNUSED)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing, report problems")
    args = parser.parse_args(argv)
    messages = read_ts()
    new = missing_from_ts(messages)
    for key in sorted(new):
        print(f"new in Qt: {key[0]}: {key[1]!r}")
    unfinished = sorted(k for k, (_, done) in messages.items() if not done)
    for key in unfinished:
        print(f"untranslated: {key[0]}: {key[1]!r}")
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "qt_id.qm"
        if args.check:
            compile_ts(TS, fresh)
            stale = not QM.exists() or read_qm(fresh) != read_qm(QM)
            if stale:
                print(f"{QM.relative_to(ROOT)} is older than the .ts: run this script")
            return 1 if new or unfinished or stale else 0
    if new:
        messages.update(dict.fromkeys(new, ("", False)))
        write_ts(messages)
    compile_ts(TS, QM)
    print(f"wrote {QM.relative_to(ROOT)} ({len(messages)} messages, {len(unfinished)} unfinished)")
    return 1 if new or unfinished else 0


if __name__ == "__main__":
    sys.exit(main())

"""Compile gettext catalogues (.po -> .mo) in pure Python.

``make demo`` must work on a machine without GNU gettext, so the demo compiles the
catalogues with this; CI also runs Django's ``compilemessages`` (GNU msgfmt with
its checks). Fuzzy and untranslated entries are left out, as msgfmt does.
"""

from __future__ import annotations

import ast
import struct
from pathlib import Path


def _unquote(chunk: str) -> str:
    return str(ast.literal_eval(chunk))


def parse_po(text: str) -> dict[str, str]:
    """Messages of a .po file as {key: translation}; plural keys/values joined by NUL."""
    messages: dict[str, str] = {}
    entry: dict[str, list[str]] = {}
    fuzzy = False
    section: str | None = None

    def flush() -> None:
        nonlocal entry, fuzzy
        if "msgid" in entry and not fuzzy:
            msgid = "".join(entry["msgid"])
            if "msgid_plural" in entry:
                msgid += "\0" + "".join(entry["msgid_plural"])
                forms = sorted(k for k in entry if k.startswith("msgstr["))
                msgstr = "\0".join("".join(entry[k]) for k in forms)
            else:
                msgstr = "".join(entry.get("msgstr", []))
            if "msgctxt" in entry:
                msgid = "".join(entry["msgctxt"]) + "\x04" + msgid
            if msgstr.replace("\0", "") or msgid == "":
                messages[msgid] = msgstr
        entry, fuzzy = {}, False

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#,") and "fuzzy" in line:
            if "msgid" in entry:
                flush()
            fuzzy = True
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            if section is not None:
                entry[section].append(_unquote(line))
            continue
        keyword, _, rest = line.partition(" ")
        if keyword in {"msgctxt", "msgid"} and ("msgstr" in entry or any(k.startswith("msgstr[") for k in entry)):
            flush()
        section = keyword
        entry[section] = [_unquote(rest)]
    flush()
    return messages


def build_mo(messages: dict[str, str]) -> bytes:
    """The GNU .mo binary format, keys sorted, no hash table."""
    keys = sorted(messages)
    ids = [k.encode() for k in keys]
    strs = [messages[k].encode() for k in keys]
    count = len(keys)
    header_size = 7 * 4
    ids_table = header_size
    strs_table = ids_table + count * 8
    data_start = strs_table + count * 8
    id_offsets, str_offsets, blob = [], [], b""
    for item in ids:
        id_offsets.append((len(item), data_start + len(blob)))
        blob += item + b"\0"
    for item in strs:
        str_offsets.append((len(item), data_start + len(blob)))
        blob += item + b"\0"
    out = struct.pack("<7I", 0x950412DE, 0, count, ids_table, strs_table, 0, 0)
    for length, offset in id_offsets + str_offsets:
        out += struct.pack("<2I", length, offset)
    return out + blob


def compile_tree(root: Path) -> list[Path]:
    """Compile every .po under ``root`` next to itself. Returns the .mo files written."""
    written = []
    for po in sorted(root.rglob("*.po")):
        mo = po.with_suffix(".mo")
        mo.write_bytes(build_mo(parse_po(po.read_text(encoding="utf-8"))))
        written.append(mo)
    return written

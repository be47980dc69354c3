"""Bytes -> str: byte-order marks, UTF-16 without a BOM, legacy 8-bit encodings, binary files.

The order matters: a BOM is the strongest evidence, then the NUL-byte pattern of UTF-16/32 text,
then strict UTF-8 (which almost never decodes non-UTF-8 text by accident), and only then a
statistical guess by charset-normalizer.  Binary content (NUL bytes that are not UTF-16, known
file signatures, many control characters) is refused with the code "binary".
"""
from __future__ import annotations

import codecs
import re

from ..errors import InputError

# (signature, codec name as recorded in RawDocument.encoding, python codec used to decode)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)

# Signatures of common binary formats people drop into a folder of articles by mistake.
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (also .docx/.xlsx/.epub)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3", "an SQLite database"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ", "an xz archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"RIFF", "a media file"),
    (b"ID3", "an MP3 file"),
    (b"OggS", "an Ogg media file"),
    (b"\x00\x00\x00\x18ftyp", "an MP4 video"),
    (b"\x00\x00\x00\x20ftyp", "an MP4 video"),
)

# C0 control characters other than tab, newline, carriage return and form feed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")

# Encodings charset-normalizer may name for Western text; cp1252 is the superset we prefer
# (it is what Windows tools actually write, and it maps the curly quotes 0x91-0x94).
_WESTERN = {
    "cp1252", "windows-1252", "latin_1", "latin-1", "iso8859_1", "iso-8859-1", "iso8859_15",
    "iso-8859-15", "cp1250", "windows-1250", "mac_roman", "cp850", "cp437", "iso8859_2",
    "ascii", "cp1254", "iso8859_9", "iso8859_16", "iso8859_3", "iso8859_4", "iso8859_10",
    "iso8859_13", "iso8859_14", "cp1257", "mac_latin2", "mac_iceland", "mac_turkish",
}


def _binary(source: str, what: str) -> InputError:
    return InputError(
        source,
        f"this looks like {what}, not an article; newsprism reads text, HTML and JSON files "
        "(remove it from the inputs or convert it to text first)",
        code="binary",
    )


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when the NUL pattern says so (mostly-ASCII UTF-16 text)."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4096]
    even, odd = sample[0::2], sample[1::2]
    zeros_even = even.count(0) / len(even)
    zeros_odd = odd.count(0) / len(odd)
    if zeros_odd > 0.4 and zeros_even < 0.05:
        return "utf-16-le"
    if zeros_even > 0.4 and zeros_odd < 0.05:
        return "utf-16-be"
    return None


def _utf32_without_bom(data: bytes) -> str | None:
    if len(data) < 8 or len(data) % 4:
        return None
    sample = data[:4096]
    cols = [sample[i::4] for i in range(4)]
    zero = [c.count(0) / len(c) for c in cols]
    if zero[1] > 0.9 and zero[2] > 0.9 and zero[3] > 0.9 and zero[0] < 0.05:
        return "utf-32-le"
    if zero[0] > 0.9 and zero[1] > 0.9 and zero[2] > 0.9 and zero[3] < 0.05:
        return "utf-32-be"
    return None


def _check_text(text: str, source: str) -> str:
    if not text:
        return text
    controls = len(_CONTROL.findall(text[:20000]))
    if controls / min(len(text), 20000) > 0.02:
        raise _binary(source, "a binary file (it is full of control characters)")
    return text


def decode(data: bytes, source: str) -> tuple[str, str]:
    """Decode ``data``; returns (text, encoding name).  Raises InputError("binary"/"undecodable")."""
    for bom, name, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data[len(bom):].decode(codec), source), name
            except UnicodeDecodeError as exc:
                raise InputError(
                    source,
                    f"the file starts with a {name} byte-order mark but is not valid {name} "
                    f"({exc.reason} at byte {exc.start}); re-save it as UTF-8",
                    code="undecodable",
                ) from None
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise _binary(source, what)
    if data[257:262] == b"ustar":
        raise _binary(source, "a tar archive (extract it and pass the folder)")
    guess = _utf32_without_bom(data) or _utf16_without_bom(data)
    if guess:
        try:
            return _check_text(data.decode(guess), source), guess
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:65536]:
        raise _binary(source, "a binary file (it contains NUL bytes)")
    try:
        return _check_text(data.decode("utf-8"), source), "utf-8"
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return _check_text(mostly[0], source), mostly[1]
    text, name = _guess_legacy(data, source)
    return _check_text(text, source), name


def _cp1252_or_replace(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: a byte that is not UTF-8 is read as cp1252 when it is a printable
    cp1252 character (a paragraph pasted from a Windows file: "Z\xfcrich" -> "Zürich"), else
    U+FFFD.  0xFF ("ÿ") and the undefined cp1252 slots are replacements: they are almost always
    truncation damage, not text."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    b = exc.object[exc.start]
    if 0x80 <= b < 0xFF:
        try:
            ch = bytes([b]).decode("cp1252")
        except UnicodeDecodeError:
            ch = "\ufffd"
    else:
        ch = "\ufffd"
    return ch, exc.start + 1


codecs.register_error("newsprism-cp1252", _cp1252_or_replace)


def _mostly_utf8(data: bytes) -> tuple[str, str] | None:
    """UTF-8 text with a few bytes that are not UTF-8 (a paragraph pasted from a cp1252 file, a
    bad copy-paste or truncation): (text, encoding name), the cp1252 bytes read as cp1252 and the
    rest replaced by U+FFFD; None when the bytes are not UTF-8 at all (e.g. all cp1252)."""
    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd")
    good_multibyte = sum(1 for ch in replaced if ord(ch) > 127 and ch != "\ufffd")
    if not (good_multibyte >= 3 and bad <= max(2, len(replaced) // 500) and bad <= good_multibyte):
        return None
    text = data.decode("utf-8", errors="newsprism-cp1252")
    mixed = text.count("\ufffd") < bad
    return text, "utf-8 with cp1252 bytes" if mixed else "utf-8 (invalid bytes replaced)"


def _guess_legacy(data: bytes, source: str) -> tuple[str, str]:
    """Guess an 8-bit (or East-Asian multi-byte) encoding with charset-normalizer."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    name = (best.encoding if best is not None else "").lower()
    if not name or name in _WESTERN:
        # charset-normalizer hesitates between Western code pages on short texts; cp1252 decodes
        # what they decode and is what real files use.  latin-1 decodes every byte: last resort.
        for codec in ("cp1252", "latin-1"):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                continue
    try:
        return data.decode(name), name
    except (UnicodeDecodeError, LookupError):
        raise InputError(
            source,
            "the bytes are not valid UTF-8 and no other text encoding fits; "
            "re-save the file as UTF-8",
            code="undecodable",
        ) from None


# --- repairing mis-decoded text (issue 9) ----------------------------------------------------------
# ftfy is the maintained library for mojibake ("ZÃ¼rich" -> "Zürich", "â€œ" -> "\u201c"), including
# text where only some parts were decoded wrongly.  Only its encoding repairs are used: quotes,
# ligatures, widths, line breaks and HTML entities are left as the source wrote them, so the
# text keeps its exact characters wherever nothing was broken.
_REPAIR_SAMPLE_LIMIT = 20  # repairs recorded one by one; beyond that only counted


def _ftfy_config():
    from ftfy import TextFixerConfig

    return TextFixerConfig(unescape_html=False, remove_terminal_escapes=False, fix_latin_ligatures=False,
                           fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False,
                           remove_control_chars=False, normalization=None, explain=True)


def repair_text(text: str) -> tuple[str, list]:
    """``text`` with mis-decoded characters repaired, and a ``Repair`` per repaired word."""
    from ..model import Repair

    if not text or text.isascii():
        return text, []  # pure ASCII cannot hold mojibake
    import difflib

    import ftfy

    fixed, steps = ftfy.fix_and_explain(text, config=_ftfy_config())
    if fixed == text:
        return text, []
    how = "ftfy: " + (", ".join(f"{op} {arg}" for op, arg in steps) if steps else "repaired encoding")
    repairs: list[Repair] = []
    before_lines, after_lines = text.split("\n"), fixed.split("\n")
    if len(before_lines) == len(after_lines):  # ftfy repairs line by line: compare changed lines
        changed = 0
        for before, after in zip(before_lines, after_lines):
            if before == after:
                continue
            matcher = difflib.SequenceMatcher(None, before.split(), after.split(), autojunk=False)
            for tag, i1, i2, j1, j2 in matcher.get_opcodes():
                if tag == "equal":
                    continue
                changed += 1
                if changed <= _REPAIR_SAMPLE_LIMIT:
                    repairs.append(Repair(" ".join(before.split()[i1:i2]), " ".join(after.split()[j1:j2]), how))
        if changed > _REPAIR_SAMPLE_LIMIT:
            repairs.append(Repair("", "", f"{how} ({changed - _REPAIR_SAMPLE_LIMIT} more places)"))
    if not repairs:  # only whitespace changed
        repairs.append(Repair("", "", how))
    return fixed, repairs

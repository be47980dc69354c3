"""Pictures for the HTML report, as inline SVG: no script, no external asset, outlet names as text.

    matrix(analysis, digest)        who reports, disputes or is silent on each finding
    strip(analysis)                 when each outlet published (a dot per report on a date axis)
    side_bar(analysis, table=None)  how coverage splits by side (left / center / right), when known

Sides come from the input records (``Article.label``, e.g. a nested "left" record) or from an outlet
table the user supplies (``load_outlet_sides``); newsprism ships no ratings of its own.

SVG is written by hand: a few rectangles and text lines; a plotting library would add a large
dependency (and usually a script) for no gain.  Every piece of text is escaped.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from markupsafe import Markup

from ..errors import OptionsError
from ..lexicon import MONTHS
from ..model import StoryAnalysis
from . import common as c
from . import digest as dg

LABEL_W = 310  # the most room an outlet name gets on the left of a row (see _label_width)
CHAR_W = 7.2  # a generous average width of one 12 px character: labels are sized so none is cut
MAX_LABEL = 32  # characters of an outlet name in a picture (the full name is in the cell's tooltip)
ROW_H = 26
MAX_COLUMNS = 12
MAX_TABLE_BYTES = 2_000_000
MAX_TABLE_ROWS = 50_000

STATE_STYLE = {  # fill, text colour, symbol (never colour alone)
    "reports": ("#dff3e6", "#1b6e3a", "\u2713"),
    "disputes": ("#fde2de", "#b3261e", "\u2717"),
    "silent": ("#f1f3f6", "#8a93a3", "\u00b7"),
}

_MONTHS = tuple(m[:3] for m in MONTHS)  # "Jan" ... "Dec"
SIDES = ("left", "lean left", "center", "lean right", "right")
SIDE_COLOURS = {"left": "#2f6fd0", "lean left": "#8fb3ea", "center": "#9b8fc4",
                "lean right": "#eda19a", "right": "#c9362c"}
_SIDE_ALIASES = {"centre": "center", "centrist": "center", "middle": "center", "neutral": "center",
                 "left-center": "lean left", "center-left": "lean left", "centre-left": "lean left",
                 "lean-left": "lean left", "leans left": "lean left",
                 "right-center": "lean right", "center-right": "lean right", "centre-right": "lean right",
                 "lean-right": "lean right", "leans right": "lean right"}


def _svg(width: int, height: int, title: str, desc: str, body: list[Markup], ident: str) -> Markup:
    return Markup(
        '<svg class="pic" id="{i}" role="img" viewBox="0 0 {w} {h}" '
        'width="{w}" height="{h}" aria-labelledby="{i}-t {i}-d">'
        '<title id="{i}-t">{t}</title><desc id="{i}-d">{d}</desc>{b}</svg>').format(
        i=ident, w=width, h=height, t=title, d=desc, b=Markup("").join(body))


def _text(x: float, y: float, s: str, *, size: int = 12, anchor: str = "start", fill: str = "#1d2330",
          weight: str = "normal", cls: str = "", halo: bool = False) -> Markup:
    """A line of text; ``halo``: a white outline under it, so lines it crosses never run through it."""
    extra = Markup(' class="{}"').format(cls) if cls else Markup("")
    if halo:
        extra += Markup(' stroke="#fff" stroke-width="4" stroke-linejoin="round" paint-order="stroke"')
    return Markup('<text x="{}" y="{}" font-size="{}" text-anchor="{}" fill="{}" font-weight="{}"{}>{}</text>').format(
        round(x, 1), round(y, 1), size, anchor, fill, weight, extra, s)


def _label_width(labels: list[str], least: int = 110) -> int:
    """Room on the left for the longest of ``labels`` (right-aligned text must not run off the edge)."""
    return int(max(least, min(LABEL_W, CHAR_W * max((len(x) for x in labels), default=0) + 16)))


def _outlet_rows(analysis: StoryAnalysis) -> list[tuple[str, list[str]]]:
    """(outlet, its article ids) in report order; copies keep their own row, marked as copies."""
    rows: dict[str, list[str]] = {}
    for a in analysis.articles:
        rows.setdefault(a.outlet, []).append(a.id)
    return list(rows.items())


# --- who reports what ---------------------------------------------------------------------------


@dataclass
class Column:
    label: str
    anchor: str
    states: dict[str, tuple[str, str]]  # outlet -> (state, what it says)


def columns(analysis: StoryAnalysis, digest: dg.Digest) -> list[Column]:
    by_id = {a.id: a for a in analysis.articles}
    cols: list[Column] = []
    for d in digest.disputes:
        states: dict[str, tuple[str, str]] = {}
        # an outlet on another side disputes, even when it also writes the leading value
        order = sorted(range(len(d.sides)), key=lambda k: k == d.leading)
        for k in order:
            value, src, _ = d.sides[k]
            state = "reports" if k == d.leading else "disputes"
            for aid in src.articles:
                states.setdefault(by_id[aid].outlet, (state, c.clip(value, 60)))
        values = " vs ".join(c.clip(v, 30) for v, _, _ in d.sides)  # two disputes about one name differ here
        cols.append(Column(f"Disputed: {d.about} \u2014 {values}", d.anchor, states))
    shown = {id(a): digest.summary[i].text for i, a in digest.agreed_in_summary.items()}  # as the page words it
    for anchor, a in digest.agreed():
        states = {by_id[x].outlet: ("reports", "reports it") for x in a.articles if x in by_id}
        cols.append(Column(f"Agreed: {c.clip(shown.get(id(a), a.text), 90)}", anchor, states))
    return cols[:MAX_COLUMNS]


def matrix(analysis: StoryAnalysis, digest: dg.Digest, *, stacked: bool = False) -> tuple[Markup, list[Column]]:
    """The outlet-by-finding matrix and its columns (the page lists the column labels as text).

    ``stacked``: each outlet's name above its row of cells instead of on its left, so that the
    picture fits a phone at full size (the page shows one or the other by screen width)."""
    cols = columns(analysis, digest)
    rows = _outlet_rows(analysis)
    if not cols or not rows:
        return Markup(""), cols
    copies = {a.outlet for a in analysis.articles if a.duplicate_of} - {a.outlet for a in analysis.articles
                                                                         if not a.duplicate_of}
    names = [c.clip(o, MAX_LABEL) + (" (copy)" if o in copies else "") for o, _ in rows]
    cell = 28 if stacked else 30
    x0 = 0 if stacked else _label_width(names)  # where the cells start
    name_h = 16 if stacked else 0  # the line a stacked name takes above its cells
    row_h = ROW_H + name_h
    top = 30
    width = x0 + cell * len(cols) + 10
    if stacked:
        width = max(width, _label_width(names, least=0), 3 * 95)
    height = top + row_h * len(rows) + 30
    body: list[Markup] = []
    for j, col in enumerate(cols, start=1):
        x = x0 + cell * (j - 1) + cell / 2
        body.append(Markup('<g><title>{} {}</title>{}</g>').format(j, col.label, _text(x, top - 10, str(j), size=12,
                                                                                      anchor="middle", weight="bold")))
    for i, (outlet, _) in enumerate(rows):
        y = top + row_h * i + name_h  # the top of the row's cells
        if stacked:
            body.append(_text(2, y - 4, names[i], cls="outlet"))
        else:
            body.append(_text(x0 - 8, y + ROW_H / 2 + 4, names[i], anchor="end", cls="outlet"))
        for j, col in enumerate(cols):
            state, what = col.states.get(outlet, ("silent", "says nothing about it"))
            fill, ink, sym = STATE_STYLE[state]
            x = x0 + cell * j
            tip = f"{outlet} {state}: {what}" if state != "silent" else f"{outlet} is silent"
            body.append(Markup('<g class="cell {}"><title>{} — {}</title>'
                               '<rect x="{}" y="{}" width="{}" height="{}" rx="4" fill="{}" stroke="#fff"/>{}</g>').format(
                state, tip, col.label, x + 1, y + 1, cell - 2, ROW_H - 2, fill,
                _text(x + cell / 2, y + ROW_H / 2 + 5, sym, size=14, anchor="middle", fill=ink, weight="bold")))
    # legend
    y = top + row_h * len(rows) + 20
    x = 0.0
    for state in ("reports", "disputes", "silent"):
        fill, ink, sym = STATE_STYLE[state]
        body.append(Markup('<rect x="{}" y="{}" width="16" height="16" rx="3" fill="{}"/>').format(x, y - 12, fill))
        body.append(_text(x + 8, y + 1, sym, size=12, anchor="middle", fill=ink, weight="bold"))
        body.append(_text(x + 22, y, state, size=12))
        x += 95
    title = "Who reports what: outlets by finding"
    desc = "; ".join(
        f"{j}. {col.label}: " + ", ".join(f"{o} {col.states.get(o, ('silent',))[0]}" for o, _ in rows)
        for j, col in enumerate(cols, start=1))
    return _svg(int(width), int(height), title, desc, body, "pic-matrix" + ("-narrow" if stacked else "")), cols


# --- when each outlet published -----------------------------------------------------------------


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat((value or "")[:10])
    except ValueError:
        return None


def strip(analysis: StoryAnalysis, *, stacked: bool = False) -> Markup:
    """A publication strip: one row per report, a dot at its date; undated reports at the right.
    ``stacked``: each name above its row (fits a phone at full size), as in ``matrix``."""
    arts = analysis.articles
    days = [_day(a.published) for a in arts]
    known = sorted({d for d in days if d})
    if not arts:
        return Markup("")
    nums = c.numbers(analysis)
    names = [f"[{nums[a.id]}] {c.clip(a.outlet, MAX_LABEL)}" for a in arts]
    label_w = 0 if stacked else _label_width(names)  # where the axis starts
    name_h = 14 if stacked else 0
    row_h = ROW_H + name_h
    axis_w = 250
    nodate_w = 80
    width = label_w + axis_w + nodate_w + 10
    if stacked:
        width = max(width, _label_width(names, least=0))
    top = 12
    height = top + row_h * len(arts) + 34 + (16 if stacked else 0)
    lo, hi = (known[0], known[-1]) if known else (None, None)
    span = max(1, (hi - lo).days) if known else 1

    def xpos(d: date) -> float:
        if lo == hi:
            return label_w + axis_w / 2
        return label_w + 34 + (axis_w - 68) * (d - lo).days / span

    one_year = len({d.year for d in known}) == 1

    def tick(d: date) -> str:  # "Mar 13" within one year (the year is in the title), else ISO
        return f"{_MONTHS[d.month - 1]} {d.day}" if one_year else d.isoformat()

    body: list[Markup] = []
    base = top + row_h * len(arts)
    ticks = known if len(known) <= 5 else [known[0], known[len(known) // 2], known[-1]]
    last = -1e9
    for d in ticks:
        x = xpos(d)
        body.append(Markup('<line x1="{x}" y1="{t}" x2="{x}" y2="{b}" stroke="#dde1e8"/>').format(
            x=round(x, 1), t=top, b=base))
        if x - last >= 48:  # labels never overlap; each dot also names its date in its title
            body.append(_text(x, base + 16, tick(d), size=12, anchor="middle", fill="#5b6474"))
            last = x
    nx = label_w + axis_w + nodate_w / 2
    if known and one_year and not stacked:
        body.append(_text(label_w - 8, base + 16, str(known[0].year), size=12, anchor="end", fill="#5b6474"))
    elif known and one_year:  # stacked: no room on the left; the year goes on a line below the dates
        body.append(_text(2, base + 32, str(known[0].year), size=12, fill="#5b6474"))
    body.append(_text(nx, base + 16, "no date", size=12, anchor="middle", fill="#5b6474"))
    for i, (a, d) in enumerate(zip(arts, days)):
        y = top + row_h * i + name_h + ROW_H / 2
        if stacked:
            body.append(_text(2, y - ROW_H / 2 + 1, names[i], cls="outlet", halo=True))
        else:
            body.append(_text(label_w - 8, y + 4, names[i], anchor="end", cls="outlet"))
        body.append(Markup('<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="#eef0f4"/>').format(
            label_w, label_w + axis_w, y=round(y, 1)))
        x = xpos(d) if d else nx
        copy = " (a copy)" if a.duplicate_of else ""
        tip = f"{a.outlet}{copy}: {'published ' + d.isoformat() if d else 'no publication date'}"
        fill = "#fff" if (a.duplicate_of or not d) else "#1f5fbf"
        body.append(Markup('<g><title>{}</title><circle cx="{}" cy="{}" r="6" fill="{}" stroke="#1f5fbf" '
                           'stroke-width="2"/></g>').format(tip, round(x, 1), round(y, 1), fill))
    desc = "; ".join(f"{a.outlet}: {a.published or 'no date'}" for a in arts)
    title = "When each outlet published" + (f" ({known[0].year})" if known and one_year else "")
    return _svg(int(width), int(height), title, desc, body, "pic-strip" + ("-narrow" if stacked else ""))


# --- sides --------------------------------------------------------------------------------------


def normalise_side(value: str | None) -> str | None:
    v = " ".join(str(value or "").lower().replace("_", " ").split())
    v = _SIDE_ALIASES.get(v, v)
    return v if v in SIDES else None


def load_outlet_sides(path: str | Path) -> dict[str, str]:
    """An outlet table the user supplies: CSV (columns outlet, side) or JSON ({"outlet": "side"} or
    a list of {"outlet": ..., "side": ...}).  Sides: left, lean left, center, lean right, right."""
    p = Path(path)
    try:
        if p.stat().st_size > MAX_TABLE_BYTES:
            raise OptionsError(f"the outlet table {p} is larger than {MAX_TABLE_BYTES} bytes; give a smaller file")
        raw = p.read_text(encoding="utf-8-sig")
    except OSError as e:
        raise OptionsError(f"cannot read the outlet table {p}: {e.strerror or e}") from None
    except UnicodeDecodeError:
        raise OptionsError(f"the outlet table {p} is not UTF-8 text; save it as UTF-8 CSV or JSON") from None
    pairs: list[tuple[str, str]] = []
    if p.suffix.lower() == ".json":
        try:
            doc = json.loads(raw)
        except ValueError as e:
            raise OptionsError(f"the outlet table {p} is not valid JSON ({e})") from None
        if isinstance(doc, dict):
            pairs = [(str(k), str(v)) for k, v in doc.items()]
        elif isinstance(doc, list):
            pairs = [(str(r.get("outlet", "")), str(r.get("side", ""))) for r in doc if isinstance(r, dict)]
        else:
            raise OptionsError(f'the outlet table {p} must be {{"outlet": "side"}} or a list of '
                               f'{{"outlet": ..., "side": ...}}')
    else:
        rows = list(csv.reader(io.StringIO(raw)))
        if rows and [x.strip().lower() for x in rows[0][:2]] == ["outlet", "side"]:
            rows = rows[1:]
        pairs = [(r[0], r[1]) for r in rows if len(r) >= 2]
    if len(pairs) > MAX_TABLE_ROWS:
        raise OptionsError(f"the outlet table {p} has more than {MAX_TABLE_ROWS} rows")
    table, bad = {}, []
    for outlet, side in pairs:
        s = normalise_side(side)
        if outlet.strip() and s:
            table[outlet.strip().lower()] = s
        elif outlet.strip():
            bad.append(side)
    if not table:
        raise OptionsError(f"the outlet table {p} names no outlet with a side (one of: {', '.join(SIDES)})"
                           + (f"; unknown sides such as {bad[0]!r}" if bad else ""))
    return table


def sides_of(analysis: StoryAnalysis, table: dict[str, str] | None = None) -> dict[str, tuple[str, str]]:
    """Article id -> (side, where it came from) for each independent report whose side is known."""
    out = {}
    for a in analysis.articles:
        if a.duplicate_of:
            continue
        s = normalise_side(getattr(a, "label", None))
        if s:
            out[a.id] = (s, "input record")
        elif table and a.outlet.strip().lower() in table:
            out[a.id] = (table[a.outlet.strip().lower()], "outlet table")
    return out


def side_bar(analysis: StoryAnalysis, table: dict[str, str] | None = None) -> tuple[Markup, list]:
    """A left/center/right bar of the independent reports whose side is known, and per side the
    outlets (the page lists them as text).  Empty when no side is known."""
    known = sides_of(analysis, table)
    if not known:
        return Markup(""), []
    by_id = {a.id: a for a in analysis.articles}
    groups = [(s, sorted({by_id[a].outlet for a, (x, _) in known.items() if x == s})) for s in SIDES]
    counts = [(s, sum(1 for x, _ in known.values() if x == s)) for s in SIDES]
    total = sum(n for _, n in counts)
    width, bar_w, height = 340, 320, 64  # fits a phone at full size
    body: list[Markup] = []
    x = 10.0
    for (s, n), (_, outlets) in zip(counts, groups):
        if not n:
            continue
        w = bar_w * n / total
        body.append(Markup('<g><title>{}: {} report{} ({})</title><rect x="{}" y="8" width="{}" height="26" '
                           'fill="{}" stroke="#fff"/></g>').format(
            s, n, "" if n == 1 else "s", ", ".join(outlets), round(x, 1), round(w, 1), SIDE_COLOURS[s]))
        label = f"{s} {n}" if w > 7 * len(f"{s} {n}") + 8 else str(n)
        body.append(_text(x + w / 2, 26, label, size=12, anchor="middle",
                          fill="#fff" if s in ("left", "right") else "#1d2330", weight="bold"))
        x += w
    unknown = len([a for a in analysis.articles if not a.duplicate_of]) - total
    note = f"{total} report{'s' if total != 1 else ''} with a known side" + (
        f"; {unknown} without" if unknown else "")
    body.append(_text(10, 54, note, size=12, fill="#5b6474"))
    desc = "; ".join(f"{s}: {n} ({', '.join(o)})" for (s, n), (_, o) in zip(counts, groups) if n)
    return _svg(width, height, "Coverage by side", desc, body, "pic-sides"), [g for g in groups if g[1]]

"""The story report as ONE self-contained HTML page: the report beside the source texts.

Safety: every piece of source text is escaped (Jinja2 autoescape; highlighted article text is built
by slicing the text at evidence offsets and escaping each slice).  The page also sets a strict
Content-Security-Policy: nothing external loads, and only the page's own inline script (allowed by
its SHA-256 hash) runs, so even an escaping mistake could not run injected code or reach the network.
No timestamps or random values: the same analysis renders to the same bytes.
"""
from __future__ import annotations

import base64
import hashlib
from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from .. import __version__
from ..model import Evidence, StoryAnalysis, Summary
from . import common as c
from . import digest, pictures

# The page's only script: click a citation / contradiction -> highlight and scroll to its evidence.
# Written by hand (a few lines; a framework would be an external asset).
SCRIPT = """
(function () {
  var back = document.getElementById('back'), next = document.getElementById('next');
  var status = document.getElementById('status'), from = null, stops = [], values = [], at = 0;
  function label(m) { var art = m.closest('article'); return art ? art.dataset.label : 'the sources'; }
  function go(i) {
    if (!stops.length) { return; }
    at = i % stops.length;
    var m = stops[at], art = m.closest('article');
    if (art && art.tagName === 'ARTICLE' && art.open === false) { art.open = true; }
    m.scrollIntoView({block: 'center', behavior: 'auto'});
    document.querySelectorAll('mark.current').forEach(function (x) { x.classList.remove('current'); });
    m.classList.add('current');
    if (status) {
      status.textContent = stops.length > 1
        ? 'Side ' + (at + 1) + ' of ' + stops.length + (values[at] ? ' (' + values[at] + ')' : '') +
          ': evidence in ' + label(m)
        : 'Showing evidence in ' + label(m);
    }
    if (next) { next.hidden = stops.length < 2; }
  }
  function first(keys) {
    var hit = null;
    keys.split(' ').forEach(function (k) {
      if (k && !hit) { hit = document.querySelector('mark[data-k~="' + k + '"]'); }
    });
    return hit;
  }
  function show(keys, el) {
    from = el;
    document.querySelectorAll('mark.active').forEach(function (m) { m.classList.remove('active', 'current'); });
    document.querySelectorAll('.picked, article.involved').forEach(function (m) { m.classList.remove('picked', 'involved'); });
    if (el) { el.classList.add('picked'); }
    stops = [];
    var seen = [];
    keys.split(' ').forEach(function (k) {
      if (!k) { return; }
      document.querySelectorAll('mark[data-k~="' + k + '"]').forEach(function (m) {
        m.classList.add('active');
        var art = m.closest('article');
        if (art) { art.classList.add('involved'); }
        if (seen.indexOf(art) < 0) { seen.push(art); stops.push(m); }
      });
    });
    var sides = el && el.getAttribute('data-sides');
    values = [];
    if (sides) {  // one stop per side of a contradiction, in the order the card lists them
      var vals = (el.getAttribute('data-values') || '').split('|');
      stops = [];
      sides.split('|').forEach(function (g, i) {
        var m = first(g);
        if (m) { stops.push(m); values.push(vals[i] || ''); }
      });
    }
    if (stops.length) {
      go(0);
      if (back) { back.hidden = false; }
    }
  }
  if (next) { next.addEventListener('click', function () { go(at + 1); }); }
  if (back) {
    back.addEventListener('click', function () {
      back.hidden = true;
      if (next) { next.hidden = true; }
      if (from) { from.scrollIntoView({block: 'center', behavior: 'auto'}); from.focus(); }
    });
  }
  document.addEventListener('click', function (ev) {
    var el = ev.target.closest('[data-ev]');
    if (!el) { return; }
    ev.preventDefault();
    show(el.getAttribute('data-ev'), el);
  });
})();
""".strip()

CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src '{hash}'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


def script_hash(script: str = SCRIPT) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(loader=PackageLoader("newsprism", "report/templates"),
                      autoescape=select_autoescape(["html", "j2"], default=True),
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["cite"] = c.cite
    env.filters["clip"] = c.clip
    return env


class _Refs:
    """Evidence keys per item, and the highlighted article texts built from them."""

    def __init__(self, analysis: StoryAnalysis) -> None:
        self.analysis = analysis
        self.nums = c.numbers(analysis)
        self.index = c.EvidenceIndex()

    def keys(self, evidence: list[Evidence], kind: str) -> str:
        return " ".join(dict.fromkeys(self.index.keys_for(evidence, kind)))

    def cites(self, evidence: list[Evidence], kind: str, article_ids=()) -> list[dict]:
        """One link per cited article: its number and the evidence keys inside that article."""
        by_num: dict[int, list[Evidence]] = {}
        for e in evidence:
            if e.article in self.nums:
                by_num.setdefault(self.nums[e.article], []).append(e)
        for a in article_ids:
            if a in self.nums:
                by_num.setdefault(self.nums[a], [])
        return [{"n": n, "ev": self.keys(ev, kind)} for n, ev in sorted(by_num.items())]

    def cites_nums(self, evidence: list[Evidence], nums: list[int], kind: str) -> list[dict]:
        ids = [a.id for a in self.analysis.articles]
        return self.cites(evidence, kind, [ids[n - 1] for n in nums if 0 < n <= len(ids)])

    def context(self, e: Evidence, kind: str) -> Markup:
        before, mid, after = c.context(self.analysis, e)
        return Markup('{}<a href="#" class="q" data-ev="{}">{}</a>{}').format(
            before, self.keys([e], kind), mid, after)

    def highlighted(self, article_id: str, text: str) -> Markup:
        """The article text, escaped piece by piece, with <mark> around every referenced span."""
        spans = self.index.spans(article_id)
        cuts = sorted({0, len(text), *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
        out, seen = [], set()
        for lo, hi in zip(cuts, cuts[1:]):
            piece = escape(text[lo:hi])
            active = [(k, kinds) for s, e, k, kinds in spans if s <= lo and hi <= e and s < e]
            if not active:
                out.append(piece)
                continue
            keys = " ".join(k for k, _ in active)
            kinds = sorted(set().union(*(kd for _, kd in active)))
            first = [k for k, _ in active if k not in seen]
            seen.update(first)
            ident = Markup(' id="m-{}"').format(first[0]) if first else ""
            out.append(Markup('<mark class="{}" data-k="{}"{}>{}</mark>').format(
                " ".join(kinds), keys, ident, piece))
        return Markup("").join(out)


def render_html(analysis: StoryAnalysis, summary: Summary, *, nav_html: str | None = None,
                outlet_sides: dict[str, str] | None = None) -> str:
    """One self-contained page.  ``nav_html`` is trusted markup (the web layer's navigation);
    ``outlet_sides`` an outlet table (lower-case outlet -> side, see ``pictures.load_outlet_sides``)."""
    analysis = digest.for_display(analysis)  # an unknown outlet reads "unknown (file name)"
    refs = _Refs(analysis)
    dg = digest.build(analysis, summary)
    anchors = {id(a): k for k, a in dg.agreed()}

    def src(article_ids) -> dict:
        s = digest.sources(analysis, article_ids)
        return {"phrase": s.phrase(), "label": s.label(), "n": s.count}

    summary_rows = []
    for i, s in enumerate(dg.summary):
        kind = "contested" if s.contested else "cited"
        agreed = dg.agreed_in_summary.get(i)
        summary_rows.append({"s": s, "cites": refs.cites_nums(s.evidence, s.citations, kind),
                             "ev": refs.keys(s.evidence + (agreed.evidence if agreed else []), kind),
                             "anchor": anchors.get(id(agreed)) if agreed else None,
                             "src": digest.summary_sources(analysis, s, agreed) if agreed else None})
    agreements = [{"a": a, "cites": refs.cites(a.evidence, "agreed", a.articles), "anchor": anchors[id(a)],
                   "disputed": dg.disputed(a.evidence),
                   "ev": refs.keys(a.evidence, "agreed"), "src": src(a.articles)} for a in dg.agreements]

    def sides(items):
        out = []
        for s in items:
            contexts = []
            for e, also in digest.unique_evidence(analysis, s.evidence)[:3]:
                contexts.append({"ctx": refs.context(e, "contested"),
                                 "also": c.cite_ids(analysis, also) if also else ""})
            out.append({"side": s, "src": src(s.articles), "cites": refs.cites(s.evidence, "contested", s.articles),
                        "contexts": contexts})
        return out

    contradictions = [{"x": x, "sides": sides(x.sides), "anchor": f"x{i}",
                       "ev": refs.keys([e for s in x.sides for e in s.evidence], "contested"),
                       "by_side": "|".join(refs.keys(s.evidence, "contested") for s in x.sides),
                       "side_values": "|".join(c.clip(str(s.value), 40).replace("|", "/") for s in x.sides)}
                      for i, x in enumerate(analysis.contradictions, start=1)]
    differences = [{"x": d, "label": c.DIFFERENCE_LABELS.get(d.kind, f"not a contradiction: {d.kind}"),
                    "sides": sides(d.sides), "ev": refs.keys([e for s in d.sides for e in s.evidence], "other")}
                   for d in analysis.differences]
    spellings = [{"s": s, "cites": refs.cites(s.evidence, "contested", [s.article]), "anchor": f"s{i}",
                  "ev": refs.keys(s.evidence, "contested")} for i, s in enumerate(dg.spellings, start=1)]
    developments = [{"d": d, "steps": [{"st": st, "cites": refs.cites(st.evidence, "other", st.articles),
                                        "src": src(st.articles)}
                                       for st in d.steps]} for d in analysis.developments]
    reworded = [{"q": q, "variants": [{"v": v, "cites": refs.cites(v.evidence, "quote", v.articles),
                                       "src": src(v.articles)}
                                      for v in q.variants]} for q in dg.reworded]
    exclusives = [(outlet, [{"x": x, "cites": refs.cites(x.evidence, "exclusive", [x.article])} for x in xs])
                  for outlet, xs in c.exclusives_by_outlet(analysis)]
    timeline = [{"t": t, "cites": refs.cites(t.evidence, "other", t.articles), "src": src(t.articles),
                 "how": "" if not digest.shows_reason(t) else digest.plain_reason(t.how, t.text, getattr(t, "expression", None)),
                 "differ": "; ".join(digest.accounts_differ(analysis, t))}
                for t in c.timeline_sorted(analysis)]
    quotes = [(speaker, [{"q": q, "src": src([a for v in q.variants for a in v.articles]),
                          "cites": refs.cites([e for v in q.variants for e in v.evidence], "quote",
                                              [a for v in q.variants for a in v.articles])}
                         for q in qs]) for speaker, qs in c.quotes_by_speaker(analysis)]
    key_happened = [{"h": h, "cites": refs.cites(h.evidence, "cited", h.sources.articles)} for h in dg.happened]
    key_disputes = [{"d": d, "ev": refs.keys(d.evidence, "contested"),
                     "sides": [{"value": c.clip(v, 90), "src": s.phrase()} for v, s, _ in d.sides]}
                    for d in dg.disputes]
    key_only = [{"outlet": o, "x": x, "cites": refs.cites(x.evidence, "exclusive", [x.article])}
                for o, x in dg.only_one]
    matrix_svg, matrix_cols = pictures.matrix(analysis, dg)
    matrix_narrow, _ = pictures.matrix(analysis, dg, stacked=True)  # a phone's: names above the rows
    sides_svg, side_groups = pictures.side_bar(analysis, outlet_sides)
    coverage = []
    for cv in c.coverage(analysis, summary):
        coverage.append({"cv": cv, "only": sum(1 for x in analysis.exclusives if x.article == cv.article.id),
                         "dup": refs.nums.get(cv.article.duplicate_of) if cv.article.duplicate_of else None})
    # articles last: every key above is registered before the texts are highlighted
    articles = [{"n": n, "a": a, "body": refs.highlighted(a.id, a.text),
                 "url": a.url if a.url and a.url.lower().startswith(("http://", "https://")) else None,
                 "dup": refs.nums.get(a.duplicate_of) if a.duplicate_of else None}
                for n, a in enumerate(analysis.articles, start=1)]
    titles = dict(c.SECTIONS)
    nav = [("key", "Key points"), ("pictures", "At a glance"), ("summary", "What happened"),
           ("agree", "Agreed"), ("differ", "Differ"), ("exclusive", "Only one outlet"),
           ("timeline", "Timeline"), ("quotes", "Quotes"), ("coverage", "Coverage"),
           ("removed", "Removed"), ("sources", "Sources")]
    page = _env().get_template("report.html.j2").render(
        csp=CSP.format(hash=script_hash()), script=Markup(SCRIPT), nav_html=Markup(nav_html) if nav_html else None,
        analysis=analysis, summary=summary, title=dg.title, one_report=dg.one_report,
        one_report_warning=digest.ONE_REPORT_WARNING, summary_rows=summary_rows, agreements=agreements,
        n_agreed_in_summary=len(dg.agreed_in_summary),
        contradictions=contradictions, differences=differences, spellings=spellings,
        developments=developments, reworded=reworded, exclusives=exclusives, timeline=timeline,
        quotes=quotes, coverage=coverage, removals=c.removals(analysis),
        key_happened=key_happened, key_disputes=key_disputes, key_only=key_only,
        matrix_svg=matrix_svg, matrix_cols=matrix_cols, strip_svg=pictures.strip(analysis),
        matrix_narrow=matrix_narrow, strip_narrow=pictures.strip(analysis, stacked=True),
        sides_svg=sides_svg, side_groups=side_groups, nav=nav,
        articles=articles, titles=titles, generator=f"newsprism {__version__}",
        outlets=len({a.outlet for a in analysis.articles}),
    )
    return page

"""Entities resolved across the articles of one story, with aliases and suspect spellings.

Input: the NER mentions of every AnnotatedArticle.  Small NER models mislabel names often
("Magnus" tagged a place, an agency split in two, "Mr Magnus" tagged without its honorific), so
labels are treated as votes, not truth:

1. Mentions are tidied (leading "the", possessive endings, leading lower-case words dropped;
   adjacent ORG fragments joined by "and"/"of" merged back: "US Customs" + "Border Protection").
2. Every tidied form becomes a story gazetteer entry, and each article text is scanned again for
   all of them (longest first), so forms the tagger missed in one sentence are still found, with
   their honorific ("Mr Magnus") when there is one.
3. Forms are clustered: a surname joins the single full person name ending in it; an acronym joins
   the organisation whose capitalised words it abbreviates ("CBP" <-> "Customs and Border
   Protection", also with a "U.S." prefix); dotted and undotted forms are the same ("U.S." = "US").
4. Suspect spellings: a form that only one outlet uses, near-identical in spelling or sound to a
   person's name that two or more independent outlets attest, and used in the same role (same
   first name or title, the well-attested form in the same article, shared context words), is
   attached to that person as a likely error of that outlet, never made an entity of its own.
   Below near-identical spelling the consonant skeletons must match too (a shared first letter
   is not enough), and "Rhode's" for "Rhodes'" (a misplaced apostrophe) is no misspelling.

Hand-written because no library does cross-document alias clustering on top of spaCy's NER;
string similarity comes from rapidfuzz.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from rapidfuzz.distance import JaroWinkler

from .. import lexicon
from ..model import AnnotatedArticle, Article, Entity, Evidence, SuspectSpelling
from ..options import Options
from ..disjoint import DisjointSet

__all__ = ["EntityIndex", "resolve_entities", "name_key", "acronyms", "canonical_name", "persons_in",
           "same_first_name"]

KEEP_LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "GPE", "FAC": "GPE"}
HONORIFICS = tuple(sorted((h.capitalize() for h in lexicon.HONORIFICS), key=lambda h: (-len(h), h)))
_HONORIFIC_RE = re.compile(r"(?:\b(?:%s)\.?\s+)$" % "|".join(HONORIFICS))
_LEADING_HONORIFIC_RE = re.compile(r"^(?:(?:%s)\.?\s+)+" % "|".join(HONORIFICS))
_POSSESSIVE_RE = re.compile(r"(?:['\u2019]s?)$")
_CONNECTORS = {"and", "of", "for", "the", "on", "de", "la", "del", "van", "von", "&"}
# Words that are common in running text near a name and say nothing about its role.
_STOP = lexicon.STOP_WORDS | {  # and the reporting words: too common to show a shared role
    "him", "them", "but", "not", "after", "before", "then", "would", "will", "could", "about",
    "into", "over", "up", "say", "according",
}
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).replace("\u2019", "'").replace("\u2018", "'")
    return s


def name_key(form: str) -> str:
    """The lookup key of a name: case, dots, possessives, honorifics, "the" and "US" ignored."""
    s = _fold(form).strip()
    s = _LEADING_HONORIFIC_RE.sub("", s)
    s = re.sub(r"^(?:the|The)\s+", "", s)
    s = _POSSESSIVE_RE.sub("", s)
    s = s.replace(".", "").lower()
    s = re.sub(r"[\s\u00a0]+", " ", s).strip(" ,;:-")
    return s


def _org_key(key: str) -> str:
    """Organisation keys drop a leading country prefix: "us customs ..." == "customs ..."."""
    return re.sub(r"^(?:us|u s|united states)\s+", "", key)


def acronyms(form: str) -> set[str]:
    """Acronyms of a multi-word name, from its capitalised words ("U.S. Customs and Border
    Protection" -> {"USCBP", "CBP"}).  Needs two capitalised words after a country prefix."""
    words = [w.replace(".", "") for w in re.split(r"[\s\-]+", _fold(form).strip()) if w]
    caps = [w for w in words if w and w.lower() not in _CONNECTORS and w[:1].isupper()]
    prefix = ""
    if caps and caps[0] in ("US", "UK", "UN", "EU"):
        prefix, caps = caps[0], caps[1:]
    elif len(caps) >= 2 and caps[0] == "United" and caps[1] in ("States", "Kingdom", "Nations"):
        prefix, caps = "U" + caps[1][0], caps[2:]
    if len(caps) < 2:
        return set()
    core = "".join(w[0].upper() for w in caps)
    return {core, prefix + core} if prefix else {core}


def _skeleton(word: str) -> str:
    """A consonant skeleton for sound-alike comparison (autocorrect slips keep the shape):
    c/q -> k, z -> s, vowels and y/w/h after the first letter dropped, doubles collapsed."""
    w = word.lower()
    w = w.replace("ph", "f").replace("ck", "k")
    w = w.translate(str.maketrans({"c": "k", "q": "k", "z": "s"}))
    out = w[:1]
    for ch in w[1:]:
        if ch in "aeiouyhw" or not ch.isalpha():
            continue
        if out and out[-1] == ch:
            continue
        out += ch
    return out


def spelling_similarity(a: str, b: str) -> tuple[float, float]:
    """(strong, loose) similarity in 0..100 of two single-word names."""
    a, b = a.lower(), b.lower()
    strong = max(fuzz.ratio(a, b), 100 * JaroWinkler.similarity(a, b) - 5)
    loose = max(fuzz.ratio(_skeleton(a), _skeleton(b)), 100 * JaroWinkler.similarity(a, b))
    return strong, loose


# Common English nicknames and short forms of first names (both directions).  Hand-written: a
# short, closed list; no offline library maps "Jim" to "James".
_NICKNAMES = {
    "james": {"jim", "jimmy", "jamie"}, "robert": {"bob", "bobby", "rob", "robbie", "bert"},
    "william": {"bill", "billy", "will", "willie"}, "michael": {"mike", "mick", "mickey"},
    "joseph": {"joe", "joey"}, "thomas": {"tom", "tommy"}, "richard": {"dick", "rick", "rich"},
    "christopher": {"chris"}, "daniel": {"dan", "danny"}, "david": {"dave"},
    "edward": {"ed", "ted", "eddie", "ned"}, "patrick": {"pat"}, "anthony": {"tony"},
    "elizabeth": {"liz", "beth", "betsy", "betty", "eliza"}, "katherine": {"kate", "katie", "kathy"},
    "catherine": {"kate", "cathy"}, "margaret": {"maggie", "peggy", "meg"}, "jennifer": {"jen", "jenny"},
    "charles": {"charlie", "chuck"}, "john": {"jack", "johnny"}, "benjamin": {"ben"},
    "samuel": {"sam"}, "matthew": {"matt"}, "andrew": {"andy", "drew"}, "alexander": {"alex"},
    "nicholas": {"nick"}, "stephen": {"steve"}, "steven": {"steve"}, "gregory": {"greg"},
    "kenneth": {"ken"}, "ronald": {"ron"}, "donald": {"don"}, "gerald": {"jerry"},
    "lawrence": {"larry"}, "timothy": {"tim"}, "jeffrey": {"jeff"}, "frederick": {"fred"},
    "peter": {"pete"}, "philip": {"phil"}, "phillip": {"phil"}, "raymond": {"ray"},
    "susan": {"sue"}, "deborah": {"deb", "debbie"}, "rebecca": {"becky"}, "victoria": {"vicky"},
    "abigail": {"abby"}, "theodore": {"ted", "teddy"}, "zachary": {"zach"}, "joshua": {"josh"},
    "jonathan": {"jon"}, "nathaniel": {"nate"}, "mitchell": {"mitch"}, "beto": {"robert"},
}


def same_first_name(a: str, b: str) -> bool:
    """True when two first names can name one person: equal, an initial of the other ("J" /
    "James"), or a common nickname ("Jim" / "James")."""
    a, b = a.lower().strip("."), b.lower().strip(".")
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[:1] == b[:1]
    return b in _NICKNAMES.get(a, ()) or a in _NICKNAMES.get(b, ()) or \
        bool(_NICKNAMES.get(a, set()) & _NICKNAMES.get(b, set()))


def canonical_name(name: str | None, entities: "EntityIndex | None") -> str | None:
    """Canonical form of a person/organisation name through the entity index, if any."""
    if not name:
        return None
    name = re.sub(r"\s+", " ", name).strip()
    name = re.sub(r"['’]s?$", "", name).strip()
    name = re.sub(r"^(?:mr|mrs|ms|dr|sen|gov|rep)\.?\s+", "", name, flags=re.IGNORECASE)
    if entities is not None:
        try:
            canon = entities.canonical(name)
        except Exception:  # a stub or partial index: fall back to the name as written
            canon = None
        if canon:
            return canon
    return name


def persons_in(ann: AnnotatedArticle, sentence: int, entities: "EntityIndex | None") -> list[str]:
    """Canonical names of the people named in one sentence, in order of mention."""
    out = []
    for m in ann.entities:
        if m.sentence == sentence and m.label == "PERSON":
            c = canonical_name(m.text, entities)
            if c and c not in out:
                out.append(c)
    return out


# --------------------------------------------------------------------------------------------


@dataclass
class _Occ:
    """One occurrence of a name in one article."""

    aid: str
    start: int
    end: int  # span of the alias as written, honorific included
    display: str  # alias as written, possessive stripped ("Mr Magnus")
    core: str  # without honorific ("Magnus")
    key: str


@dataclass
class EntityIndex:
    entities: list[Entity] = field(default_factory=list)
    _by_key: dict[str, Entity] = field(default_factory=dict, repr=False)
    _spans: dict[str, list[tuple[int, int, Entity]]] = field(default_factory=dict, repr=False)

    def canonical(self, name: str | None) -> str | None:
        """The canonical name for any alias, surname, honorific form, acronym or suspect
        spelling; the name itself when it is unknown."""
        if not name:
            return name
        ent = self.lookup(name)
        return ent.name if ent else name

    def lookup(self, name: str) -> Entity | None:
        key = name_key(name)
        for k in (key, _org_key(key), key.replace(" ", "")):
            if k in self._by_key:
                return self._by_key[k]
        last = key.split(" ")[-1] if key else ""
        if last and last in self._by_key and self._by_key[last].type == "PERSON":
            return self._by_key[last]
        return None

    def entity_of(self, article_id: str, start: int, end: int) -> Entity | None:
        """The entity mentioned at (or overlapping) ``[start, end)`` of an article, if any."""
        best = None
        for s, e, ent in self._spans.get(article_id, ()):
            if s < end and start < e:
                overlap = min(e, end) - max(s, start)
                if best is None or overlap > best[0]:
                    best = (overlap, ent)
        return best[1] if best else None

    def by_id(self, entity_id: str) -> Entity | None:
        for e in self.entities:
            if e.id == entity_id:
                return e
        return None


def _tidy(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim a mention span to the name itself: no leading "the" or lower-case words, no
    possessive ending, no trailing punctuation."""
    seg = text[start:end]
    m = re.match(r"^(?:(?:the|The|[a-z][\w\-]*)\s+)+", seg)
    while m and m.end() < len(seg):
        # keep connectors inside names, only drop leading words
        start += m.end()
        seg = text[start:end]
        m = re.match(r"^(?:(?:the|The|[a-z][\w\-]*)\s+)+", seg)
    # a final dot stays: in a name mention it ends an abbreviation ("N.D.", "Calif.")
    m = re.search(r"(?:['\u2019]s?|[\s,;:\-]+)$", seg)
    while m and m.start() > 0:
        end = start + m.start()
        seg = text[start:end]
        m = re.search(r"(?:['\u2019]s?|[\s,;:\-]+)$", seg)
    if not seg or "/" in seg or not seg[0].isupper():
        return None
    return start, end


def _mentions(an: AnnotatedArticle) -> list[tuple[int, int, str]]:
    """Tidied (start, end, family) of the article's name mentions, ORG fragments re-joined."""
    text = an.article.text
    raw = sorted((m.start, m.end, KEEP_LABELS[m.label]) for m in an.entities if m.label in KEEP_LABELS)
    merged: list[list] = []
    for s, e, fam in raw:
        if merged:
            ps, pe, pf = merged[-1]
            gap = text[pe:s]
            if pf == "ORG" and fam == "ORG" and re.fullmatch(r"\s+(?:and|of|for|&)\s+", gap):
                merged[-1] = [ps, e, "ORG"]
                continue
        merged.append([s, e, fam])
    out = []
    for s, e, fam in merged:
        t = _tidy(text, s, e)
        if t:
            out.append((t[0], t[1], fam))
    return out


def _honorific_before(text: str, start: int) -> int:
    m = _HONORIFIC_RE.search(text[max(0, start - 8):start])
    return start - (len(m.group(0)) if m else 0)


def _context(text: str, start: int, end: int, width: int = 45) -> set[str]:
    words = _WORD_RE.findall(text[max(0, start - width):start]) + _WORD_RE.findall(text[end:end + width])
    return {w.lower() for w in words if w[:1].islower() and w.lower() not in _STOP and len(w) > 2}


def _entity_id(name: str, typ: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name_key(name)).strip("-")[:40] or "entity"
    return f"ent-{slug}-{hashlib.sha1(f'{typ}:{name}'.encode()).hexdigest()[:6]}"


def resolve_entities(annotated: list[AnnotatedArticle], options: Options | None = None) -> EntityIndex:
    """Resolve the name mentions of one story into entities (see the module docstring)."""
    options = options or Options()
    arts: dict[str, Article] = {an.article.id: an.article for an in annotated}
    order = {an.article.id: i for i, an in enumerate(annotated)}
    # an independent source: a near-duplicate copy counts as the article it copies
    source_of = {aid: (a.duplicate_of or aid) for aid, a in arts.items()}
    outlet_of = {aid: a.outlet for aid, a in arts.items()}

    # 1. tidy mentions; collect label votes per key
    votes: dict[str, Counter] = defaultdict(Counter)
    displays: dict[str, Counter] = defaultdict(Counter)
    tagged: set[tuple[str, int]] = set()  # (article, start) of every tidied NER mention
    # words the story also writes in lower case ("may", "young"): a capitalised one is a name only
    # where the tagger said so, never by the rescan below ("May" the month vs "Theresa May")
    lower_words = {w for an in annotated for w in re.findall(r"\b[a-z][a-z\-]+\b", an.article.text)}
    for an in annotated:
        text = an.article.text
        for s, e, fam in _mentions(an):
            tagged.add((an.article.id, s))
            form = text[s:e]
            key = name_key(form)
            if not key or len(key) < 2:
                continue
            votes[key][fam] += 1
            displays[key][_POSSESSIVE_RE.sub("", _fold(form))] += 1
            if _honorific_before(text, s) < s:
                votes[key]["PERSON"] += 2  # "Mr X" is a person whatever the tagger said

    # 2. rescan every article for every known form, longest first, without overlaps
    forms = {d for c in displays.values() for d in c}
    # an organisation is also written without its country prefix ("Customs and Border Protection")
    for d in list(forms):
        m = re.match(r"^(?:U\.S\.|US|United States)\s+(?=[A-Z]\w+\s+(?:and|of|for)\s)", d)
        if m:
            forms.add(d[m.end():])
    forms = sorted(forms, key=lambda f: (-len(f), f))
    occs: list[_Occ] = []
    forms = [f for f in forms if len(f) >= 2]
    # one alternation, longest form first: at each position the longest known form wins
    scan = re.compile(r"(?<![\w.])(" + "|".join(re.escape(f) for f in forms) + r")(?:['\u2019]s?)?(?![\w])") \
        if forms else None
    for an in annotated:
        if scan is None:
            break
        text = _fold(an.article.text)  # same length as the original (NFKC on quotes only)
        if len(text) != len(an.article.text):
            text = an.article.text
        for m in scan.finditer(text):
            form = m.group(1)
            s, e = m.start(1), m.end(1)
            if " " not in form and form.lower() in lower_words and (an.article.id, s) not in tagged:
                continue
            hs = _honorific_before(text, s)
            occs.append(_Occ(an.article.id, hs, e, an.article.text[hs:e], form, name_key(form)))

    # 3. cluster keys
    keys = sorted({o.key for o in occs})
    uf: DisjointSet[str] = DisjointSet()
    for k in keys:
        uf.find(k)

    def family(k: str) -> str:
        v = votes.get(k) or Counter()
        if not v:
            return "ORG"
        return sorted(v.items(), key=lambda kv: (-kv[1], ["PERSON", "ORG", "GPE"].index(kv[0])))[0][0]

    person_full = {k for k in keys if len(k.split(" ")) >= 2 and votes[k]["PERSON"] > 0
                   and not any(ch.isdigit() for ch in k)}
    by_surname: dict[str, set[str]] = defaultdict(set)
    for k in sorted(person_full):
        by_surname[k.split(" ")[-1]].add(k)
    # one person under several full names: "Jim Mattis" / "James Mattis", "Robert Bauer" /
    # "Robert F. Bauer", "J. Smith" / "John Smith" (complete link: a name joins a group only
    # when its first name fits every name already there, so "J. Smith" cannot chain John to Jane)
    for surname in sorted(by_surname):
        groups_: list[list[str]] = []
        for k in sorted(by_surname[surname], key=lambda x: (-len(x), x)):
            for g in groups_:
                if all(same_first_name(k.split(" ")[0], o.split(" ")[0]) for o in g):
                    g.append(k)
                    uf.union(g[0], k)
                    break
            else:
                groups_.append([k])
    for k in keys:
        toks = k.split(" ")
        if len(toks) == 1 and k in by_surname and len({uf.find(x) for x in by_surname[k]}) == 1:
            uf.union(k, next(iter(sorted(by_surname[k]))))
    # organisation forms with and without a country prefix; acronyms
    org_like = [k for k in keys if family(k) != "PERSON" or len(k.split(" ")) >= 3]
    by_orgkey: dict[str, str] = {}
    for k in sorted(org_like):
        ok = _org_key(k)
        if ok in by_orgkey:
            uf.union(k, by_orgkey[ok])
        else:
            by_orgkey[ok] = k
    acro: dict[str, set[str]] = defaultdict(set)
    for k in org_like:
        for d in displays.get(k, ()):
            for a in acronyms(d):
                acro[a.lower()].add(k)
    for k in keys:
        if len(k.split(" ")) == 1 and k in acro:
            targets = {uf.find(t) for t in acro[k]}
            if len(targets) == 1:
                uf.union(k, next(iter(acro[k])))
    # "Homeland Security" is "the Department of Homeland Security"
    for k in org_like:
        m = re.match(r"^(?:department|ministry|office) of (.+)$", k)
        if m and m.group(1) in keys:
            uf.union(k, m.group(1))

    # 4. suspect spellings
    groups: dict[str, list[_Occ]] = defaultdict(list)
    for o in occs:
        groups[uf.find(o.key)].append(o)

    def sources(os_: list[_Occ]) -> set[str]:
        return {outlet_of[source_of[o.aid]] for o in os_}

    suspects: list[tuple] = []  # (root, other, form, surname, occs, reasons, strong, loose)
    suspect_keys: set[str] = set()
    persons = [r for r, os_ in groups.items() if any(o.key in person_full for o in os_)]
    # forms that only one independent outlet uses: the only candidates for a suspect spelling
    candidates = []
    for other, oos in sorted(groups.items()):
        if len(sources(oos)) != 1:
            continue
        okeys = Counter(o.key for o in oos)
        candidates.append((other, oos, okeys, okeys.most_common(1)[0][0]))
    for root in sorted(persons):
        pos = groups[root]
        p_sources = sources(pos)
        if len(p_sources) < 2:
            continue
        full = Counter(o.key for o in pos if o.key in person_full)
        if not full:
            continue
        pkey = full.most_common(1)[0][0]
        surname = pkey.split(" ")[-1]
        first = pkey.split(" ")[0]
        p_tokens = {t for o in pos for t in o.key.split(" ")}
        p_ctx: set[str] | None = None  # computed for the first candidate that gets this far
        p_articles = {o.aid for o in pos}
        for other, oos, okeys, okey in candidates:
            if other == root:
                continue
            toks = okey.split(" ")
            if len(toks) == 1:
                form_tok, same_first = toks[0], False
            elif len(toks) == 2 and toks[0] == first and okey in person_full:
                form_tok, same_first = toks[1], True
            else:
                continue
            if form_tok in p_tokens or form_tok[:1] != surname[:1] or abs(len(form_tok) - len(surname)) > 3:
                continue
            if len(surname) - len(form_tok) >= 2 and surname.startswith(form_tok):
                continue  # a short form or nickname ("Brit" for "Britney"), not a misspelling
            strong, loose = spelling_similarity(form_tok, surname)
            if strong < 80 and loose < 72:
                continue
            # below a near-identical spelling, a slip keeps the consonant shape ("Mallorca" for
            # "Mayorkas"); Jaro-Winkler alone rewards a shared first letter, which two different
            # surnames ("Shelby", "Sheldon") or a capitalised sentence-initial word often have
            if strong < 85 and fuzz.ratio(_skeleton(form_tok), _skeleton(surname)) < 70:
                continue
            # "Rhode's" for the possessive of "Rhodes" is a misplaced apostrophe, not a spelling
            if form_tok + "s" == surname and all(
                    arts[o.aid].text[o.end:o.end + 1] in ("'", "\u2019") for o in oos):
                continue
            reasons = []
            if same_first:
                reasons.append(f"same first name {first.title()!r}")
            same_art = {o.aid for o in oos} & p_articles
            if same_art:
                n_p = sum(1 for o in pos if o.aid in same_art)
                n_f = sum(1 for o in oos if o.aid in same_art)
                if n_p > n_f:
                    reasons.append(f"the same article uses {surname.title()!r} more often ({n_p} vs {n_f})")
            f_ctx: set[str] = set()
            for o in oos:
                f_ctx |= _context(arts[o.aid].text, o.start, o.end)
            if p_ctx is None:
                p_ctx = set()
                for o in pos:
                    p_ctx |= _context(arts[o.aid].text, o.start, o.end)
            shared = sorted(f_ctx & p_ctx)
            if shared:
                reasons.append("used in the same role (" + ", ".join(shared[:4]) + ")")
            need = 1 if strong >= 85 else 2
            if len(reasons) < need:
                continue
            total_p = len(pos)
            if total_p <= len(oos):
                continue
            suspects.append((root, other, form_tok, surname, oos, reasons, strong, loose))
            suspect_keys.update(okeys)

    for root, other, *_ in suspects:
        uf.union(root, other)

    # 5. build entities
    groups = defaultdict(list)
    for o in occs:
        groups[uf.find(o.key)].append(o)
    # a capitalised common word the tagger took for a name ("Infrastructure" in "Infrastructure
    # Minister ...") is no entity when the story also writes it in lower case

    def common_word(os_: list[_Occ]) -> bool:
        return all(len(o.key.split(" ")) == 1 and not o.core.isupper() and o.key in lower_words
                   and family(o.key) != "PERSON" for o in os_)

    entities: list[Entity] = []
    by_key: dict[str, Entity] = {}
    spans: dict[str, list[tuple[int, int, Entity]]] = defaultdict(list)
    for root, os_ in groups.items():
        if common_word(os_):
            continue
        os_.sort(key=lambda o: (order[o.aid], o.start))
        good = [o for o in os_ if o.key not in suspect_keys] or os_
        fams = Counter()
        for o in good:
            fams.update(votes.get(o.key, Counter()))
        if any(o.key in person_full for o in good):
            typ = "PERSON"
        else:
            typ = sorted(fams.items(), key=lambda kv: (-kv[1], ["PERSON", "ORG", "GPE"].index(kv[0])))[0][0] if fams else "ORG"
        ntoks = max(len(o.core.split()) for o in good)
        longest = Counter(o.core for o in good if len(o.core.split()) == ntoks)
        # most common; on a tie the form not in capitals ("Washington" over a "WASHINGTON" dateline)
        name = sorted(longest.items(), key=lambda kv: (-kv[1], kv[0].isupper() and len(kv[0]) > 4, kv[0]))[0][0]
        aliases = sorted({_POSSESSIVE_RE.sub("", _fold(o.display)) for o in good} - {name})
        ent = Entity(
            id=_entity_id(name, typ),
            name=name,
            type=typ,
            aliases=aliases,
            outlets=sorted({outlet_of[o.aid] for o in os_}),
            mentions=[Evidence.of(arts[o.aid], o.start, o.end) for o in os_],
        )
        entities.append(ent)
        for o in os_:
            by_key[o.key] = ent
            by_key.setdefault(_org_key(o.key), ent)
            spans[o.aid].append((o.start, o.end, ent))
        if typ != "PERSON":
            for o in good:
                for a in acronyms(o.core):
                    by_key.setdefault(a.lower(), ent)

    ent_of_root = {uf.find(o.key): by_key[o.key] for o in occs if o.key in by_key}
    for root, other, form_tok, surname, oos, reasons, strong, loose in suspects:
        ent = ent_of_root[uf.find(root)]
        likely_word = next((w for w in ent.name.split() if w.lower() == surname), surname.title())
        by_article: dict[str, list[_Occ]] = defaultdict(list)
        for o in oos:
            by_article[o.aid].append(o)
        for aid, aos in sorted(by_article.items(), key=lambda kv: order[kv[0]]):
            text = arts[aid].text
            ev = []
            for o in aos:
                # evidence is the misspelt word itself
                seg = text[o.start:o.end]
                i = seg.lower().rfind(form_tok)
                s = o.start + (i if i >= 0 else 0)
                e = s + len(form_tok) if i >= 0 else o.end
                ev.append(Evidence.of(arts[aid], s, e))
            form = ev[0].text
            attest = sorted({outlet_of[source_of[o.aid]] for o in groups[uf.find(root)]
                             if o.key not in suspect_keys})
            reason = (f"{form!r} appears only in {arts[aid].outlet}; {len(attest)} outlets "
                      f"({', '.join(attest)}) write {likely_word!r} for the same person "
                      f"(spelling similarity {max(strong, loose):.0f}/100; " + "; ".join(reasons) + ")")
            ent.suspect_spellings.append(SuspectSpelling(form=form, likely=likely_word, article=aid,
                                                         outlet=arts[aid].outlet, evidence=ev, reason=reason))
        by_key.setdefault(form_tok, ent)
        # the entity's name and aliases never carry the suspect form
        ent.aliases = [a for a in ent.aliases if name_key(a) not in suspect_keys and
                       not name_key(a).endswith(" " + form_tok) and name_key(a) != form_tok]

    entities.sort(key=lambda e: (-len({m.article for m in e.mentions}), -len(e.mentions), e.name))
    for lst in spans.values():
        lst.sort(key=lambda t: (t[0], t[1]))
    return EntityIndex(entities=entities, _by_key=dict(by_key), _spans=dict(spans))

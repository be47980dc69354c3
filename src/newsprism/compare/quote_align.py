"""Two wordings of one quote aligned word by word: what matches, and which content word was replaced.

Each quote becomes a list of normalised tokens that keep their character span in the quote:
case, accents, punctuation, dashes ("—", "–", "_", "--") and quote marks are folded;
contractions are expanded ("I'd" -> "i would", "won't" -> "will not", "it's" -> "it is");
number words become digits ("five" -> "5"), "%" / "per cent" -> "percent", "&" -> "and",
month abbreviations are spelled out.  Censored words ("f---", "s***", "f**king") keep only
their visible letters and match any word with those letters; bracketed or parenthesised
editorial text ("[expletive]", "[the president]", "(the family)") and an ellipsis match
anything (an outlet's insertion or cut).  Before two quotes are aligned, adjacent tokens of one
that spell a single token of the other are merged ("work force" / "workforce", "U.S." / "US").

The alignment is difflib's ``SequenceMatcher`` over those tokens (stdlib, exact opcodes, no
similarity threshold).  A *rewording* is a lone negation added inside aligned text ("will
walk" / "will not walk"), or a ``replace`` opcode inside aligned text (matching
words on both sides, or at the end where both quotes end) whose two sides each hold a content
word (spaCy's English stop words minus negations, quantities and polar words) that the other
side lacks once inflections ("scandal"/"scandals", "said"/"says"), one-letter typos
("shining"/"shinning") and censoring are allowed for.  Words only inserted or omitted are an
excerpt or joined pieces, never a rewording.  Hand-written because no library aligns quotes
with these equivalences; the alignment itself is difflib's.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Sequence

from rapidfuzz import fuzz

from ..lexicon import MONTH_ABBREVIATIONS, MONTHS

__all__ = ["QuoteToken", "Rewording", "QuoteAlignment", "quote_tokens", "align_quotes",
           "content_word", "same_word"]

# words that carry meaning in a quote although spaCy lists them as stop words
_MEANINGFUL = {
    "always", "never", "nothing", "nobody", "none", "noone", "no", "not", "cannot", "neither",
    "nor", "everyone", "everything", "everywhere", "nowhere", "full", "empty", "serious", "first",
    "last", "least", "less", "more", "most", "many", "few", "several", "all", "every", "give",
    "make", "made", "show", "call", "see", "put", "take", "keep", "move", "used", "name", "part",
    "side", "top", "bottom", "front", "back", "whole", "alone", "together", "enough", "only",
    "same", "former", "next", "third", "well", "hundred", "due",
}
_EXTRA_STOP = {"gonna", "going", "would", "shall", "okay", "ok", "oh", "yeah",
               "said", "says", "like", "let", "lot", "lots", "thing", "things",
               "think", "mr", "mrs", "ms", "dr"}

_NUMBERS = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
_NUMBERS.update({"thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70",
                 "eighty": "80", "ninety": "90"})
_MONTHS = {abbr: MONTHS[n - 1].lower() for abbr, n in MONTH_ABBREVIATIONS.items()}
_WHOLE = {"won't": ["will", "not"], "can't": ["can", "not"], "cannot": ["can", "not"],
          "shan't": ["shall", "not"], "ain't": ["is", "not"], "let's": ["let", "us"],
          "gonna": ["going", "to"], "wanna": ["want", "to"], "gotta": ["got", "to"],
          "y'all": ["you", "all"], "em": ["them"], "percent": ["percent"], "pct": ["percent"],
          "&": ["and"], "%": ["percent"]}
_SUFFIXES = (("n't", "not"), ("'re", "are"), ("'ve", "have"), ("'ll", "will"), ("'m", "am"),
             ("'d", "would"))
_IS_BASES = {"it", "that", "he", "she", "what", "there", "here", "who", "where", "how", "this"}
# irregular forms of the same verb ("said" / "says"): inflections, not rewordings
_IRREGULAR = {"said": "say", "told": "tell", "went": "go", "gone": "go", "made": "make", "took": "take",
              "taken": "take", "gave": "give", "given": "give", "got": "get", "came": "come",
              "thought": "think", "knew": "know", "known": "know", "saw": "see", "seen": "see",
              "felt": "feel", "kept": "keep", "left": "leave", "brought": "bring", "bought": "buy",
              "began": "begin", "begun": "begin", "wrote": "write", "written": "write",
              "children": "child", "men": "man", "women": "woman", "people": "person"}

_APOSTROPHES = str.maketrans({c: "'" for c in "\u2019\u2018\u02bc`\u00b4\u2032"})
_TOKEN = re.compile(r"""
     (?P<wild>\[[^\]\n]{1,80}\]|\([^)\n]{1,80}\))
    |(?P<gap>\.\s?\.\s?\.|\u2026)
    |(?P<cens>[^\W\d_]+[*#@$%]+(?:[^\W\d_]+)?|\b[^\W\d_Ii](?:-{2,}|_{2,}|\u2014+)(?:[^\W\d_]+)?(?![^\W_]))
    |(?P<word>[^\W_]+(?:'[^\W_]+)*)
    |(?P<sym>[&%])
""", re.X)

GAP = "\x00gap"
WILD = "\x00wild"


@dataclass(frozen=True)
class QuoteToken:
    norm: str  # normalised word; GAP / WILD markers; a censored word's visible letters with "*"
    start: int  # span in the quote text (several tokens may share one: "I'd" -> "i", "would")
    end: int
    kind: str  # "word" | "censored" | "wild" | "gap"


def _fold(s: str) -> str:
    if s.isascii():
        return s.lower()
    s = unicodedata.normalize("NFKD", s.lower())
    return "".join(c for c in s if not unicodedata.combining(c))


def _expand(w: str) -> list[str]:
    if w in _WHOLE:
        return _WHOLE[w]
    if "'" not in w:
        return [_plain(w)]
    for suf, rep in _SUFFIXES:
        if w.endswith(suf) and len(w) > len(suf):
            return [w[:-len(suf)], rep]
    if w.endswith("'s"):
        base = w[:-2]
        return [base, "is"] if base in _IS_BASES else [base]
    return [_plain(w.replace("'", ""))]


def _plain(w: str) -> str:
    if w[-2:] in ("st", "nd", "rd", "th") and w[:-2].isdigit():
        return w[:-2]  # "31st" -> "31"
    return _NUMBERS.get(w) or _MONTHS.get(w) or w


@functools.lru_cache(maxsize=4096)
def quote_tokens(text: str) -> tuple[QuoteToken, ...]:
    """The normalised tokens of a quote, each with its span in ``text`` (cached: a story's quotes
    are compared many times)."""
    t = text.translate(_APOSTROPHES)
    out: list[QuoteToken] = []
    for m in _TOKEN.finditer(t):
        kind = m.lastgroup
        s, e = m.span()
        if kind == "wild":
            out.append(QuoteToken(WILD, s, e, "wild"))
        elif kind == "gap":
            if not out or out[-1].kind != "gap":
                out.append(QuoteToken(GAP, s, e, "gap"))
        elif kind == "cens":
            letters = re.sub(r"[^\w]|_", "*", _fold(m.group()))
            out.append(QuoteToken(re.sub(r"\*+", "*", letters), s, e, "censored"))
        else:
            for w in _expand(_fold(m.group()) if kind == "word" else m.group()):
                if w:
                    out.append(QuoteToken(w, s, e, "word"))
    return tuple(out)


@functools.cache
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS  # lazily: importing spaCy takes seconds

    return frozenset({w for w in STOP_WORDS if "'" not in w and "\u2019" not in w} - _MEANINGFUL
                     | _EXTRA_STOP)


def content_word(tok: QuoteToken) -> bool:
    """A word that carries the quote's meaning (not a stop word, marker or lone letter)."""
    if tok.kind == "censored":
        return True
    return tok.kind == "word" and (len(tok.norm) > 1 or tok.norm.isdigit()) \
        and tok.norm not in _stop_words()


def _stem(w: str) -> str:
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    for suf, rep in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""),
                     ("ly", "")):
        if w.endswith(suf) and len(w) - len(suf) >= 3 and not w.endswith("ss"):
            w = w[:-len(suf)] + rep
            break
    if len(w) > 3 and w[-1] == w[-2]:  # "stopp(ed)" -> "stop"
        w = w[:-1]
    return w.rstrip("e")


def _censor_matches(pattern: str, word: str) -> bool:
    head, _, tail = pattern.partition("*")
    return word.startswith(head) and word.endswith(tail) and len(word) >= len(head) + len(tail) + 1


def same_word(a: QuoteToken, b: QuoteToken) -> bool:
    """One word in two spellings: equal, an inflection of the same stem, a one-letter typo or
    British/American spelling ("shining"/"shinning", "organise"/"organize"), or a censored form."""
    if a.norm == b.norm:
        return True
    if a.kind == "censored" or b.kind == "censored":
        if a.kind == "censored" and b.kind == "censored":
            return a.norm[0] == b.norm[0]
        pat, word = (a.norm, b.norm) if a.kind == "censored" else (b.norm, a.norm)
        return _censor_matches(pat, word)
    if a.norm.isdigit() or b.norm.isdigit():
        return False
    sa, sb = _stem(a.norm), _stem(b.norm)
    if sa == sb:
        return True
    return min(len(a.norm), len(b.norm)) >= 5 and round(fuzz.ratio(a.norm, b.norm)) >= 85


@dataclass
class Rewording:
    """A content word (or a few words) of quote ``a`` replaced by different ones in quote ``b``."""
    a_start: int  # span in quote a's text
    a_end: int
    b_start: int
    b_end: int
    a_words: str  # normalised replaced words
    b_words: str


@dataclass
class QuoteAlignment:
    # words of the shorter quote in aligned text: equal (or equivalent) to the other's, or a few
    # words replaced between equal ones
    matched: int = 0
    matched_content: int = 0
    equal: int = 0  # words of the shorter quote equal (or equivalent) to the other's
    equal_content: int = 0
    shorter: int = 0  # words of the shorter quote (no markers)
    shorter_content: int = 0
    longest_run: int = 0  # longest run of equal tokens
    overlap: int = 0  # words from the first to the last equal word (the longer side)
    overlap_matched: int = 0  # of them aligned (counted on the shorter quote's side)
    # content words replaced, and lone negations added ("will walk" / "will not walk")
    rewordings: list[Rewording] = field(default_factory=list)

    @property
    def coverage(self) -> float:
        """Share of the shorter quote's words aligned with the other (0..1), rounded."""
        return round(self.matched / self.shorter, 3) if self.shorter else 0.0

    @property
    def density(self) -> float:
        """Share of the stretch where the quotes overlap (first to last equal word, the longer
        side) that is aligned text (0..1), rounded: two overlapping pieces of one statement."""
        return round(self.overlap_matched / self.overlap, 3) if self.overlap else 0.0

    @property
    def content_coverage(self) -> float:
        return round(self.matched_content / self.shorter_content, 3) if self.shorter_content else 0.0


def _merge_compounds(toks: tuple[QuoteToken, ...], other_vocab: set[str]) -> tuple[QuoteToken, ...]:
    """Adjacent words that spell one word of the other quote become that word ("work force")."""
    out: list[QuoteToken] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if i + 1 < len(toks) and t.kind == "word" and toks[i + 1].kind == "word" \
                and t.norm not in other_vocab | {t.norm + toks[i + 1].norm} \
                and t.norm + toks[i + 1].norm in other_vocab:
            out.append(QuoteToken(t.norm + toks[i + 1].norm, t.start, toks[i + 1].end, "word"))
            i += 2
            continue
        out.append(t)
        i += 1
    return tuple(out)


def _content(toks: Sequence[QuoteToken]) -> Sequence[QuoteToken]:
    return [t for t in toks if content_word(t)]


_NEGATIONS = {"not", "never", "no"}


def _unmatched_content(xa: Sequence[QuoteToken], xb: Sequence[QuoteToken]) -> tuple[list, list]:
    xa = [t for t in xa if t.kind != "wild"]
    xb = [t for t in xb if t.kind != "wild"]
    return ([t for t in _content(xa) if not any(same_word(t, u) for u in xb)],
            [t for t in _content(xb) if not any(same_word(t, u) for u in xa)])


def _negated(x: Sequence[QuoteToken]) -> bool:
    return any(t.norm in _NEGATIONS for t in x)


def _equivalent(xa: Sequence[QuoteToken], xb: Sequence[QuoteToken]) -> bool:
    """The same words in other spellings or forms, give or take stop words ("that they are" /
    "are", "[them]" / nothing, "work force" / "workforce")."""
    if "".join(t.norm for t in xa if t.kind == "word") == "".join(t.norm for t in xb if t.kind == "word") \
            or all(t.kind == "wild" for t in xa) or all(t.kind == "wild" for t in xb):
        return True  # an editorial insertion ("[expletive]", "[the president]") stands for any words
    ca, cb = _unmatched_content(xa, xb)
    return not ca and not cb and _negated(xa) == _negated(xb)


def _differs(xa: Sequence[QuoteToken], xb: Sequence[QuoteToken]) -> bool:
    """Each side keeps a content word that the other side does not have in some spelling, or
    only one side is negated (an editorial insertion, "[them]", stands for no word of its own)."""
    if "".join(t.norm for t in xa if t.kind == "word") == "".join(t.norm for t in xb if t.kind == "word") \
            and all(t.kind == "word" for t in xa + xb):
        return False  # "work force" / "workforce" that the merge did not catch (three pieces)
    if _negated(xa) != _negated(xb):
        return True  # "will" / "cannot"
    ca, cb = _unmatched_content(xa, xb)
    return bool(ca) and bool(cb)


MAX_REPLACED = 3  # a longer replaced stretch is different text, not a changed word
MAX_QUOTE_TOKENS = 600  # words of a quote that are aligned
MIN_CONTEXT = 3  # equal tokens around a replaced word (before + after)


def align_quotes(a_text: str, b_text: str) -> QuoteAlignment:
    """Align two quote wordings word by word and list the rewordings between them."""
    # bounded: difflib is quadratic at worst, and a quote this long is an extraction slip
    ta, tb = quote_tokens(a_text)[:MAX_QUOTE_TOKENS], quote_tokens(b_text)[:MAX_QUOTE_TOKENS]
    ta = _merge_compounds(ta, {t.norm for t in tb})
    tb = _merge_compounds(tb, {t.norm for t in ta})
    na, nb = [t.norm for t in ta], [t.norm for t in tb]
    ops = SequenceMatcher(None, na, nb, autojunk=False).get_opcodes()
    al = QuoteAlignment()
    words_a = [t for t in ta if t.kind in ("word", "censored")]
    words_b = [t for t in tb if t.kind in ("word", "censored")]
    short_is_a = len(words_a) <= len(words_b)
    al.shorter = min(len(words_a), len(words_b))
    al.shorter_content = len(_content(words_a if short_is_a else words_b))
    equal_idx = [k for k, op in enumerate(ops) if op[0] == "equal"]
    counted = [0] * len(ops)  # words of the shorter quote each op aligns
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        xa, xb = ta[i1:i2], tb[j1:j2]
        mine = xa if short_is_a else xb
        words = sum(1 for t in mine if t.kind in ("word", "censored"))
        if tag == "equal":
            al.longest_run = max(al.longest_run, i2 - i1)
            if i2 - i1 == 1 and not _small_neighbours(ops, k):
                continue  # a lone word matched between long different stretches: chance
            counted[k] = words
            al.matched += words
            al.matched_content += len(_content(mine))
            al.equal += words
            al.equal_content += len(_content(mine))
            continue
        if tag != "replace":
            interior = equal_idx and equal_idx[0] < k < equal_idx[-1]
            ins = xa or xb
            if interior and all(t.norm in _NEGATIONS for t in ins) and len(ins) <= 2:
                before, after = ops[k - 1], ops[k + 1]
                if (before[2] - before[1]) + (after[2] - after[1]) >= MIN_CONTEXT:
                    # "will not walk" / "will walk": the words around the negation on each side
                    a0, a1, b0, b1 = before[2] - 1, after[1], before[4] - 1, after[3]
                    al.rewordings.append(Rewording(
                        ta[a0].start, ta[a1].end, tb[b0].start, tb[b1].end,
                        " ".join(t.norm for t in ta[a0:a1 + 1]), " ".join(t.norm for t in tb[b0:b1 + 1])))
            continue
        gap = any(t.kind == "gap" for t in xa + xb)
        if not gap and _equivalent(xa, xb):
            # equivalent spellings: count them as equal
            counted[k] = words
            al.matched += words
            al.matched_content += len(_content(mine))
            al.equal += words
            al.equal_content += len(_content(mine))
            continue
        rw = _rewording(ops, k, ta, tb, equal_idx)
        if rw is not None:
            al.rewordings.append(rw)
        if not gap and 0 < k < len(ops) - 1 and max(i2 - i1, j2 - j1) <= MAX_REPLACED:
            # a few words replaced between equal words: aligned text, in other words
            counted[k] = words
            al.matched += words
            al.matched_content += len(_content(mine))
    if equal_idx:
        first, last = ops[equal_idx[0]], ops[equal_idx[-1]]
        n_words = lambda x: sum(1 for t in x if t.kind in ("word", "censored"))  # noqa: E731
        al.overlap = max(n_words(ta[first[1]:last[2]]), n_words(tb[first[3]:last[4]]))
        al.overlap_matched = sum(counted[equal_idx[0]:equal_idx[-1] + 1])
    return al


def _small_neighbours(ops, k: int) -> bool:
    """No long different stretch on either side of op k (words cut at an end do not count)."""
    for n in (k - 1, k + 1):
        if not 0 <= n < len(ops) or (n in (0, len(ops) - 1) and ops[n][0] != "replace"):
            continue
        if max(ops[n][2] - ops[n][1], ops[n][4] - ops[n][3]) > MAX_REPLACED:
            return False
    return True


def _rewording(ops, k: int, ta: Sequence[QuoteToken], tb: Sequence[QuoteToken], equal_idx: list[int]) -> Rewording | None:
    tag, i1, i2, j1, j2 = ops[k]
    if not equal_idx:
        return None
    before = ops[k - 1] if k > 0 and ops[k - 1][0] == "equal" else None
    after = ops[k + 1] if k + 1 < len(ops) and ops[k + 1][0] == "equal" else None
    ctx = lambda op: _content(ta[op[1]:op[2]]) if op else []  # noqa: E731
    if before is not None and after is not None:
        if (before[2] - before[1]) + (after[2] - after[1]) < MIN_CONTEXT:
            return None
    elif before is not None and k == len(ops) - 1:
        # at the end: one quote stops there; compare as many words as the shorter side has
        if before[2] - before[1] < MIN_CONTEXT + 1 or len(ctx(before)) < 2:
            return None
        n = min(i2 - i1, j2 - j1)
        if i2 != len(ta) and j2 != len(tb) or n > 2:
            return None
        i2, j2 = i1 + n, j1 + n
    elif after is not None and k == 0:
        if after[2] - after[1] < MIN_CONTEXT + 1 or len(ctx(after)) < 2:
            return None
        n = min(i2 - i1, j2 - j1)
        if i1 != 0 and j1 != 0 or n > 2:
            return None
        i1, j1 = i2 - n, j2 - n
    else:
        return None
    xa, xb = ta[i1:i2], tb[j1:j2]
    if any(t.kind in ("gap", "wild") for t in xa + xb):
        # a cut or an editorial insertion there: compare the words on both sides of it only when
        # nothing else is left; "giving [them]" vs "getting" is still a changed word
        xa = [t for t in xa if t.kind != "wild"]
        xb = [t for t in xb if t.kind != "wild"]
        if not xa or not xb or any(t.kind == "gap" for t in xa + xb):
            return None
    if len(xa) > MAX_REPLACED or len(xb) > MAX_REPLACED or not _differs(xa, xb):
        return None
    return Rewording(xa[0].start, xa[-1].end, xb[0].start, xb[-1].end,
                     " ".join(t.norm for t in xa), " ".join(t.norm for t in xb))

"""The package's shared word lists: months, weekdays, US states, titles, abbreviations, stop words.

Every list the package uses in more than one place is defined here once; modules import it (and
may extend it with a few words of their own, next to the code that needs them).  Pure Python, no
imports: cleaning, reading and the start paths import it without loading anything heavy.

Hand-written on purpose: these are small, closed lists of news English (AP-style abbreviations,
titles, calendar words, opposite words) that no installed library ships in this form; spaCy's
stop-word list is used where a general one is wanted (compare/quote_align.py), loaded lazily with
the model.  ``stem`` is the compare stage's one word stem (a few suffix rules and irregular
forms): the nlp stage keeps no lemma for every word, and only inflections of one word need to meet.
"""
from __future__ import annotations

from functools import lru_cache

# --- calendar ------------------------------------------------------------------------------------
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
# Abbreviated months (lower case) and their numbers; "may" has none.
MONTH_ABBREVIATIONS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
                       "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
# Month names and abbreviations (lower case) -> month number.
MONTH_NUMBERS = {**{m.lower(): i for i, m in enumerate(MONTHS, 1)}, **MONTH_ABBREVIATIONS}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# --- events --------------------------------------------------------------------------------------
# Which event a sentence reports, for the few events a story's development turns on (regular
# expressions as text, case-insensitive; compiled where used).  Kept short on purpose: a sentence
# is taken to report one of these only when one of the phrases is written out.
EVENT_PATTERNS = (
    ("request to resign",
     r"\basked\b[^.;:]{0,40}?\bto (?:resign|step down|step aside|leave|quit)\b|\basked for (?:his|her|their) "
     r"resignation\b|\b(?:request|ultimatum|demand)\w*\b|\bcall(?:ed)? for (?:his|her) resignation"),
    ("resignation",
     r"\b(?:resigned|resigns|quit|stepped down|steps down)\b|\bsubmitted (?:his|her|a) "
     r"resignation\b|\bannounced (?:his|her|the) resignation\b"),
    ("refusal to resign",
     r"\b(?:won't|wouldn't|will not|would not|refus\w*|rejected)\b[^.;]{0,30}?\b(?:step down|"
     r"resign|leave|go|request)\w*\b"),
    ("confirmation", r"\b(?:was |were )?confirmed\b"),
    ("firing", r"\b(?:was |were )?(?:fired|ousted|dismissed|sacked)\b"),
)

# --- places --------------------------------------------------------------------------------------
# US states and D.C.: full name -> (AP abbreviation, postal code).  A "City, State" pair is the one
# place qualifier news style makes explicit.
US_STATES = {
    "Alabama": ("Ala.", "AL"), "Alaska": ("Alaska", "AK"), "Arizona": ("Ariz.", "AZ"),
    "Arkansas": ("Ark.", "AR"), "California": ("Calif.", "CA"), "Colorado": ("Colo.", "CO"),
    "Connecticut": ("Conn.", "CT"), "Delaware": ("Del.", "DE"), "Florida": ("Fla.", "FL"),
    "Georgia": ("Ga.", "GA"), "Hawaii": ("Hawaii", "HI"), "Idaho": ("Idaho", "ID"),
    "Illinois": ("Ill.", "IL"), "Indiana": ("Ind.", "IN"), "Iowa": ("Iowa", "IA"),
    "Kansas": ("Kan.", "KS"), "Kentucky": ("Ky.", "KY"), "Louisiana": ("La.", "LA"),
    "Maine": ("Maine", "ME"), "Maryland": ("Md.", "MD"), "Massachusetts": ("Mass.", "MA"),
    "Michigan": ("Mich.", "MI"), "Minnesota": ("Minn.", "MN"), "Mississippi": ("Miss.", "MS"),
    "Missouri": ("Mo.", "MO"), "Montana": ("Mont.", "MT"), "Nebraska": ("Neb.", "NE"),
    "Nevada": ("Nev.", "NV"), "New Hampshire": ("N.H.", "NH"), "New Jersey": ("N.J.", "NJ"),
    "New Mexico": ("N.M.", "NM"), "New York": ("N.Y.", "NY"), "North Carolina": ("N.C.", "NC"),
    "North Dakota": ("N.D.", "ND"), "Ohio": ("Ohio", "OH"), "Oklahoma": ("Okla.", "OK"),
    "Oregon": ("Ore.", "OR"), "Pennsylvania": ("Pa.", "PA"), "Rhode Island": ("R.I.", "RI"),
    "South Carolina": ("S.C.", "SC"), "South Dakota": ("S.D.", "SD"), "Tennessee": ("Tenn.", "TN"),
    "Texas": ("Texas", "TX"), "Utah": ("Utah", "UT"), "Vermont": ("Vt.", "VT"),
    "Virginia": ("Va.", "VA"), "Washington": ("Wash.", "WA"), "West Virginia": ("W.Va.", "WV"),
    "Wisconsin": ("Wis.", "WI"), "Wyoming": ("Wyo.", "WY"), "District of Columbia": ("D.C.", "DC"),
}
# One-word AP state abbreviations (lower case, no dot), plus older forms still met in copy.
STATE_ABBREVIATIONS = frozenset(
    {ap[:-1].lower() for ap, _ in US_STATES.values() if ap.endswith(".") and "." not in ap[:-1]}
    | {"kans", "tex", "penn"})

# --- people --------------------------------------------------------------------------------------
# Honorifics: the next capitalised words are a person's name ("Ms. Ortiz", "Sir Keir").
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame"})
# Titles written abbreviated before a name ("Gov. Smith", "Det. Price"), lower case, no dot.
TITLE_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gov sen rep gen col lt sgt capt cmdr adm maj brig cpl pvt supt rev hon pres "
    "atty insp det".split())
# Titles written in full that name a person by office ("Governor Smith", "Judge Brown").
TITLE_WORDS = frozenset(
    "miss sir dame lord lady governor senator representative president secretary commissioner "
    "judge justice chief mayor pope minister nurse officer detective sheriff deputy chancellor "
    "speaker attorney".split())

# --- abbreviations (sentence splitting) ----------------------------------------------------------
# Abbreviations after which a full stop never ends a sentence: titles before a name, "St. Louis".
NAME_PREFIXES = TITLE_ABBREVIATIONS | {"st"}
# Abbreviations that end a sentence only when an ordinary sentence opener follows ("... Acme Inc.
# The company ..."), lower case, no dot.
ABBREVIATIONS = (NAME_PREFIXES | frozenset(MONTH_ABBREVIATIONS) | STATE_ABBREVIATIONS | frozenset(
    "jr sr inc corp co ltd plc bros dept univ assn est approx vs v etc al fig vol ft mt ave blvd rd "
    "no nos p pp".split()))
# Abbreviations also written in lower case ("etc.", "et al.", "no. 3", "p. 24"); the others count
# only when capitalised, so "he was ill. Doctors ..." ends a sentence.
LOWER_CASE_ABBREVIATIONS = frozenset("vs v etc al approx est fig vol no nos p pp ft".split())
# Abbreviations of "number": they continue a sentence only before a figure ("No. 3").
NUMBER_ABBREVIATIONS = frozenset({"no", "nos"})
# Words that open a sentence although they are capitalised like a name: after an abbreviation
# ("... in Fargo, N.D. Early on ...") they show that the abbreviation ended the sentence.
SENTENCE_STARTERS = frozenset(
    "the a an he she it they we i you his her their its our this that these those some many most "
    "several one two three both but and or so yet in on at for after before when while as if early "
    "earlier later last next there here meanwhile however still then now since during "
    "according".split())

# --- stop words ----------------------------------------------------------------------------------
# Articles, prepositions and conjunctions that tie words together and say nothing themselves.
GRAMMAR_WORDS = frozenset(
    "the a an of in on at for to by with and or as from its his her their".split())
# The words every content-word comparison in the package ignores: grammar words, the common
# auxiliaries and pronouns, and the reporting verbs ("said", "told") that every report repeats.
STOP_WORDS = GRAMMAR_WORDS | frozenset(
    "that this is was were are be been has have had he she it they who which also than said says "
    "told".split())
# A general English stop-word list for the summariser's word overlap checks (content words).
ENGLISH_STOP_WORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has
have having he her here hers herself him himself his how i if in into is it its itself just me more
most my myself no nor not now of off on once only or other our ours ourselves out over own same she
should so some such than that the their theirs them themselves then there these they this those
through to too under until up very was we were what when where which while who whom why will with
would you your yours yourself said says say told according one two new also mr mrs ms
""".split())

# --- opposites -----------------------------------------------------------------------------------
# Opposite words, both directions: the one list the compare stage reads (compare/polarity.py for
# two sentences of one event, compare/aligned.py for one sentence with one word changed).  Written
# out here because WordNet's data cannot be installed offline (no package on PyPI ships it for
# this Python), and a general antonym resource pairs many words whose swap is a paraphrase.  These
# are contraries of general English (states, outcomes, directions, evaluations); converse pairs
# whose swap together with the subjects is a paraphrase ("buy" / "sell", "give" / "receive") are
# left out, and the converse pairs kept are marked below.
OPPOSITE_PAIRS = (
    ("rise", "fall"), ("rose", "fell"), ("risen", "fallen"), ("increase", "decrease"),
    ("increase", "decline"), ("increase", "drop"), ("grow", "shrink"), ("growth", "decline"),
    ("gain", "loss"), ("profit", "loss"), ("win", "lose"), ("won", "lost"), ("victory", "defeat"),
    ("success", "failure"), ("successful", "unsuccessful"), ("succeed", "fail"),
    ("approve", "reject"), ("accept", "reject"), ("approval", "rejection"), ("allow", "ban"),
    ("allow", "forbid"), ("permit", "forbid"), ("legal", "illegal"), ("lawful", "unlawful"),
    ("guilty", "innocent"), ("convict", "acquit"), ("conviction", "acquittal"),
    ("confirm", "deny"), ("admit", "deny"), ("agree", "disagree"), ("support", "oppose"),
    ("supporter", "opponent"), ("favor", "oppose"), ("include", "exclude"), ("open", "close"),
    ("opened", "closed"), ("start", "stop"), ("begin", "end"), ("arrive", "depart"),
    ("enter", "exit"), ("hire", "fire"), ("raise", "lower"), ("lift", "impose"),
    ("expand", "reduce"), ("expand", "shrink"), ("strengthen", "weaken"), ("survive", "die"),
    ("alive", "dead"), ("live", "dead"), ("high", "low"), ("higher", "lower"),
    ("highest", "lowest"), ("large", "small"), ("big", "small"), ("larger", "smaller"),
    ("largest", "smallest"), ("long", "short"), ("longer", "shorter"), ("more", "fewer"),
    ("most", "fewest"), ("many", "few"), ("maximum", "minimum"), ("majority", "minority"),
    ("strong", "weak"), ("stronger", "weaker"), ("good", "bad"), ("better", "worse"),
    ("best", "worst"), ("positive", "negative"), ("true", "false"), ("correct", "incorrect"),
    ("right", "wrong"), ("rich", "poor"), ("wealthy", "poor"), ("cheap", "expensive"),
    ("easy", "difficult"), ("easy", "hard"), ("safe", "dangerous"), ("safe", "unsafe"),
    ("public", "private"), ("early", "late"), ("earlier", "later"), ("first", "last"),
    ("old", "new"), ("older", "younger"), ("oldest", "youngest"), ("young", "old"),
    ("male", "female"), ("friend", "enemy"), ("ally", "enemy"), ("peace", "war"),
    ("love", "hate"), ("like", "dislike"), ("happy", "sad"), ("happy", "unhappy"),
    ("possible", "impossible"), ("likely", "unlikely"), ("able", "unable"), ("full", "empty"),
    ("present", "absent"), ("visible", "invisible"), ("known", "unknown"), ("same", "different"),
    ("remember", "forget"), ("always", "never"), ("everyone", "nobody"), ("ahead", "behind"),
    ("forward", "backward"), ("forwards", "backwards"), ("increasing", "decreasing"),
    ("rising", "falling"), ("growing", "shrinking"), ("healthy", "sick"), ("healthy", "ill"), ("win", "loss"), ("boost", "cut"), ("inside", "outside"),
    ("upper", "lower"), ("north", "south"), ("east", "west"), ("northern", "southern"),
    ("eastern", "western"), ("domestic", "foreign"), ("local", "national"),
    ("voluntary", "mandatory"), ("temporary", "permanent"), ("partial", "complete"),
    ("accurate", "inaccurate"), ("fair", "unfair"), ("clean", "dirty"), ("wet", "dry"),
    ("hot", "cold"), ("warm", "cold"), ("fast", "slow"), ("quick", "slow"), ("heavy", "light"),
    ("calm", "violent"), ("peaceful", "violent"), ("armed", "unarmed"), ("employed", "unemployed"),
    ("married", "single"), ("legitimate", "illegitimate"), ("valid", "invalid"),
    ("responsible", "irresponsible"), ("victim", "perpetrator"), ("attack", "defend"),
    ("guilt", "innocence"), ("praise", "criticize"), ("praised", "criticized"),
    ("reward", "punish"), ("welcome", "reject"), ("strict", "lenient"), ("rare", "common"),
    ("hope", "fear"), ("optimistic", "pessimistic"), ("continue", "stop"), ("join", "leave"),
    ("add", "remove"), ("gain", "lose"), ("gained", "lost"), ("pass", "fail"), ("cut", "raise"),
    ("before", "after"), ("above", "below"),
)
# Converse pairs: their swap with the two sides swapped is a paraphrase ("A won against B" /
# "B lost to A"); they count only when the subject before them is the same on both sides.
CONVERSE_PAIRS = frozenset({
    ("win", "lose"), ("won", "lost"), ("victory", "defeat"), ("gain", "loss"), ("ahead", "behind"),
    ("win", "loss"), ("attack", "defend"), ("victim", "perpetrator"), ("friend", "enemy"),
    ("ally", "enemy"), ("gain", "lose"), ("gained", "lost"), ("before", "after"), ("above", "below")})
# Relations: their swap changes how two things relate in time or place, not what happened, so it
# is a contradiction only between two sentences otherwise word for word the same.
RELATION_WORDS = frozenset({"before", "after", "above", "below"})
# Irregular forms, so that "pled" meets "pleaded" and "fell" meets "fall" (lower case).
IRREGULAR_FORMS = {"pled": "plead", "fell": "fall", "fallen": "fall", "rose": "rise", "risen": "rise",
                   "won": "win", "lost": "lose", "grew": "grow", "grown": "grow", "shrank": "shrink",
                   "shrunk": "shrink", "began": "begin", "begun": "begin",
                   "died": "die", "dying": "die", "forgot": "forget", "forgotten": "forget",
                   "brought": "bring", "took": "take", "taken": "take", "gave": "give",
                   "given": "give", "struck": "strike", "hid": "hide", "hidden": "hide",
                   "knew": "know", "known": "know"}


@lru_cache(maxsize=65536)  # the same words recur in every sentence of a story
def stem(word: str) -> str:
    """A light, deterministic stem: inflections of one word meet ("pleaded", "pleads", "pleading",
    "pled" -> "plead"; "denied", "denies", "deny" -> "deni"; "rose" and "rise" -> "ris")."""
    w = word.lower().replace("\u2019", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = IRREGULAR_FORMS.get(w, w)
    if len(w) <= 3 or not w.isalpha():
        return w
    for suf in ("ing", "ed", "es", "s"):
        if w.endswith(suf) and len(w) - len(suf) >= 3 and not w.endswith("ss"):
            w = w[:-len(suf)]
            break
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]  # "stopped" -> "stopp" -> "stop"
    if w.endswith("y") or w.endswith("i"):
        w = w[:-1] + "i"
    elif w.endswith("e") and len(w) > 3:
        w = w[:-1]
    return w


def _opposite_stems() -> dict[str, frozenset[str]]:
    acc: dict[str, set[str]] = {}
    for a, b in OPPOSITE_PAIRS:
        sa, sb = stem(a), stem(b)
        acc.setdefault(sa, set()).add(sb)
        acc.setdefault(sb, set()).add(sa)
    return {k: frozenset(v - {k}) for k, v in acc.items()}


# Stem -> the stems of its opposites; the converse pairs as pairs of stems.
OPPOSITES: dict[str, frozenset[str]] = _opposite_stems()
CONVERSE_STEMS = frozenset(frozenset((stem(a), stem(b))) for a, b in CONVERSE_PAIRS)


def are_opposites(a: str, b: str) -> bool:
    """``a`` and ``b`` (words, any inflection) are opposites ("rose" / "fell", "guilty" / "innocent")."""
    return stem(b) in OPPOSITES.get(stem(a), ())

"""The regular expressions and word lists that recognise scraping debris.

Hand-written on purpose: no maintained library recognises *in-text* scraping debris (photo
credits glued to sentences, related-story headlines dropped mid-paragraph, newsletter lines);
HTML extractors such as trafilatura drop page furniture from markup, but the inputs here are often
already flattened text.  Every pattern is anchored or constrained so that real sentences that
merely mention an agency, a newsletter or copyright survive (see tests/test_cleaning_debris.py).
"""
from __future__ import annotations

import re

from .. import lexicon

# --- credits ---------------------------------------------------------------------------------
_NAME_WORD = r"[A-Z\u00c0-\u00de][\w'\u2019.\-]*"
_PARTICLE = r"(?:de|da|del|della|di|van|von|der|den|le|la|al|el|bin|ibn|dos|du|y)"
NAME = rf"{_NAME_WORD}(?:[ \u00a0](?:{_NAME_WORD}|{_PARTICLE})){{0,4}}"
AGENCY = (
    r"(?:AP|AFP|Reuters|REUTERS|Getty Images|Getty|EPA(?:-EFE)?|EFE|Bloomberg(?: News)?|"
    r"Shutterstock|Alamy(?: Stock Photo)?|PA(?: Images| Wire| Media)?|Xinhua|ANP|dpa|DPA|"
    r"Sipa(?: USA)?|SOPA Images|NurPhoto|LightRocket|Anadolu(?: Agency)?|ZUMA(?: Wire| Press)?|"
    r"Redux|Polaris|Pool|POOL|Imagn|USA TODAY(?: NETWORK| Sports)?|Newscom|Abaca|Kyodo|Yonhap|"
    r"TASS|Sputnik|AAP|Handout|HANDOUT|Courtesy|(?:The )?Associated Press)"
)
_SLASH = r"[ \u00a0]?/[ \u00a0]?"
_VIA = rf"[ \u00a0]via[ \u00a0](?:Getty Images|{NAME})"
_PHOTOGRAPHER_CREDIT = (
    rf"(?:AP|Reuters|AFP|EPA|PA)[ \u00a0]Photo{_SLASH}{NAME}(?:,[ \u00a0]?(?:File|Pool))?"  # AP Photo/Name
    rf"|(?:Photo(?:graph)?s?|Image|Picture|Credit|Photo credit|Illustration)[ \u00a0]?(?::|by)[ \u00a0]?"
    rf"{NAME}(?:{_SLASH}{NAME})?(?:{_VIA})?"  # Photo: Name/Agency
    rf"|{NAME}{_SLASH}(?:{AGENCY}|{NAME})(?:{_VIA})?"  # Name/Agency, Name/AFP via Getty Images
    rf"|(?:{AGENCY}|{NAME}){_VIA}"  # AFP via Getty Images
    rf"|Getty Images|Shutterstock|Alamy(?: Stock Photo)?"
)
CREDIT_BODY = rf"(?:{_PHOTOGRAPHER_CREDIT}|{AGENCY})"
# Credits that name a photographer or a photo service: enough to call the text before them a
# caption.  A bare "AP" or "Reuters" after a sentence may be a story credit: only the credit goes.
PHOTO_CREDIT = re.compile(rf"[(\[]?(?:{_PHOTOGRAPHER_CREDIT})[)\]]?\.?")
# A credit that is the whole fragment, optionally in brackets.
CREDIT_ONLY = re.compile(rf"[(\[]?{CREDIT_BODY}[)\]]?\.?")
# A credit at the very end of a fragment (caption text before it, maybe without a full stop).
CREDIT_AT_END = re.compile(rf"(?<=\s)[(\[]?(?:{CREDIT_BODY})[)\]]?\s*$")
# A credit glued to the start of the next sentence ("Rod Smith/AP The agency said...").  Bare
# one-word agency names are excluded: "Reuters Chief Executive ..." is a sentence.
CREDIT_GLUED = re.compile(
    rf"^(?:(?:AP|Reuters|AFP|EPA)[ \u00a0]Photo{_SLASH}{NAME}|{NAME}{_SLASH}(?:{AGENCY}|{NAME})(?:{_VIA})?"
    rf"|(?:Photo(?:graph)?|Image|Credit)[ \u00a0]?:[ \u00a0]?{NAME}{_SLASH}(?:{AGENCY}|{NAME})"
    rf"|(?:{AGENCY}|{NAME}){_VIA}|Getty Images)(?=\s+[\"\u201c]?[A-Z])"
)
# A bracketed credit inside a sentence: "(AP Photo/Jane Doe)", "(Photo: Jane Doe/Reuters)".
CREDIT_BRACKETED = re.compile(
    rf"[(\[](?:(?:AP|Reuters|AFP|EPA|PA)[ \u00a0]Photo{_SLASH}|(?:Photo(?:graph)?|Image|Picture|Credit)"
    rf"[ \u00a0]?(?::|by)[ \u00a0]?)[^()\[\]]{{1,80}}[)\]]"
)

# --- UI words and page furniture ---------------------------------------------------------------
UI_ONLY = re.compile(
    r"(?:Comments?|Advertisement|ADVERTISEMENT|Ad|Share(?: this (?:article|story)| full article)?|"
    r"Listen(?: to this article)?(?:[ \u00a0]*\d+[ \u00a0]*min(?:s|utes)?)?|Save(?: article)?|"
    r"Gift(?: this)? article|Print|Email|Tweet|Watch|Play|Close|Menu|Follow|Like|Reply|"
    r"Show more|Load more|Read more|See more|Expand|Toggle|Sponsored|Sponsored content)"
    r"[\s.:!\u00b7|]*",
    re.I,
)
# A stray interface word at the very start of the text, before the first real sentence.  Words
# that are also verbs ("Share", "Print") only count when a capitalised word follows.
UI_LEADING = re.compile(
    r"^(?:Comments?|Advertisement|ADVERTISEMENT|Share(?: this (?:article|story)| full article)?|"
    r"Listen(?: to this article)?(?:[ \u00a0]*\d+[ \u00a0]*min(?:s|utes)?)?|Save(?: article)?|"
    r"Gift(?: this)? article|Print|Email|Skip to (?:main )?content)"
    r"(?:[ \u00a0]*[:\u00b7|\-\u2013][ \u00a0]*|\s+)(?=[\"\u201c\u2018(]?[A-Z0-9])"
)
# Page furniture glued to the start of the next sentence inside one long paragraph.
UI_GLUED = re.compile(
    r"^(?:Advertisement|ADVERTISEMENT|Skip Advertisement|Story continues below(?: advertisement)?|"
    r"Continue reading the main story|Advertisement ?[-\u2013\u00b7] ?Scroll to continue)\s+(?=[\"\u201c]?[A-Z])"
)
BOILERPLATE = re.compile(
    r"(?:skip to (?:main )?content|story continues below(?: advertisement)?|"
    r"continue reading(?: the main story)?|scroll to continue(?: with content)?|"
    r"advertisement ?[-\u2013\u00b7] ?scroll to continue|click here\b.{0,80}|"
    r"read (?:the )?full (?:story|article).{0,60}|related(?: topics| articles| stories| coverage| content)?|"
    r"more on this story|more from .{1,40}|top stories|most (?:read|popular|viewed)|"
    r"share (?:this|the) (?:article|story|page)(?: on .{1,30})?|share on (?:facebook|twitter|x|linkedin|whatsapp|email)|"
    r"share via (?:email|facebook|twitter|whatsapp)|copy (?:the )?link|link copied|"
    r"follow us on .{1,40}|follow .{1,30} on (?:twitter|facebook|instagram|x)|"
    r"we use cookies\b.{0,200}|(?:accept|reject|manage) (?:all )?cookies|cookie (?:settings|preferences|policy)|"
    r"privacy (?:policy|notice|settings)|terms (?:of use|of service|and conditions)|"
    r"contact us|about us|back to top|open in (?:the )?app|download (?:the|our) .{1,30} app.{0,40}|"
    r"sign in|log ?in|log out|register|loading\W*|this video can ?not be played.{0,80}|"
    r"image source, ?.{1,60}|media caption, ?.{1,200}|image copyright,? ?.{1,60}|"
    r"listen to this article.{0,30}|\d+ min(?:ute)?s? read|subscribe (?:from|for) .{1,40}|"
    r"already a subscriber\??.{0,40}|become a (?:member|subscriber).{0,60}|"
    r"support (?:our|independent) journalism.{0,80}|supported by|gift (?:this )?article|"
    r"\d+ min(?:s|utes)?(?: read| listen)?|our standards: .{1,80})[\s.!?:]*",
    re.I,
)
# A byline left as its own paragraph: "By Jane Doe", "By Jane Doe and Sam Roe, CNN", "By JANE DOE".
BYLINE = re.compile(rf"By[ \u00a0]+{NAME}(?:(?:,|,? and|,? &)[ \u00a0]+{NAME})*(?:[ \u00a0]*[|\u2013\u2014-][ \u00a0]*{NAME})?\.?")
# "Updated 5:32 PM EST, Sat November 12, 2022", "First published on Mon 12 Nov 2022 10.00 GMT"
_MONTH = r"(?i:" + "|".join(m[:3] for m in lexicon.MONTHS) + r")[a-z]*\.?"
_WEEKDAY = r"(?i:" + "|".join(d[:3] for d in lexicon.WEEKDAYS) + r")[a-z]*\.?"
_STAMP_TOKEN = rf"(?:\d[\d:./-]*|{_MONTH}|{_WEEKDAY}|[AaPp]\.?[Mm]\.?|[A-Z]{{2,4}}|at|on|[+-]\d+)"
DATESTAMP = re.compile(
    rf"(?i:first published|last modified|last updated|updated|published|posted)(?: on| at)?:?"
    rf"(?:[ \u00a0,]+{_STAMP_TOKEN}){{1,10}}[ .]*"
)
IMAGE_CAPTION = re.compile(r"(?:image|photo|picture) caption, ?.{1,300}", re.I)

# --- newsletter / subscription promotions ----------------------------------------------------------
_PROMO_WORD = re.compile(
    r"\b(?:subscri\w+|sign(?:ing)?[\s-]?up|newsletters?|inbox|briefing|digest|e-?mail alerts?|"
    r"membership|podcast|our app)\b", re.I)
_IMPERATIVE = re.compile(
    r"^(?:sign up|subscribe|get (?:the|our)|join|register|don['\u2019]t miss|never miss|"
    r"want (?:more|to get|the latest)|like this|enjoy(?:ed)? (?:this|reading)|follow (?:us|our)|"
    r"download (?:the|our)|click|tap|enter your e-?mail|already a subscriber|become a (?:member|subscriber)|"
    r"for (?:more|the latest)|stay (?:informed|up to date)|receive)\b", re.I)
_SECOND_PERSON = re.compile(r"\byou(?:r)?\b", re.I)
_NEWSLETTER_YOU = re.compile(r"\b(?:newsletters?|inbox)\b", re.I)
_DELIVERY = re.compile(r"\b(?:subscri\w+|sign(?:ing)?[\s-]?up|delivered|receive|get)\b", re.I)

# --- copyright and legal footers ---------------------------------------------------------------
COPYRIGHT_START = re.compile(r"^\s*(?:\u00a9|\(c\)\s*\d{4}|copyright\s*(?:\u00a9|\(c\))?\s*\d{4}|copyright\s*\u00a9)",
                             re.I)
LEGAL = re.compile(
    r"\ball rights reserved\b|"
    r"\bnot responsible for the content of (?:\w+ ){0,2}external\b|"
    r"\b(?:read about|see|read) our (?:approach|policy|policies|guidelines) (?:to|on|for) (?:\w+ ){0,2}(?:external|links?|linking)\b|"
    r"\bsolely responsible for all content\b|"
    r"\bthis (?:material|article|content|story) (?:may|must) not be (?:\w+ ){0,2}(?:published|broadcast|rewritten|redistributed|reproduced)\b",
    re.I,
)

# --- contributor lines -------------------------------------------------------------------------
CONTRIBUTOR = re.compile(
    r"^(?P<names>[A-Z][^.!?]{1,150}?)\s+contributed(?:\s+(?:reporting|research|to\s+this\s+(?:report|story|article|piece|coverage)))?"
    r"(?:\s+(?:from|in)\s+[A-Z][^.!?]{0,60})?\s*\.?$"
)
REPORTING_BY = re.compile(r"^\(?(?:additional )?(?:reporting|writing|editing|research|compiled) by\b.{1,200}$", re.I)
_NAME_LIST_WORDS = frozenset({"and", "of", "the", "from", "in", "for", "at", "&"})

# --- inline related-story headlines -------------------------------------------------------------
RELATED_PREFIX = re.compile(r"^(?:read more|related|see also|more|watch|read|also read|recommended)\s*[:\u2013\u2014-]\s+\S", re.I)
FUNCTION_WORDS = frozenset(
    """a an the this that these those his her its their our my your of to in on at by for from
    with without into onto over under about after before during since until than as like via per
    and or but nor so yet if because while when where whether which who whom whose what how why
    is was are were be been being am has have had do does did will would can could may might must
    shall should not no also only just very more most much many some any each every all both
    either neither other another such own same said says say saying told tell tells telling asked
    ask asks according reported reports wrote writes write added adds noted notes called calls
    named including include includes against between among around across through toward towards
    upon within along behind beyond near amid despite plus minus versus vs then there here""".split()
)
SPEECH_VERBS = frozenset(
    """said says say told tells tell asked asks wrote writes believe believes believed think thinks
    thought warn warns warned argue argues argued claim claims claimed insist insists insisted know
    knows knew suggest suggests suggested show shows showed found find finds reported report noted
    added hope hopes hoped fear fears feared announced confirm confirms confirmed revealed reveals
    learned heard hear hears agreed agree agrees expects expected""".split()
)
SENTENCE_STARTERS = frozenset(w.capitalize() for w in lexicon.SENTENCE_STARTERS)
PRONOUN_STARTERS = frozenset("He She They It We".split())
FINITE_VERBS = frozenset(
    """is was are were has have had will would could can may might must should did does do said
    says told tells added announced confirmed denied insisted refused resigned stepped declined
    agreed wrote called accepted warned argued claimed noted asked plans wants expects remains
    released appreciated thanked urged vowed faces faced""".split()
)
ROLE_WORDS = frozenset(
    """chief head boss member members official officials agent agents staff colleague colleagues
    friend friends wife husband son daughter mother father brother sister partner aide aides
    deputy candidate rival nominee star coach judge justice envoy counterpart predecessor
    successor team town city village state county country province region river company firm
    group party band album film book show series magazine newspaper agency ship airline brand
    secretary minister president host anchor""".split()
)
ROLE_SUFFIXES = ("er", "or", "ist", "ian", "man", "men", "woman", "women", "person", "ary", "ant",
                 "ent", "eer", "ee", "ess")
CLAUSE_WORDS = frozenset(
    """what which who whom whose where when why how because although though if whether than while
    but or nor so i you we me""".split()
)
HEADLINE_VERBS = frozenset(
    """says say warns warn urges urge calls call vows vow faces face rejects reject refuses refuse
    resigns resign quits quit begins begin counts count seeks seek plans plan denies deny slams slam
    backs back blames blame wins win loses lose dies die kills kill hits hit opens open closes close
    launches launch announces announce confirms confirm reveals reveal admits admit orders order
    agrees agree fails fail leaves leave joins join returns return steps step asks ask sues sue
    charged arrested killed injured named appointed fired ousted confirmed""".split()
)
VERB_MARKERS = frozenset("to will would could can may might must should did does do not never".split())
DETERMINERS = frozenset("the a an this that its his her their our my your".split())


def is_promo(sentence: str) -> bool:
    """A newsletter or subscription promotion (addresses the reader), not a sentence about one."""
    s = sentence.strip()
    if len(s.split()) > 45 or not _PROMO_WORD.search(s):
        return False
    if _IMPERATIVE.search(s):
        return True
    return bool(_SECOND_PERSON.search(s) and _NEWSLETTER_YOU.search(s) and _DELIVERY.search(s))


def is_legal(sentence: str) -> bool:
    s = sentence.strip()
    return bool(COPYRIGHT_START.search(s)) or (len(s.split()) <= 40 and bool(LEGAL.search(s)))


def is_contributor_line(sentence: str) -> bool:
    s = sentence.strip()
    if len(s.split()) > 30:
        return False
    if REPORTING_BY.match(s):
        return True
    m = CONTRIBUTOR.match(s)
    if not m:
        return False
    if re.search(r"contributed (?:reporting|research|to this (?:report|story|article))", s) and len(s.split()) <= 20:
        return True  # "Staff writer Jane Doe contributed to this report."
    words = re.findall(r"[\w'\u2019.\-]+", m.group("names"))
    return bool(words) and all(w[0].isupper() or w.lower() in _NAME_LIST_WORDS for w in words)


def is_boilerplate(fragment: str) -> bool:
    s = fragment.strip()
    if len(s.split()) <= 12 and DATESTAMP.fullmatch(s):
        return True
    return len(s.split()) <= 40 and bool(BOILERPLATE.fullmatch(s))


def is_ui_only(fragment: str) -> bool:
    return bool(UI_ONLY.fullmatch(fragment.strip()))


def is_credit_only(fragment: str) -> bool:
    s = fragment.strip()
    return len(s.split()) <= 12 and bool(CREDIT_ONLY.fullmatch(s))


# --- issue 9: datelines, share widgets, form text, image credits, embed and archive notices ------
# Each pattern is general (the shape of the thing, not the words of one site) and was checked on
# the extraction benchmark's clean bodies (tests/test_cleaning_floor.py) and on hand-written pages
# (tests/test_cleaning_debris_kinds.py).

# A dateline opens a wire-style report: "WASHINGTON \u2014", "KYIV, Ukraine \u2014", "LIMA, Dec 1
# (Reuters) -", "NEW YORK (AP) \u2014", "Washington (CNN)The ...", "(Reuters) - ".  The place is in
# capitals unless a bracketed agency follows it; a dash (or the agency) must end it.
_DL_PLACE_CAPS = r"[A-Z][A-Z.'\u2019\-]+(?:[ \u00a0][A-Z][A-Z.'\u2019\-]+){0,3}"
_DL_PLACE_ANY = r"[A-Z][A-Za-z.'\u2019\-]+(?:[ \u00a0][A-Z][A-Za-z.'\u2019\-]+){0,3}"
_DL_REGION = r"(?:,[ \u00a0]+[A-Z][A-Za-z.'\u2019\-]+(?:[ \u00a0][A-Z][A-Za-z.'\u2019\-]+){0,2})?"
_DL_DATE = (rf"(?:,[ \u00a0]+(?P<date>(?:{_MONTH}[ \u00a0]+\d{{1,2}}|\d{{1,2}}[ \u00a0]+{_MONTH}|{_WEEKDAY})"
            rf"(?:,?[ \u00a0]+\d{{4}})?))?")
_DL_AGENCY = r"[ \u00a0]*\((?P<agency>[A-Z][\w.&'\u2019 \-]{0,30}?)\)"
_DL_DASH = r"[ \u00a0]*(?:--|[-\u2013\u2014])[ \u00a0]*"
_DL_NEXT = r"(?=[\"\u201c\u2018']?[A-Z0-9])"
DATELINE_CAPS = re.compile(
    rf"(?P<place>{_DL_PLACE_CAPS})(?P<region>{_DL_REGION}){_DL_DATE}(?:{_DL_AGENCY})?{_DL_DASH}{_DL_NEXT}")
DATELINE_AGENCY = re.compile(
    rf"(?P<place>{_DL_PLACE_ANY})(?P<region>{_DL_REGION}){_DL_DATE}{_DL_AGENCY}(?:{_DL_DASH}|[ \u00a0]*){_DL_NEXT}")
DATELINE_BARE_AGENCY = re.compile(rf"\((?P<agency>[A-Z][\w.&'\u2019 \-]{{0,30}}?)\){_DL_DASH}{_DL_NEXT}")
# Capitalised openers that are labels, not places: "BREAKING \u2014", "UPDATE \u2014".
NOT_PLACES = frozenset("""BREAKING UPDATE UPDATED EXCLUSIVE WATCH LIVE VIDEO PHOTOS OPINION ANALYSIS
    EDITORIAL COMMENTARY REVIEW NEW NOTE EDITOR'S EDITOR\u2019S CORRECTION CLARIFICATION FACT CHECK
    WARNING SPOILER PODCAST LISTEN READ MORE ALSO RELATED SPONSORED AD ADVERTISEMENT""".split())

# Share widgets: a run of share buttons and counts ("936 SHARES Share Tweet", "Share on Facebook
# Share on Twitter Email").  At least two tokens, one of them about sharing or tweeting.
_SHARE_TOKEN = (
    r"(?:\d[\d,.]*[KkMm]?[ \u00a0]+(?:SHARES?|[Ss]hares?|COMMENTS?|[Cc]omments?|VIEWS|[Vv]iews)"
    r"|(?:Share|SHARE|share)(?:[ \u00a0](?:on|via|this|to))?(?:[ \u00a0](?:Facebook|Twitter|X|WhatsApp|LinkedIn|Email|E-mail|Reddit|Pinterest|story|article))?"
    r"|Tweet|TWEET|Pin(?:[ \u00a0][Ii]t)?|Email|E-?mail|EMAIL|Facebook|FACEBOOK|Twitter|TWITTER|WhatsApp|Whatsapp|LinkedIn|Linkedin"
    r"|Reddit|Pinterest|Print|Copy[ \u00a0][Ll]ink|Messenger|Flipboard|Pocket|Telegram|SMS|Comment|Comments)"
)
SHARE_RUN = re.compile(rf"{_SHARE_TOKEN}(?:[ \u00a0]*[|\u00b7\u2022,/]?[ \u00a0]*{_SHARE_TOKEN})+[ \u00a0]*[|\u00b7\u2022:]?")
_SHAREISH = re.compile(r"share|tweet", re.I)

# Form and captcha text addressed to the reader.
FORM_TEXT = re.compile(
    r"(?:(?:please[ ,]+)?(?:you[ \u00a0]+must[ \u00a0]+)?(?:enter|type|re-?type|re-?enter|fill[ \u00a0]+(?:in|out))[ \u00a0]+"
    r"(?:the|your|a|an|all|in)\b.{0,100}?\b(?:characters?|code|captcha|e-?mail(?:[ \u00a0]+address)?|password|user[ \u00a0]?name|fields?|box|form|zip|postcode)\b.*"
    r"|(?:this|the)[ \u00a0]+(?:field|e-?mail(?:[ \u00a0]+address)?)[ \u00a0]+is[ \u00a0]+(?:required|invalid|not[ \u00a0]+valid).*"
    r"|(?:please[ \u00a0]+)?(?:enter|provide)[ \u00a0]+a[ \u00a0]+valid\b.*"
    r"|(?:invalid|incorrect)[ \u00a0]+(?:e-?mail|code|captcha|password|characters)\b.*"
    r"|required[ \u00a0]+fields[ \u00a0]+are[ \u00a0]+marked.*"
    r"|by[ \u00a0]+(?:clicking|submitting|signing[ \u00a0]+up|registering|continuing)\b.{0,160}\byou\b.{0,60}\b(?:agree|consent|accept)\b.*"
    r"|thank(?:s|[ \u00a0]+you)[ \u00a0]+for[ \u00a0]+(?:signing[ \u00a0]+up|subscribing|registering|your[ \u00a0]+(?:submission|feedback|interest))\b.*"
    r"|(?:please[ \u00a0]+)?(?:verify|prove|confirm)[ \u00a0]+(?:that[ \u00a0]+)?you(?:'re|\u2019re|[ \u00a0]+are)[ \u00a0]+(?:not[ \u00a0]+a[ \u00a0]+robot|(?:a[ \u00a0]+)?human)\b.*"
    r"|(?:i'?m|i\u2019m|i[ \u00a0]+am)[ \u00a0]+not[ \u00a0]+a[ \u00a0]+robot.*"
    r"|(?:submit|send|cancel|reset)\W*)",
    re.I | re.S,
)

# Image credits: "Image copyright Getty Images Image caption ...", "astrophotographer: Jane Doe",
# "Photo courtesy of Jane Doe", "Credit: Jane Doe/Harbour Times".
IMAGE_LABEL_START = re.compile(r"(?:image|photo|picture|video|media)[ \u00a0]+(?:copyright|source|caption|credit)s?\b", re.I)
_ROLE = (r"[\w\-]*(?:[Pp]hotographer|[Ii]llustrator|[Vv]ideographer|[Pp]hoto(?:graph)?|[Ii]mage|[Pp]icture"
         r"|[Gg]raphic|[Cc]redit|[Cc]ourtesy)s?")
ROLE_CREDIT = re.compile(
    rf"(?:(?:[a-z\-]+[ \u00a0]){{0,2}}{_ROLE}(?:[ \u00a0](?:credit|by|of))?[ \u00a0]*:[ \u00a0]*|(?:[Pp]hoto|[Ii]mage|[Pp]icture)[ \u00a0]courtesy[ \u00a0](?:of[ \u00a0])?)"
    rf"{NAME}(?:{_SLASH}{NAME})*(?:,[ \u00a0]?{NAME})?\.?"
)
ROLE_CREDIT_AT_END = re.compile(rf"(?<=[\s.!?\u201d\"])(?:{ROLE_CREDIT.pattern})\s*$")

# Notices of embedded posts and videos, and of web archives, addressed to the reader or about the
# archive's own crawl: a line telling the reader what to do with their posts or their browser, or
# a web archive describing where its copy of the page came from.
_EMBED_PLATFORM = re.compile(
    r"\b(?:tweets?|twitter|location[ \u00a0]+history|browser|javascript|embed(?:ded)?|third-party[ \u00a0]+applications?"
    r"|instagram|youtube|video[ \u00a0]+player|this[ \u00a0]+(?:video|post|content|media))\b", re.I)
_EMBED_UI_VERB = re.compile(
    r"\b(?:add|enable|update|upgrade|support|view|watch|delete|turn[ \u00a0]+on|load|play|option|unavailable|"
    r"not[ \u00a0]+available|no[ \u00a0]+longer[ \u00a0]+available|been[ \u00a0]+removed)\b", re.I)
_READER = re.compile(r"\b(?:you|your)\b|^(?:please|this[ \u00a0]+(?:video|post|content|media))\b", re.I)
_ARCHIVE_NAME = re.compile(r"\b(?:internet[ \u00a0]+archive|wayback[ \u00a0]+machine|web\.archive\.org|alexa[ \u00a0]+internet)\b", re.I)
_ARCHIVE_WORK = re.compile(r"\b(?:crawl\w*|snapshots?|captur\w+|donat\w+|embargo)\b", re.I)
_QUOTED = re.compile(r"[\"\u201c\u201d]")

# A closing quote mark or bracket left on its own, split from the sentence it closes ("... he
# said. \u201d The ...").  Straight quotes and opening marks are never cut: they may open a quote.
STRAY_MARK = re.compile(r"(?<=[.!?,])[ \u00a0]+[\u201d\u2019)\]](?=\s|$)")
STRAY_ONLY = re.compile(r"[\s\"'\u201c\u201d\u2018\u2019()\[\]]+")


def is_share_widget(fragment: str) -> bool:
    s = fragment.strip()
    return bool(SHARE_RUN.fullmatch(s)) and bool(_SHAREISH.search(s))


def is_form_text(fragment: str) -> bool:
    s = fragment.strip()
    return len(s.split()) <= 40 and bool(FORM_TEXT.fullmatch(s))


def is_embed_notice(fragment: str) -> bool:
    """A notice of an embedded post or video, or of a web archive's crawl (not a sentence about
    one: quoted speech and long sentences are never notices)."""
    s = fragment.strip()
    if len(s.split()) > 45 or _QUOTED.search(s):
        return False
    if _ARCHIVE_NAME.search(s) and _ARCHIVE_WORK.search(s):
        return True
    return bool(_READER.search(s) and _EMBED_PLATFORM.search(s) and _EMBED_UI_VERB.search(s))


def is_image_credit(fragment: str) -> bool:
    s = fragment.strip()
    return len(s.split()) <= 14 and bool(ROLE_CREDIT.fullmatch(s))

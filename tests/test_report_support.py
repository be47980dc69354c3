"""A hand-built StoryAnalysis (a made-up story written for these tests) shared by the summarize and
report tests, plus checks that the fixture itself is consistent.

Four outlets report that a (fictional) city water director resigned after a dam spillway cracked.
Planted: an age contradiction (58 vs 59), a development (she would not resign -> she resigned),
a reworded quote, a suspect spelling (Reyez vs Reyes), a monthly vs yearly figure (not a
contradiction), loaded wording in one outlet ("embattled water czar", "chaos rages"), exclusives,
a removal and a failed file.
"""
from __future__ import annotations

from newsprism.model import (
    Article, Claim, Contradiction, ContradictionSide, Development, DevelopmentStep, Difference,
    Entity, Evidence, Exclusive, QuoteGroup, QuoteVariant, ReadFailure, Removal, StoryAnalysis,
    SuspectSpelling, TimelineEvent,
)

TEXTS = {
    "Valley Courier": (
        "2025-03-14",
        "Water director resigns after dam crack",
        "Riverton water director Dana Whitfield resigned on Friday, two days after a crack forced "
        "the closure of the Millbrook Dam spillway.\n\n"
        "Whitfield, 58, said in a letter to the city council that the city deserved a fresh start.\n\n"
        "Engineers found the crack during a routine inspection on Wednesday, and the spillway has "
        "been closed since then.\n\n"
        "The council will appoint an interim director next week, council president Omar Reyes said.\n\n"
        "Repairs are expected to cost about 4 million dollars, according to a city estimate.",
    ),
    "Daily Ledger": (
        "2025-03-14",
        "Riverton water chief steps down",
        "Dana Whitfield, the director of the Riverton water department, resigned on Friday, two days "
        "after a crack forced the closure of the Millbrook Dam spillway.\n\n"
        "Whitfield, 59, had led the department for eleven years.\n\n"
        "Engineers found the crack during a routine inspection on Wednesday.\n\n"
        "\u201cThe city deserves a fresh start,\u201d Whitfield wrote in her letter.\n\n"
        "The department spent 1.2 million dollars on dam maintenance last year.\n\n"
        "Residents downstream were told that there was no risk of flooding from the damaged spillway.",
    ),
    "Metro Wire": (
        "2025-03-13",
        "Dam spillway closed after inspectors find crack",
        "Riverton officials closed the Millbrook Dam spillway after engineers found a crack during a "
        "routine inspection on Wednesday.\n\n"
        "Water director Dana Whitfield, 58, said on Thursday that she would not resign.\n\n"
        "Repairs are expected to cost about 4 million dollars, according to a city estimate.\n\n"
        "The city budgets about 100,000 dollars a month for dam maintenance.\n\n"
        "The dam holds back the reservoir that supplies most of the city's drinking water.",
    ),
    "Evening Post": (
        "2025-03-15",
        "Embattled water czar quits as dam chaos rages",
        "Riverton's embattled water czar Dana Whitfield quit on Friday as chaos rages over the "
        "cracked Millbrook Dam spillway.\n\n"
        "\u201cThe city needs a fresh start,\u201d Whitfield, 58, wrote to the city council.\n\n"
        "The council will appoint an interim director next week, council president Omar Reyez said.\n\n"
        "Local anglers said the river below the dam had been unusually low all week.",
    ),
}


def ev(article: Article, fragment: str) -> Evidence:
    start = article.text.index(fragment)
    return Evidence.of(article, start, start + len(fragment))


def build_articles(hostile: str | None = None) -> list[Article]:
    arts = []
    for n, (outlet, (date, title, text)) in enumerate(TEXTS.items(), start=1):
        if hostile and n == 4:
            text = text + "\n\n" + hostile
        arts.append(Article(
            id=f"art{n}", source=f"story/{n}.txt", text=text, title=title, outlet=outlet,
            outlet_from="field", published=date, published_from="header",
            removals=[Removal("Photo: City of Riverton", "photo-caption", "paragraph 3")] if n == 1 else [],
        ))
    return arts


def build_story(hostile: str | None = None) -> StoryAnalysis:
    """The fixture StoryAnalysis.  ``hostile`` text is appended to the Evening Post article."""
    a1, a2, a3, a4 = arts = build_articles(hostile)

    def claim(cid, text, pairs):
        evid = [ev(a, f) for a, f in pairs]
        ids = [a.id for a, _ in pairs]
        return Claim(cid, text, ids, [a.outlet for a, _ in pairs], len(ids), evid)

    resigned = claim("c1", "Dana Whitfield resigned on Friday", [
        (a1, "Riverton water director Dana Whitfield resigned on Friday, two days after a crack forced "
             "the closure of the Millbrook Dam spillway."),
        (a2, "Dana Whitfield, the director of the Riverton water department, resigned on Friday, two "
             "days after a crack forced the closure of the Millbrook Dam spillway."),
        (a4, "Riverton's embattled water czar Dana Whitfield quit on Friday as chaos rages over the "
             "cracked Millbrook Dam spillway."),
    ])
    crack = claim("c2", "Engineers found the crack during a routine inspection on Wednesday", [
        (a1, "Engineers found the crack during a routine inspection on Wednesday, and the spillway has "
             "been closed since then."),
        (a2, "Engineers found the crack during a routine inspection on Wednesday."),
        (a3, "Riverton officials closed the Millbrook Dam spillway after engineers found a crack during "
             "a routine inspection on Wednesday."),
    ])
    interim = claim("c3", "The council will appoint an interim director next week", [
        (a1, "The council will appoint an interim director next week, council president Omar Reyes said."),
        (a4, "The council will appoint an interim director next week, council president Omar Reyez said."),
    ])
    cost = claim("c4", "Repairs are expected to cost about 4 million dollars", [
        (a1, "Repairs are expected to cost about 4 million dollars, according to a city estimate."),
        (a3, "Repairs are expected to cost about 4 million dollars, according to a city estimate."),
    ])
    age = Contradiction(
        kind="age", subject="Dana Whitfield", attribute="age",
        sides=[
            ContradictionSide("58", 58.0, [a1.id, a3.id, a4.id], [a1.outlet, a3.outlet, a4.outlet],
                              [ev(a1, "58"), ev(a3, "58"), ev(a4, "58")]),
            ContradictionSide("59", 59.0, [a2.id], [a2.outlet], [ev(a2, "59")]),
        ],
        explanation="Outlets give Dana Whitfield different ages.",
    )
    maintenance = Difference(
        kind="different-period", subject="dam maintenance", attribute="spending",
        sides=[
            ContradictionSide("1.2 million dollars", 1_200_000.0, [a2.id], [a2.outlet],
                              [ev(a2, "1.2 million dollars on dam maintenance last year")]),
            ContradictionSide("100,000 dollars a month", 100_000.0, [a3.id], [a3.outlet],
                              [ev(a3, "100,000 dollars a month for dam maintenance")]),
        ],
        explanation="A yearly total and a monthly budget describe different periods.",
    )
    development = Development(
        subject="Dana Whitfield", attribute="resignation",
        steps=[
            DevelopmentStep("2025-03-13", "said she would not resign", [a3.id], [a3.outlet],
                            [ev(a3, "said on Thursday that she would not resign")]),
            DevelopmentStep("2025-03-14", "resigned on Friday", [a1.id, a2.id], [a1.outlet, a2.outlet],
                            [ev(a1, "resigned on Friday"), ev(a2, "resigned on Friday")]),
        ],
        explanation="Metro Wire reported before the resignation; the later reports supersede it.",
    )
    whitfield = Entity("e1", "Dana Whitfield", "PERSON", ["Whitfield"],
                       [a.outlet for a in arts], [ev(a, "Dana Whitfield") for a in arts])
    reyes = Entity("e2", "Omar Reyes", "PERSON", ["Reyes"], [a1.outlet, a4.outlet],
                   [ev(a1, "Omar Reyes"), ev(a4, "Omar Reyez")],
                   [SuspectSpelling("Reyez", "Reyes", a4.id, a4.outlet, [ev(a4, "Reyez")],
                                    "one outlet spells the council president's name differently")])
    dam = Entity("e3", "Millbrook Dam", "FAC", [], [a1.outlet, a2.outlet, a3.outlet, a4.outlet],
                 [ev(a, "Millbrook Dam") for a in arts])
    quote = QuoteGroup(
        speaker="Dana Whitfield", text="The city deserves a fresh start", outlets=[a2.outlet, a4.outlet],
        variants=[
            QuoteVariant("The city deserves a fresh start", [a2.id], [a2.outlet],
                         [ev(a2, "The city deserves a fresh start")]),
            QuoteVariant("The city needs a fresh start", [a4.id], [a4.outlet],
                         [ev(a4, "The city needs a fresh start")]),
        ],
        reworded=True,
    )
    exclusives = [
        Exclusive(a2.id, a2.outlet, "Residents downstream were told there was no risk of flooding", 0.6,
                  [ev(a2, "Residents downstream were told that there was no risk of flooding from the "
                          "damaged spillway.")]),
        Exclusive(a3.id, a3.outlet, "The dam holds back the city's main drinking-water reservoir", 0.5,
                  [ev(a3, "The dam holds back the reservoir that supplies most of the city's drinking water.")]),
        Exclusive(a4.id, a4.outlet, "Anglers said the river had been unusually low", 0.3,
                  [ev(a4, "Local anglers said the river below the dam had been unusually low all week.")]),
    ]
    timeline = [
        TimelineEvent("2025-03-12", "day", "Engineers find a crack in the spillway",
                      "relative to published 2025-03-13", [a1.id, a2.id, a3.id],
                      [a1.outlet, a2.outlet, a3.outlet], [ev(a3, "on Wednesday")]),
        TimelineEvent("2025-03-13", "day", "Whitfield says she will not resign",
                      "relative to published 2025-03-13", [a3.id], [a3.outlet], [ev(a3, "on Thursday")]),
        TimelineEvent("2025-03-14", "day", "Whitfield resigns", "relative to published 2025-03-14",
                      [a1.id, a2.id, a4.id], [a1.outlet, a2.outlet, a4.outlet], [ev(a1, "on Friday")]),
        TimelineEvent(None, None, "An interim director is appointed", "unresolved: 'next week'",
                      [a1.id, a4.id], [a1.outlet, a4.outlet], [ev(a1, "next week")]),
    ]
    return StoryAnalysis(
        articles=arts, entities=[whitfield, reyes, dam], quotes=[quote],
        claims=[resigned, crack, interim, cost], agreements=[resigned, crack, interim, cost],
        contradictions=[age], differences=[maintenance], developments=[development],
        exclusives=exclusives, timeline=timeline,
        failures=[ReadFailure("story/notes.bin", "binary", "notes.bin is a binary file, not an article; remove it or convert it to text")],
    )


def _all_evidence(obj):
    import dataclasses

    if isinstance(obj, Evidence):
        yield obj
    elif dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            yield from _all_evidence(getattr(obj, f.name))
    elif isinstance(obj, (list, tuple)):
        for x in obj:
            yield from _all_evidence(x)


def test_fixture_evidence_matches_article_text():
    story = build_story()
    found = list(_all_evidence(story))
    assert len(found) > 20
    for e in found:
        assert e.text == story.article(e.article).text[e.start:e.end]

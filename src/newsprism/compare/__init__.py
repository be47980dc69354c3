"""compare: list[AnnotatedArticle] -> StoryAnalysis.

Reads:   annotated articles of one story.
Adds:    entities resolved across outlets (aliases, suspect spellings), claims aligned across
         outlets, agreements, contradictions, differences that are not contradictions,
         developments over time, exclusives, timeline, quote groups.

Public API:
    compare(annotated, options) -> StoryAnalysis
"""

"""summarize: StoryAnalysis -> Summary (headline + sentences, each citing its sources).

Public API:
    summarize(analysis, options) -> Summary
"""

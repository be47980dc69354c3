"""report: StoryAnalysis + Summary -> terminal, Markdown, JSON, self-contained HTML."""

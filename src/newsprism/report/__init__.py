"""report: StoryAnalysis + Summary -> terminal, Markdown, JSON, self-contained HTML.

Public API:
    newsprism.report.terminal.render_terminal(console, analysis, summary) -> None
    newsprism.report.markdown.render_markdown(analysis, summary) -> str          (deterministic)
    newsprism.report.jsonout.report_dict(analysis, summary) -> dict              (validated)
    newsprism.report.jsonout.render_json(analysis, summary) -> str
    newsprism.report.jsonout.validate_report(doc) -> None                        (raises ReportError)
    newsprism.report.html.render_html(analysis, summary, *, nav_html=None) -> str (one page)

What goes into each section is decided once, in ``common.py``.
"""

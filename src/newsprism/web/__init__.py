"""web: a local FastAPI app over a corpus store.

Public API::

    from newsprism.web.app import create_app
    app = create_app("corpus.db", Options())     # FastAPI; serve with uvicorn (`newsprism serve`)

Modules: app (factory, upload size limit, error pages, security headers), guard (Host names,
access token, same-origin writes with a per-session CSRF token), pages (server-rendered HTML:
list, search, story report or its progress, article, add form), api (JSON API under /api,
described at /openapi.json), docs (/docs from local Swagger UI files), service (store access per
thread, uploads; story reports come from corpus.reports, made in the background), templates/
(Jinja2, autoescaped), static/ (the docs page's start script).
"""

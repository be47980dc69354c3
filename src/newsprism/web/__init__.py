"""web: a local FastAPI app over a corpus store.

Public API::

    from newsprism.web.app import create_app
    app = create_app("corpus.db", Options())     # FastAPI; serve with uvicorn (`newsprism serve`)

Modules: app (factory, upload size limit, error pages, security headers), pages (server-rendered
HTML: list, search, story report, article, add form), api (JSON API under /api, described at
/openapi.json), service (store access per thread, cached story reports, uploads), templates/
(Jinja2, autoescaped).
"""

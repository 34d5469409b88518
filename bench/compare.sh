#!/usr/bin/env bash
# nerx next to spaCy on the same text: spaCy's statistical NER (en_core_web_sm) and a spaCy
# EntityRuler loaded with nerx's own default gazetteer (gazetteers/*.tsv, matched on lower case,
# as nerx folds ASCII case). Prints MB/s of text for each and the ratios to nerx.
#
# Usage: bench/compare.sh [CORPUS.jsonl] [BYTES]   (default: the 10 MB bench corpus, first 1 MB)
# Installs spaCy into a venv under $VENV (default /tmp/nerx-bench/venv; nothing in the repo).
# Takes minutes (install, 55k ruler patterns, spaCy's speed); not part of `cargo test`.
#
# en_core_web_sm: spaCy publishes its models as wheels on its GitHub releases, not on PyPI, so
# `pip install en_core_web_sm` fails here; only unofficial re-uploads exist on PyPI under other
# names. The script tries the official name and skips the row when it cannot get it. To use a
# wheel you trust, set SPACY_MODEL=/path/to/en_core_web_sm-*.whl (or a package name).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CORPUS=${1:-}
if [ -z "$CORPUS" ]; then
    for c in "$ROOT/../shared/bench-corpus/news-10mb.jsonl" /work/shared/bench-corpus/news-10mb.jsonl; do
        [ -f "$c" ] && CORPUS=$c && break
    done
fi
[ -f "${CORPUS:-}" ] || { echo "no corpus: pass a JSON Lines file" >&2; exit 2; }
BYTES=${2:-1000000}
TMP=${TMP:-/tmp/nerx-bench}
VENV=${VENV:-$TMP/venv}
mkdir -p "$TMP"

SAMPLE=$TMP/compare-sample.jsonl
awk -v max="$BYTES" '{ n += length($0) + 1; if (n > max) exit; print }' "$CORPUS" > "$SAMPLE"

if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install -q --disable-pip-version-check spacy
MODEL_OK=0
if "$VENV/bin/python" -c "import en_core_web_sm" 2>/dev/null; then
    MODEL_OK=1
elif "$VENV/bin/pip" install -q --disable-pip-version-check "${SPACY_MODEL:-en_core_web_sm}" 2>"$TMP/model-pip.txt"; then
    MODEL_OK=1
else
    echo "note: en_core_web_sm is not obtainable from PyPI (spaCy ships it from GitHub releases);"
    echo "      the spaCy NER row is skipped. Set SPACY_MODEL to a wheel to include it."
fi

cargo build --release -q --bin nerx
NERX=$ROOT/target/release/nerx

MODEL_OK=$MODEL_OK "$VENV/bin/python" - "$SAMPLE" "$NERX" "$ROOT/gazetteers" <<'PY'
import glob, json, os, subprocess, sys, time

sample, nerx, gazdir = sys.argv[1:4]
texts = [json.loads(l)["text"] for l in open(sample, encoding="utf-8") if l.strip()]
nbytes = sum(len(t.encode("utf-8")) for t in texts)
print(f"sample: {len(texts)} documents, {nbytes} bytes of text")

def timed(f):
    t = time.perf_counter(); n = f(); return time.perf_counter() - t, n

rows = []
for j in ("1", "2"):
    best = None
    for _ in range(3):
        t = time.perf_counter()
        subprocess.run([nerx, "--input", "jsonl", "-j", j, sample], check=True, stdout=subprocess.DEVNULL)
        el = time.perf_counter() - t
        best = el if best is None else min(best, el)
    rows.append((f"nerx -j{j} (whole pipeline, process)", best))

import spacy
if os.environ.get("MODEL_OK") == "1":
    nlp = spacy.load("en_core_web_sm")
    nlp.max_length = max(nlp.max_length, max(len(t) for t in texts) + 1)
    el, n = timed(lambda: sum(len(d.ents) for d in nlp.pipe(texts, batch_size=32)))
    rows.append((f"spaCy en_core_web_sm NER, full pipeline ({n} ents)", el))
    with nlp.select_pipes(enable=["tok2vec", "ner"]):
        el, n = timed(lambda: sum(len(d.ents) for d in nlp.pipe(texts, batch_size=32)))
    rows.append((f"spaCy en_core_web_sm, tok2vec+ner only ({n} ents)", el))
else:
    rows.append(("spaCy en_core_web_sm NER: skipped (model not on PyPI)", None))

ruler_nlp = spacy.blank("en")
ruler = ruler_nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
patterns = []
for path in sorted(glob.glob(os.path.join(gazdir, "*.tsv"))):
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\r\n")
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) >= 2 and cols[0].strip():
            patterns.append({"label": cols[1].strip(), "pattern": cols[0].strip()})
t = time.perf_counter()
ruler.add_patterns(patterns)
load = time.perf_counter() - t
el, n = timed(lambda: sum(len(d.ents) for d in ruler_nlp.pipe(texts, batch_size=64)))
rows.append((f"spaCy EntityRuler, nerx gazetteer ({len(patterns)} patterns, load {load:.1f} s; {n} ents)", el))

nerx1 = rows[0][1]
print(f"{'':74} {'s':>8} {'MB/s':>8} {'x nerx -j1':>11}")
for name, el in rows:
    if el is None:
        print(f"{name:74} {'-':>8} {'-':>8} {'-':>11}")
    else:
        print(f"{name:74} {el:8.2f} {nbytes / 1e6 / el:8.2f} {nerx1 / el:11.3f}")
PY

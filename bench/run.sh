#!/usr/bin/env bash
# Every performance figure of issue #6 in one run, on this machine, now:
#   throughput (nerx -j1 vs a plain aho-corasick scan, side by side), start-up, peak RSS,
#   1 -> 2 thread scaling, 1/10/100 MB linearity, the per-stage criterion bench, and nerx next
#   to spaCy (bench/compare.sh).
# Usage: bench/run.sh [CORPUS.jsonl]   (default: ../shared/bench-corpus/news-10mb.jsonl)
# Env: QUICK=1 skips the 100 MB run, the criterion bench and spaCy; SPACY=0 skips only spaCy;
#      TMP=dir for scratch files; ROUNDS=N side-by-side rounds for the throughput ratio and
#      the thread speed-up (default 5).
# Scratch files go to $TMP (default /tmp/nerx-bench), never into the repository.
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
TMP=${TMP:-/tmp/nerx-bench}
mkdir -p "$TMP"
QUICK=${QUICK:-0}
ROUNDS=${ROUNDS:-5}

cargo build --release --bins -q
NERX=$ROOT/target/release/nerx
SCAN=$ROOT/target/release/nerx-ac-scan

# Wall seconds of the best of N runs of a command (output to /dev/null).
best_of() {
    local n=$1; shift
    local best=
    for _ in $(seq "$n"); do
        local s e t
        s=$(date +%s.%N); "$@" > /dev/null; e=$(date +%s.%N)
        t=$(echo "$e - $s" | bc -l)
        if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
    done
    printf '%.3f' "$best"
}
mbs() { echo "scale=1; $1 / 1000000 / $2" | bc -l; }
# "median (min-max)" of numbers given as arguments.
spread() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.3f (%.3f-%.3f)", m, v[1], v[NR]}'; }
cpu_s() { # user + system CPU seconds of a command
    /usr/bin/time -f '%U %S' "$@" 2> "$TMP/cpu.txt" > /dev/null
    tail -n 1 "$TMP/cpu.txt" | awk '{printf "%.2f", $1 + $2}'
}
peak_rss_mb() { # peak RSS in MB of a command
    /usr/bin/time -v "$@" 2> "$TMP/time.txt" > /dev/null
    awk -F': ' '/Maximum resident/ {printf "%.1f", $2 / 1024}' "$TMP/time.txt"
}

echo "== nerx performance, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "corpus: $CORPUS ($(stat -c %s "$CORPUS") bytes)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)  (wall-clock figures are only as good as an idle machine)"
echo

echo "-- 1. Throughput, single thread, side by side ($ROUNDS rounds; each: best of 3 of every run)"
# The host's load changes from second to second: each round measures the scans and nerx back to
# back, and the ratio is taken within the round. The figures below the rounds are medians.
# Three yardsticks (see src/bin/nerx-ac-scan.rs): ASCII case-insensitive (the search nerx's
# matcher does), case-sensitive over every case form nerx accepts (the same search with the
# crate's default matching), and case-sensitive over the forms as written (a smaller search).
RATIOS=(); RATIOS_F=(); RATIOS_CS=(); NERX_TS=(); SCAN_TS=(); SCAN_F_TS=(); SCAN_CS_TS=()
scan_s() { echo "$1" | sed -E 's/.*scan_s=([0-9.]+).*/\1/'; }
for r in $(seq "$ROUNDS"); do
    SCAN_OUT=$("$SCAN" "$CORPUS" 3)
    SCAN_F_OUT=$("$SCAN" "$CORPUS" 3 --case-forms)
    SCAN_CS_OUT=$("$SCAN" "$CORPUS" 3 --case-sensitive)
    NERX_S=$(best_of 3 "$NERX" --input jsonl -j1 "$CORPUS")
    SCAN_S=$(scan_s "$SCAN_OUT"); SCAN_F_S=$(scan_s "$SCAN_F_OUT"); SCAN_CS_S=$(scan_s "$SCAN_CS_OUT")
    RATIO=$(echo "$SCAN_S / $NERX_S" | bc -l)
    RATIO_F=$(echo "$SCAN_F_S / $NERX_S" | bc -l)
    RATIO_CS=$(echo "$SCAN_CS_S / $NERX_S" | bc -l)
    printf 'round %d: nerx %s s; scans %s s insensitive, %s s case forms, %s s sensitive: ratios %.3f, %.3f, %.3f\n' \
        "$r" "$NERX_S" "$SCAN_S" "$SCAN_F_S" "$SCAN_CS_S" "$RATIO" "$RATIO_F" "$RATIO_CS"
    RATIOS+=("$RATIO"); RATIOS_F+=("$RATIO_F"); RATIOS_CS+=("$RATIO_CS")
    NERX_TS+=("$NERX_S"); SCAN_TS+=("$SCAN_S"); SCAN_F_TS+=("$SCAN_F_S"); SCAN_CS_TS+=("$SCAN_CS_S")
done
TEXT_BYTES=$(echo "$SCAN_OUT" | sed -E 's/.*bytes=([0-9]+).*/\1/')
NERX_S=$(spread "${NERX_TS[@]}" | cut -d' ' -f1)
SCAN_S=$(spread "${SCAN_TS[@]}" | cut -d' ' -f1)
SCAN_F_S=$(spread "${SCAN_F_TS[@]}" | cut -d' ' -f1)
SCAN_CS_S=$(spread "${SCAN_CS_TS[@]}" | cut -d' ' -f1)
echo "ac-scan, last round: $SCAN_OUT"
echo "ac-scan, last round: $SCAN_F_OUT"
echo "ac-scan, last round: $SCAN_CS_OUT"
printf 'nerx -j1: %s s  %s MB/s of text  (whole pipeline, JSON in and out, start-up included)\n' "$NERX_S" "$(mbs "$TEXT_BYTES" "$NERX_S")"
printf 'ac-scan, ASCII case-insensitive    : %s s  %s MB/s of text\n' "$SCAN_S" "$(mbs "$TEXT_BYTES" "$SCAN_S")"
printf 'ac-scan, case forms, case-sensitive: %s s  %s MB/s of text\n' "$SCAN_F_S" "$(mbs "$TEXT_BYTES" "$SCAN_F_S")"
printf 'ac-scan, forms as written          : %s s  %s MB/s of text\n' "$SCAN_CS_S" "$(mbs "$TEXT_BYTES" "$SCAN_CS_S")"
echo "ratio nerx / ac-scan speed, median (range) of $ROUNDS rounds (target >= 0.5):"
echo "  case-insensitive $(spread "${RATIOS[@]}"), case forms $(spread "${RATIOS_F[@]}"), as written $(spread "${RATIOS_CS[@]}")"
echo "nerx -j1 CPU time (user+sys): $(cpu_s "$NERX" --input jsonl -j1 "$CORPUS") s"
echo

echo "-- 2. Start-up: echo 'Putin met Xi in Beijing.' | nerx  (target < 20 ms)"
echo "Putin met Xi in Beijing." > "$TMP/one.txt"
if command -v hyperfine > /dev/null; then
    hyperfine -N --warmup 5 --runs 200 --style basic --export-json "$TMP/start.json" \
        "$NERX $TMP/one.txt" 2>&1 | grep -E "Time|Range" || true
    python3 -c "import json,sys; r=json.load(open('$TMP/start.json'))['results'][0]; print('start-up: median %.1f ms, min %.1f ms' % (r['median']*1e3, r['min']*1e3))"
else
    echo "start-up (best of 20): $(echo "$(best_of 20 "$NERX" "$TMP/one.txt") * 1000" | bc) ms  (install hyperfine for a distribution)"
fi
echo "with stdin and a shell: best of 20: $(echo "$(best_of 20 sh -c "echo 'Putin met Xi in Beijing.' | $NERX") * 1000" | bc) ms"
echo

echo "-- 3. Peak RSS (target < 100 MB, flat in the number of documents)"
LONG=$TMP/long-5x.jsonl
[ -f "$LONG" ] || for _ in 1 2 3 4 5; do cat "$CORPUS"; done > "$LONG"
echo "start-up only          : $(peak_rss_mb "$NERX" "$TMP/one.txt") MB"
echo "10 MB stream, -j1      : $(peak_rss_mb "$NERX" --input jsonl -j1 "$CORPUS") MB"
echo "50 MB stream, -j1      : $(peak_rss_mb "$NERX" --input jsonl -j1 "$LONG") MB"
echo "50 MB stream, -j2      : $(peak_rss_mb "$NERX" --input jsonl -j2 "$LONG") MB"
echo "50 MB on stdin, -j2    : $(peak_rss_mb sh -c "$NERX --input jsonl -j2 < $LONG") MB"
echo

echo "-- 4. Threads (target: -j2 >= 1.8x -j1; $ROUNDS rounds, each: best of 2 of -j1 then of -j2)"
SPEEDUPS=(); T1S=(); T2S=()
for r in $(seq "$ROUNDS"); do
    T1=$(best_of 2 "$NERX" --input jsonl -j1 "$CORPUS")
    T2=$(best_of 2 "$NERX" --input jsonl -j2 "$CORPUS")
    SPEEDUPS+=("$(echo "$T1 / $T2" | bc -l)"); T1S+=("$T1"); T2S+=("$T2")
done
T1=$(spread "${T1S[@]}" | cut -d' ' -f1)
T2=$(spread "${T2S[@]}" | cut -d' ' -f1)
printf -- '-j1 %s s (%s MB/s)   -j2 %s s (%s MB/s)   (medians)\n' "$T1" "$(mbs "$TEXT_BYTES" "$T1")" "$T2" "$(mbs "$TEXT_BYTES" "$T2")"
echo "speed-up, median (range) of $ROUNDS rounds: $(spread "${SPEEDUPS[@]}")x"
echo "CPU time (user+sys): -j1 $(cpu_s "$NERX" --input jsonl -j1 "$CORPUS") s, -j2 $(cpu_s "$NERX" --input jsonl -j2 "$CORPUS") s  (equal = no contention cost)"
echo

echo "-- 5. Linearity, -j1 (1 MB, 10 MB, 100 MB)"
ONE=$TMP/news-1mb.jsonl
[ -f "$ONE" ] || awk -v max=1000000 '{ n += length($0) + 1; if (n > max) exit; print }' "$CORPUS" > "$ONE"
SIZES="$ONE $CORPUS"
if [ "$QUICK" != 1 ]; then
    HUNDRED=$TMP/news-100mb.jsonl
    [ -f "$HUNDRED" ] || for _ in $(seq 10); do cat "$CORPUS"; done > "$HUNDRED"
    SIZES="$SIZES $HUNDRED"
fi
for f in $SIZES; do
    b=$(stat -c %s "$f")
    runs=3; [ "$b" -gt 50000000 ] && runs=1
    t=$(best_of $runs "$NERX" --input jsonl -j1 "$f")
    printf '%10d bytes  %8s s  %6s MB/s  %6.2f s per 10 MB\n' "$b" "$t" "$(mbs "$b" "$t")" "$(echo "$t * 10000000 / $b" | bc -l)"
done
echo

echo "-- 6. One huge document (the corpus's text as one plain-text file; issue #7: memory a small multiple)"
HUGE=$TMP/huge-20mb.txt
[ -f "$HUGE" ] || { python3 -c "
import json, sys
out = open(sys.argv[2], 'w')
for _ in range(2):
    for line in open(sys.argv[1]):
        out.write(json.loads(line)['text'] + '\\n\\n')
" "$CORPUS" "$HUGE"; }
HB=$(stat -c %s "$HUGE")
/usr/bin/time -v "$NERX" "$HUGE" 2> "$TMP/time.txt" > /dev/null
awk -F': ' -v b="$HB" '/Maximum resident/ {rss = $2 * 1024} /Elapsed/ {t = $2} END {printf "%d bytes in one document: %s wall, peak RSS %.0f MB (%.1fx the document)\n", b, t, rss / 1e6, rss / b}' "$TMP/time.txt"
echo

echo "-- 7. Where the time goes, per stage over the whole corpus (examples/stage_times)"
cargo run --release -q --example stage_times -- "$CORPUS"
echo

if [ "$QUICK" != 1 ]; then
    echo "-- 8. Per stage (criterion, benches/stages.rs: embedded 2.6 KB news-like text)"
    echo "   recognition overhead = stage/recognize vs stage/whole_extract"
    cargo bench -q --bench stages -- --warm-up-time 1 --measurement-time 3 2>/dev/null \
        | grep -E "^(stage|startup)\/|time:|thrpt:" | grep -vE "\[[+-][0-9]" | sed -E "s/ +/ /g"
fi

if [ "$QUICK" != 1 ] && [ "${SPACY:-1}" != 0 ]; then
    echo
    echo "-- 9. Side by side with spaCy (bench/compare.sh: first 1 MB of the corpus; SPACY=0 skips)"
    bench/compare.sh "$CORPUS" 2>&1 | grep -vE "^(Collecting|Downloading|Installing|Successfully)" || echo "(bench/compare.sh failed: see its output)"
fi

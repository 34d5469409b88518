#!/usr/bin/env python3
"""Runs nerx under Spark (local mode) through RDD.pipe and checks that the result equals a direct run.

  python pipe_check.py [PATH/TO/nerx] [--docs N] [--partitions P]

Generates N news-like documents (default 3000) as JSON Lines, plus two records nerx cannot use
(a text that is a number, a missing text field); pipes them through
`nerx --input jsonl --errors inline --threads 1` in P partitions (default 8) with checkCode=True
(a non-zero exit would fail the task); then runs nerx once over all lines and compares line by
line. The one expected difference: an error record's `source_line` counts lines within the
partition under Spark, so it is left out of the comparison.
"""
import argparse, json, os, random, subprocess, sys, time

from pyspark.sql import SparkSession

PEOPLE = ["Vladimir Putin", "Xi Jinping", "Olaf Scholz", "Emmanuel Macron", "Recep Tayyip Erdoğan",
          "Antony Blinken", "Sergey Lavrov", "Kim Jong-un", "Ursula von der Leyen", "Narendra Modi"]
PLACES = ["Beijing", "Moscow", "Paris", "Ankara", "Berlin", "Tokyo", "Brussels", "New Delhi", "Zürich"]
TITLES = ["President", "Chancellor", "Foreign Minister", "Prime Minister"]
TEMPLATES = [
    "{p1} met {p2} in {c1} on Monday.",
    "{t1} {p1} traveled to {c1} for talks with {p2}.",
    "\"We will not give up,\" {p2} told reporters in {c2}.",
    "{p1} is to visit {c2} next week, officials said.",
    "Talks between {p1} and {p2} ended without agreement.",
    "The {c1} summit drew {p2}, who arrived in {c2} late on Sunday.",
]


def documents(n, seed=8):
    rng = random.Random(seed)
    for i in range(n):
        sentences = []
        for _ in range(rng.randint(2, 6)):
            p1, p2 = rng.sample(PEOPLE, 2)
            c1, c2 = rng.sample(PLACES, 2)
            sentences.append(rng.choice(TEMPLATES).format(p1=p1, p2=p2, c1=c1, c2=c2, t1=rng.choice(TITLES)))
        yield {"id": f"doc-{i:05d}", "text": " ".join(sentences), "source": "generated"}


def without_source_line(line):
    d = json.loads(line)
    d.pop("source_line", None)
    return d


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("nerx", nargs="?", default="target/release/nerx")
    ap.add_argument("--docs", type=int, default=3000)
    ap.add_argument("--partitions", type=int, default=8)
    args = ap.parse_args()
    nerx = os.path.abspath(args.nerx)
    lines = [json.dumps(d, ensure_ascii=False) for d in documents(args.docs)]
    # Two records nerx cannot use, in the middle: with --errors inline each becomes an error
    # record in its place and the exit status stays 0, so Spark does not fail the task.
    lines.insert(len(lines) // 3, json.dumps({"id": "bad-number", "text": 42}))
    lines.insert(2 * len(lines) // 3, json.dumps({"id": "bad-missing", "body": "no text field"}))
    command = [nerx, "--input", "jsonl", "--errors", "inline", "--threads", "1"]

    spark = (SparkSession.builder.master("local[2]").appName("nerx-pipe-check")
             .config("spark.ui.enabled", "false").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    t0 = time.time()
    rdd = spark.sparkContext.parallelize(lines, args.partitions)
    piped = rdd.pipe(" ".join(command), checkCode=True).collect()
    spark_secs = time.time() - t0
    spark.stop()

    direct = subprocess.run(command, input="\n".join(lines) + "\n", capture_output=True, text=True,
                            check=True).stdout.splitlines()
    print(f"{len(lines)} input lines, {len(piped)} lines from Spark ({spark_secs:.1f} s, "
          f"{args.partitions} partitions), {len(direct)} from a direct run")
    if len(piped) != len(lines) or len(direct) != len(lines):
        sys.exit("FAILED: not one output line per input line")
    diffs = [i for i, (a, b) in enumerate(zip(piped, direct)) if without_source_line(a) != without_source_line(b)]
    if diffs:
        sys.exit(f"FAILED: {len(diffs)} lines differ, first at line {diffs[0] + 1}:\n{piped[diffs[0]]}\n{direct[diffs[0]]}")
    errors = [json.loads(l) for l in piped if "error" in json.loads(l)]
    relations = sum(len(json.loads(l).get("relations", [])) for l in piped)
    print(f"OK: Spark output equals the direct run ({len(errors)} error records, {relations} relations)")


if __name__ == "__main__":
    main()

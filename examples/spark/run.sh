#!/usr/bin/env bash
# Builds nerx, makes a throwaway Python venv with PySpark (a ~450 MB download; needs Java 17+),
# and runs pipe_check.py: nerx under Spark's RDD.pipe in local mode must give exactly what a
# direct run gives. Not part of `cargo test` or CI. From the repository root:
#
#   examples/spark/run.sh            # VENV=/path/to/venv to choose where PySpark goes
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=${VENV:-examples/spark/.venv}
command -v java >/dev/null || { echo "run.sh: Spark needs Java 17 or newer (java not found)" >&2; exit 2; }
cargo build --release
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet pyspark
fi
"$venv/bin/python" examples/spark/pipe_check.py target/release/nerx "$@"

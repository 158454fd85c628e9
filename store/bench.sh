#!/usr/bin/env bash
# Binding store benchmarks (results go in docs/benchmarks.md, "Binding store (store/)").
#   1. JMH: refresh (read-modify-write) on 1 and 2 threads and get, at 1M AORs, 3 forks each.
#   2. MillionAorSizing, 3 runs: file size and bytes per AOR, heap, reopen + index rebuild time,
#      and timed update/get loops as a cross-check.
# Both run through the exec plugin executions in store/pom.xml, which pass the root pom's
# ${chronicle.jvm.flags}; JMH forks inherit them. Store files go to java.io.tmpdir (/tmp).
# Usage: store/bench.sh [jmh|sizing|all]   (default all; run from anywhere)
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
out=store/target/bench
mkdir -p "$out"
mvn -B -q -pl store test-compile
if [[ "$what" == all || "$what" == jmh ]]; then
  mvn -B -pl store exec:exec@jmh \
    -Djmh.args="io.midreg.store.bench.BindingStoreBenchmark -rf text -rff $PWD/$out/jmh.txt" | tee "$out/jmh.log"
fi
if [[ "$what" == all || "$what" == sizing ]]; then
  for run in 1 2 3; do
    echo "=== sizing run $run ==="
    mvn -B -pl store exec:exec@sizing | tee "$out/sizing-$run.log"
  done
fi

#!/usr/bin/env bash
# Alert storm benchmark (see BENCHMARKS.md, "Alert storm"). Not part of the test suite: it
# compiles bench/src against the main and test classes and runs AlertStormBench.
#   bench/alerts.sh [alerts] [groups] [spread-seconds] [senders]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
CP="target/classes:target/test-classes:$(cat target/bench.cp)"
rm -rf target/bench-classes && mkdir -p target/bench-classes
javac -d target/bench-classes -cp "$CP" $(find bench/src -name '*.java')
exec java -cp "target/bench-classes:$CP" dev.firstresponder.bench.AlertStormBench "$@"

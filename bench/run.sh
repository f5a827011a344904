#!/usr/bin/env bash
# Foundation benchmark: ack latency, throughput, cold start and memory of firstresponder against
# a bare Bolt "hello" app on the same Jetty (the floor). Results go to stdout; paste the table into
# BENCHMARKS.md. Server logs of each run are in target/bench/.
#
# Parameters (environment), defaults in brackets:
#   N        signed slash commands per measured run            [5000]
#   C        concurrent clients                                 [50]
#   ROUNDS   rounds; each starts both servers fresh, alternating which goes first; the report is
#            the median of the rounds                           [3]
#   WARMUP   requests sent before measuring (same C)            [2000]
#   IDLE_SECONDS  idle wait after `listening` before reading RSS [2]
#   JAVA_OPTS JVM flags for both servers                        [the ones in Procfile's web line]
#   REBUILD=1 rebuild target/firstresponder.jar even if it exists
# Example: N=10000 C=50 ROUNDS=5 bash bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -f target/firstresponder.jar || "${REBUILD:-0}" == "1" ]]; then
  echo "bench: building target/firstresponder.jar" >&2
  mvn -B -o -q -DskipTests package
fi

if [[ -z "${JAVA_OPTS:-}" ]]; then
  # The flags between `java` and `-jar` on the Procfile's web line, so we measure what we deploy.
  JAVA_OPTS="$(sed -n 's/^web: *java \(.*\) -jar .*/\1/p' Procfile)"
fi
export JAVA_OPTS

mkdir -p target/bench-classes target/bench
javac -d target/bench-classes -cp target/firstresponder.jar bench/HelloBolt.java bench/Bench.java

echo "bench: $(nproc) cores; $(java -version 2>&1 | head -1); $(date -u +%Y-%m-%dT%H:%M:%SZ)"
export JAR=target/firstresponder.jar FLOOR_CP=target/bench-classes OUT=target/bench
exec java -XX:+UseSerialGC -Xmx512m -cp target/bench-classes Bench

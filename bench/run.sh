#!/usr/bin/env bash
# Foundation benchmark: ack latency, throughput, cold start and memory of firstresponder against
# a bare Bolt "hello" app on the same Jetty (the floor). Everything goes to stdout, ending with a
# Markdown table for BENCHMARKS.md. Server logs of each run are in target/bench/.
#
# Parameters (environment), defaults in brackets:
#   N        signed slash commands per measured run                                [5000]
#   C        concurrent clients                                                     [50]
#   ROUNDS   rounds; each starts both servers fresh, alternating which goes first;
#            the report is the median of the rounds                                 [3]
#   WARMUP   requests sent (with C clients) before measuring, so both JITs reach
#            steady state; the first ack after start is reported separately        [5000]
#   IDLE_SECONDS  idle wait after `listening` before reading RSS                    [2]
#   JAVA_OPTS JVM flags for both servers                 [the flags of the Procfile's web line]
#   CDS=1    first a training run per server that writes an AppCDS archive
#            (-XX:ArchiveClassesAtExit), then measure with -XX:SharedArchiveFile
#            [on when the Procfile uses an archive, as it does; CDS=0 to measure without]
#   REBUILD=1 rebuild target/firstresponder.jar even if it exists
# Example: N=10000 C=50 ROUNDS=5 bash bench/run.sh
# Only 127.0.0.1 is used; the servers are stopped at the end. ~2 minutes on 2 idle cores.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -f target/firstresponder.jar || "${REBUILD:-0}" == "1" ]]; then
  echo "bench: building target/firstresponder.jar" >&2
  mvn -B -o -q -DskipTests package
fi

if [[ -z "${JAVA_OPTS:-}" ]]; then
  # The flags between `java` and `-jar` on the Procfile's web line, so we measure what we deploy.
  JAVA_OPTS="$(sed -n 's/^web: *java \(.*\) -jar .*/\1/p' Procfile)"
  # The Procfile starts from the class-data-sharing archive the build writes; its path is relative
  # to the repository, and each server here needs its own: train one per server (CDS=1 below).
  if [[ "$JAVA_OPTS" == *SharedArchiveFile* ]]; then
    JAVA_OPTS="$(echo "$JAVA_OPTS" | sed 's/-XX:SharedArchiveFile=[^ ]* *//')"
    CDS="${CDS:-1}"
  fi
fi

mkdir -p target/bench-classes target/bench
javac -d target/bench-classes -cp target/firstresponder.jar bench/HelloBolt.java bench/Bench.java
# The floor as a jar: class data sharing ignores classes loaded from directories.
jar cf target/bench/hellobolt.jar -C target/bench-classes HelloBolt.class
export JAR=target/firstresponder.jar FLOOR_CP=target/bench/hellobolt.jar OUT=target/bench
BENCH=(java -XX:+UseSerialGC -Xmx512m -cp target/bench-classes Bench)

if [[ "${CDS:-0}" == "1" ]]; then
  # Paths are absolute: the servers run in a temp folder. "{server}" is replaced per server.
  archive="$PWD/target/bench/{server}.jsa"
  rm -f target/bench/*.jsa
  echo "bench: CDS training run (writes target/bench/firstresponder.jsa and floor.jsa)"
  JAVA_OPTS="$JAVA_OPTS -XX:ArchiveClassesAtExit=$archive" N=500 C=10 WARMUP=0 ROUNDS=1 IDLE_SECONDS=0 \
    "${BENCH[@]}" > target/bench/cds-training.txt
  JAVA_OPTS="$JAVA_OPTS -XX:SharedArchiveFile=$archive"
fi
export JAVA_OPTS

echo "bench: $(nproc) cores; $(java -version 2>&1 | head -1); load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%M:%SZ)"
exec "${BENCH[@]}"

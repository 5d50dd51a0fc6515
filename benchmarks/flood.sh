#!/usr/bin/env bash
# Issue 10's floods against the shipped jar with its default settings (a publish token added so that witnesses can
# check that open streams lose nothing): 5,000 silent sockets (over 100 source addresses, then from one), 500
# slowloris requests, 10,000 subscribe attempts past the stream limit. Appends one block of raw lines to RESULTS.
#   mvn -q -DskipTests package && benchmarks/flood.sh [RESULTS] [silent slowloris attempts]
set -eu
cd "$(dirname "$0")/.."
RESULTS=${1:-benchmarks/results/floods.txt}
JAR=bootstrap/target/headspace-sse.jar
PORT=18110
LOG=$(mktemp /tmp/flood-server.XXXXXX.log)
[ -f "$JAR" ] && [ -f benchmarks/target/benchmarks.jar ] || { echo "build first: mvn -q -DskipTests package" >&2; exit 2; }
HEADSPACE_HTTP_PORT=$PORT HEADSPACE_PUBLISH_TOKEN=flood-token-0123456789 java ${HS_JAVA_OPTS:-} -jar "$JAR" > "$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null || true' EXIT
for i in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.2; done
{
  echo "## floods $(date -u +%Y-%m-%dT%H:%M:%SZ) commit $(git rev-parse --short HEAD)$(git diff --quiet || echo '+dirty')"
  echo "machine: $(nproc) cores, $(free -m | awk '/Mem:/{print $2}') MiB, $(uname -r); ${MACHINE_NOTE:-no other work on the machine, the load tool on the same cores}; java $(java -version 2>&1 | head -1), options: ${HS_JAVA_OPTS:-none}"
  echo "server: default settings but HEADSPACE_PUBLISH_TOKEN; $(grep -o 'open sockets capped.*' "$LOG" | head -1)"
  java -cp benchmarks/target/benchmarks.jar dev.headspace.sse.benchmarks.Floods $PORT $PID flood-token-0123456789 ${2:-5000} ${3:-500} ${4:-10000} 100
  echo "server log lines during the run: $(wc -l < "$LOG"), of them WARN/ERROR: $(grep -c 'WARN\|ERROR' "$LOG" || true)"
  grep 'WARN\|ERROR' "$LOG" | cut -c1-200 | head -20
} | tee -a "$RESULTS"

#!/usr/bin/env bash
# Issue 10's reconnect storm against the shipped jar at its default retry: (2 s plus up to 3 s of jitter) and caps, with
# a publish token and room for the streams: 5,000 streams over 50 source addresses, events published throughout, every
# stream cut at once; each client waits its retry: and resumes with Last-Event-ID. Appends one block of raw lines.
#   mvn -q -DskipTests package && benchmarks/storm.sh [RESULTS] [clients] [addresses] [events-per-second]
set -eu
cd "$(dirname "$0")/.."
RESULTS=${1:-benchmarks/results/storm.txt}
CLIENTS=${2:-5000}
JAR=bootstrap/target/headspace-sse.jar
PORT=18111
LOG=$(mktemp /tmp/storm-server.XXXXXX.log)
[ -f "$JAR" ] && [ -f benchmarks/target/benchmarks.jar ] || { echo "build first: mvn -q -DskipTests package" >&2; exit 2; }
HEADSPACE_HTTP_PORT=$PORT HEADSPACE_PUBLISH_TOKEN=storm-token-0123456789 HEADSPACE_SSE_MAX_CONNECTIONS=$((CLIENTS + 100)) \
  java ${HS_JAVA_OPTS:-} -jar "$JAR" > "$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null || true' EXIT
for i in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.2; done
{
  echo "## storm $(date -u +%Y-%m-%dT%H:%M:%SZ) commit $(git rev-parse --short HEAD)$(git diff --quiet || echo '+dirty')"
  echo "machine: $(nproc) cores, $(free -m | awk '/Mem:/{print $2}') MiB, $(uname -r); ${MACHINE_NOTE:-no other work on the machine, the load tool on the same cores}; java $(java -version 2>&1 | head -1), options: ${HS_JAVA_OPTS:-none}; ulimit -n $(ulimit -n)"
  echo "server: default settings but HEADSPACE_PUBLISH_TOKEN and HEADSPACE_SSE_MAX_CONNECTIONS=$((CLIENTS + 100)); $(grep -o 'open sockets capped.*' "$LOG" | head -1)"
  java -cp benchmarks/target/benchmarks.jar dev.headspace.sse.benchmarks.Storm $PORT $PID storm-token-0123456789 $CLIENTS ${3:-50} ${4:-10}
  echo "server log lines during the run: $(wc -l < "$LOG"), of them WARN/ERROR: $(grep -c 'WARN\|ERROR' "$LOG" || true)"
  grep 'WARN\|ERROR' "$LOG" | cut -c1-200 | head -20
} | tee -a "$RESULTS"

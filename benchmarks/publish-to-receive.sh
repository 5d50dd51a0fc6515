#!/usr/bin/env bash
# Publish-to-receive p50/p99 over HTTP: Redis backend (publish on node A, 100 clients on node B) beside the memory
# backend (one node), at 50 and 1,000 events/s, in one sitting. Writes the raw lines to results/.
# Needs: the built jar (mvn -q -DskipTests package) and redis-server on the PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=bootstrap/target/headspace-sse.jar
CP=benchmarks/target/classes
TOKEN=bench-token-0123456789
SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
CLIENTS=${CLIENTS:-100}
[ -f "$JAR" ] && [ -d "$CP" ] || { echo "build first: mvn -q -DskipTests package" >&2; exit 1; }
command -v redis-server >/dev/null || { echo "redis-server is not on the PATH" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
wait_http() { for _ in $(seq 100); do curl -fs "http://127.0.0.1:$1/health" >/dev/null && return 0; sleep 0.1; done; return 1; }
node() { # port backend [redis-uri]
  env -i PATH="$PATH" HOME="$HOME" HEADSPACE_HTTP_PORT="$1" HEADSPACE_BACKEND="$2" HEADSPACE_REDIS_URI="${3:-}" \
    HEADSPACE_PUBLISH_TOKEN=$TOKEN HEADSPACE_SSE_MAX_CONNECTIONS=1000 HEADSPACE_LOG_LEVEL=WARN \
    java -jar "$JAR" >"/tmp/bench-node-$1.log" 2>&1 &
  pids+=($!)
  wait_http "$1"
}

out="benchmarks/results/$(date -u +%Y-%m-%d)-publish-to-receive.txt"
mkdir -p benchmarks/results
{
  echo "# publish-to-receive, $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD)"
  echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -sr);" \
       "${MACHINE_NOTE:-nothing else running} (load average at start: $(cut -d' ' -f1-3 /proc/loadavg))"
  echo "# one machine, loopback; Redis $(redis-server --version | awk '{print $3}') without persistence; ${CLIENTS} clients, ${SECONDS_PER_RUN} s per rate"
} >"$out"

rport=$(free_port)
redis-server --port "$rport" --bind 127.0.0.1 --save "" --appendonly no >/tmp/bench-redis.log 2>&1 &
pids+=($!)
for _ in $(seq 50); do redis-cli -p "$rport" ping >/dev/null 2>&1 && break; sleep 0.1; done

a=$(free_port); node "$a" redis "redis://127.0.0.1:$rport"
b=$(free_port); node "$b" redis "redis://127.0.0.1:$rport"
m=$(free_port); node "$m" memory
for rate in 50 1000; do
  echo "redis  (publish on A, receive on B): $(java -cp "$CP" dev.headspace.sse.benchmarks.PublishToReceive "$a" "$b" $TOKEN "$rate" "$SECONDS_PER_RUN" "$CLIENTS")" | tee -a "$out"
  echo "memory (publish and receive, 1 node): $(java -cp "$CP" dev.headspace.sse.benchmarks.PublishToReceive "$m" "$m" $TOKEN "$rate" "$SECONDS_PER_RUN" "$CLIENTS")" | tee -a "$out"
done
echo "# load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out"
echo "wrote $out"

#!/usr/bin/env bash
# Runs the load harness of ../shared/bench against Nchan and one or more builds of headspace-sse, taking turns
# (Nchan, then each jar, per scenario and round), so that all figures come from one sitting on this noisy machine.
#   benchmarks/load-vs-nchan.sh RESULTS ROUNDS "SCENARIOS" label=path/to/headspace-sse.jar [label=jar ...]
#   e.g. benchmarks/load-vs-nchan.sh /tmp/r.jsonl 2 "fanout50 saturate" head=bootstrap/target/headspace-sse.jar
#   then: python3 ../shared/bench/summarize.py /tmp/r.jsonl
# Needs nginx-light and libnginx-mod-nchan (see ../shared/bench/README.md). HS_JAVA_OPTS passes JVM options to every
# jar; OPTS_<label> (e.g. OPTS_head='-XX:+UseSerialGC') to that label's jar alone, and ENV_<label> (e.g.
# ENV_w5='HEADSPACE_SSE_COALESCE_WINDOW=5ms') sets that label's server's environment.
set -u
OUT=$1; ROUNDS=$2; SCEN=$3; shift 3
B=${BENCH_DIR:-$(dirname "$0")/../../shared/bench}
[ -x "$B/run-scenario.sh" ] || { echo "no load harness at $B: set BENCH_DIR to ../shared/bench" >&2; exit 2; }
ulimit -n 200000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
start_hs() {
  local opts_var="OPTS_$2" env_var="ENV_$2"
  env ${!env_var:-} HEADSPACE_HTTP_PORT=18100 HEADSPACE_PUBLISH_TOKEN=bench-token-0123456789 HEADSPACE_SSE_MAX_CONNECTIONS=20000 HEADSPACE_HTTP_MAX_CONNECTIONS_PER_ADDRESS=0 HEADSPACE_LOG_LEVEL=WARN \
    java ${!opts_var:-${HS_JAVA_OPTS:-}} -jar "$1" > /tmp/bench-hs.log 2>&1 & echo $! > /tmp/bench-hs.pid
  for i in $(seq 50); do curl -sf http://127.0.0.1:18100/health >/dev/null && return; sleep 0.2; done
  echo "hs did not start"; cat /tmp/bench-hs.log; exit 1
}
stop_hs() { kill "$(cat /tmp/bench-hs.pid)"; while kill -0 "$(cat /tmp/bench-hs.pid)" 2>/dev/null; do sleep 0.2; done; }
for r in $(seq "$ROUNDS"); do
  for s in $SCEN; do
    $B/servers.sh start nchan >/dev/null
    ROUND=$r RESULTS=$OUT $B/run-scenario.sh nchan "$s" > /tmp/bench-last.log 2>&1 || { echo "nchan $s failed"; tail -5 /tmp/bench-last.log; }
    $B/servers.sh stop nchan >/dev/null
    for pair in "$@"; do
      label=${pair%%=*}; jar=${pair#*=}
      start_hs "$jar" "$label"
      SUB_URL='http://127.0.0.1:18100/api/events?types=bench' PUB_URL='http://127.0.0.1:18100/api/events' \
      PUB_HEADER='Authorization: Bearer bench-token-0123456789' PUB_BODY='{"type":"bench","data":{"t":{t},"seq":{seq}}}' \
      SERVER_PID=$(cat /tmp/bench-hs.pid) ROUND=$r RESULTS=$OUT $B/run-scenario.sh custom "$s" --label "$label/$s/r$r" > /tmp/bench-last.log 2>&1 || { echo "$label $s failed"; tail -5 /tmp/bench-last.log; }
      stop_hs
    done
  done
done
echo bench-done

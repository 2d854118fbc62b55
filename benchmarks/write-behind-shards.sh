#!/usr/bin/env bash
# Write-behind writes/s on 1 master and on 3 masters, with the same load harness
# (WriteBehindLoad): starts a standalone Redis and a Redis Cluster of 3 masters (no
# replicas) from redis-server on local ports, all with the same settings (by default no
# persistence: the figure is the queue's Redis work, not the disk's), runs write-behind alone on the
# standalone Redis, then on the cluster with partitions=1 and partitions=3, writes
# benchmarks/results/<date>/write-behind-shards-<persistence>.md and stops the servers it
# started.
#
#   ./mvnw -B -o -pl benchmarks -am package -DskipTests
#   benchmarks/write-behind-shards.sh [first port, default 7400] [seconds, default 20] [threads, default 4] \
#       [rounds, default 2] [persistence: none (default) or always]
#
# persistence=always gives every server an append-only file synced on every write
# (appendfsync always), the durability write-behind wants: each master's disk sync then
# bounds its write rate, and the masters sync in parallel.
#
# Each round runs the three cases in turn (the order rotates from round to round), so the
# load of other programs on the machine falls on all of them alike. After each case the
# report gives, per Redis server, the commands it processed and the CPU seconds it used
# during the case: on the cluster, partitions=3 spreads the queue's work over the three
# masters, partitions=1 leaves it on one.
#
# PostgreSQL comes from WT_POSTGRES_URL / WT_POSTGRES_USER as for the tests. Every server
# runs on this machine: on a machine of few cores the 3 masters, PostgreSQL and the JVM
# share the same CPUs, so the cluster's figure is a floor, not what 3 hosts would give.
set -euo pipefail
first=${1:-7400}
seconds=${2:-20}
threads=${3:-4}
rounds=${4:-2}
persistence=${5:-none}
case $persistence in
  none) durability=(--save "" --appendonly no) ;;
  always) durability=(--save "" --appendonly yes --appendfsync always) ;;
  *) echo "persistence must be none or always, not $persistence" >&2; exit 2 ;;
esac
root=$(cd "$(dirname "$0")/.." && pwd)
jar="$root/benchmarks/target/benchmarks.jar"
work=$(mktemp -d /tmp/wt-write-behind-shards.XXXXXX)
out="$root/benchmarks/results/$(date +%F)"
mkdir -p "$out"
pids=()
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap stop EXIT
start() { # port, extra arguments
  local port=$1; shift
  mkdir -p "$work/$port"
  redis-server --port "$port" --bind 127.0.0.1 "${durability[@]}" --dir "$work/$port" \
    --daemonize no "$@" >"$work/$port/log" 2>&1 &
  pids+=($!)
  until redis-cli -p "$port" ping >/dev/null 2>&1; do sleep 0.1; done
}
start "$first"
nodes=()
for i in 1 2 3; do
  port=$((first + i))
  start "$port" --cluster-enabled yes --cluster-config-file nodes.conf
  nodes+=("127.0.0.1:$port")
done
redis-cli --cluster create "${nodes[@]}" --cluster-replicas 0 --cluster-yes >"$work/create.log"
until [ "$(redis-cli -p $((first + 1)) cluster info | tr -d '\r' | grep cluster_state)" = "cluster_state:ok" ]; do
  sleep 0.2
done
cluster=$(IFS=,; echo "${nodes[*]}")
ports=("$first" $((first + 1)) $((first + 2)) $((first + 3)))
snapshot() { # port -> "commands cpu-seconds"
  redis-cli -p "$1" info all | tr -d '\r' | awk -F: '
    $1 == "total_commands_processed" { c = $2 }
    $1 == "used_cpu_sys" { s = $2 } $1 == "used_cpu_user" { u = $2 }
    END { printf "%d %.2f\n", c, s + u }'
}
run() { # label, arguments
  local label=$1; shift
  local before=()
  for port in "${ports[@]}"; do before+=("$(snapshot "$port")"); done
  java -cp "$jar" dev.writethrough.benchmarks.WriteBehindLoad --threads="$threads" --seconds="$seconds" \
    --keys=1000 --strategies=write-behind --label="$label" --out="$work/$label.md" "$@"
  {
    echo
    echo "Load average at the end of the case: $(cut -d' ' -f1-3 /proc/loadavg)."
    echo
    echo "| Redis server | commands during the case | CPU s during the case |"
    echo "|---|---:|---:|"
    local i=0
    for port in "${ports[@]}"; do
      local after
      after=$(snapshot "$port")
      local name="cluster master :$port"
      [ "$port" = "$first" ] && name="standalone :$port"
      echo "${before[$i]} $after" | awk -v n="$name" '{ printf "| %s | %d | %.2f |\n", n, $3 - $1, $4 - $2 }'
      i=$((i + 1))
    done
  } >>"$work/$label.md"
  cat "$work/$label.md" >>"$work/all.md"
  echo >>"$work/all.md"
}
cases=(1-master 3-masters-partitions-1 3-masters-partitions-3)
runcase() {
  case $1 in
    1-master) run "$1" --redis="redis://127.0.0.1:$first" ;;
    3-masters-partitions-1) run "$1" --cluster="$cluster" --partitions=1 ;;
    3-masters-partitions-3) run "$1" --cluster="$cluster" --partitions=3 ;;
  esac
}
: >"$work/all.md"
for round in $(seq 1 "$rounds"); do
  echo "## Round $round" >>"$work/all.md"
  echo >>"$work/all.md"
  for i in 0 1 2; do
    runcase "${cases[$(((i + round - 1) % 3))]}"
  done
done
{
  echo "# Write-behind on 1 and 3 masters ($(date +%F), $(nproc) cores, Redis $(redis-server --version | cut -d' ' -f3 | cut -d= -f2))"
  echo
  echo "\`benchmarks/write-behind-shards.sh $first $seconds $threads $rounds $persistence\`; Redis persistence: ${durability[*]}; every server (the standalone Redis, the"
  echo "3 cluster masters, PostgreSQL) and the load's JVM on this one machine, sharing its $(nproc) cores."
  echo
  cat "$work/all.md"
} >"$out/write-behind-shards-$persistence.md"
cat "$out/write-behind-shards-$persistence.md"

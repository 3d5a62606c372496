#!/usr/bin/env bash
# The benchmark table (docs/benchmarks.md, "The table"): runs the gateway, processor, gateway-memory,
# serving and Merkle harnesses, each as its own `java` process with the same explicit JVM flags, tees
# each harness's output to a log under a results folder, and prints one Markdown table of the rows
# the harnesses printed (`BENCH-ROW {json}` lines, dev.airtrace.bench.report.BenchRow): figure,
# baseline, ours, ratio, load average, command.
#
# A harness that exits non-zero, times out or prints no row is named at the end and the run exits 1,
# after the table of the rows the others printed. Nothing here is a pass/fail timing: the rows say
# whether a goal was met, the exit status only whether every harness produced its rows.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: benchmarks/run.sh [--quick] [--only NAME,...] [--json FILE] [--results DIR]
                         [--timeout SECONDS] [--no-build] [--dry-run] [--help]

Runs the benchmark harnesses one after the other and prints one table:
figure, baseline, ours, ratio, load average, command.

  --quick            sizes that finish the whole run in about 15 minutes on a 2-core machine
                     (default: the full method - >= 30 s warm-up, alternating rounds, medians)
  --only LIST        comma-separated subset of: gateway,processor,memory,serving,merkle
  --json FILE        also write the rows as a JSON list of
                     {figure, baseline, ours, ratio, unit, load, command}
  --results DIR      where the harness logs, environment.txt and table.md go
                     (default benchmarks/target/bench-results/<UTC time>)
  --timeout SECONDS  per-harness limit (default 1200 with --quick, 5400 otherwise)
  --no-build         use the benchmarks jar already built (benchmarks/target)
  --dry-run          print the commands it would run, run nothing
  --help             this text

Environment: BENCH_JAVA_FLAGS replaces the common JVM flags (default
"-Xms1g -Xmx1g -XX:+UseG1GC"); MAVEN_ARGS holds Maven options for the build (e.g. -o or
-Dmaven.repo.local=...). BENCH_CLASSPATH and BENCH_JAVA (the program started for each harness,
default java) exist for the runner's own tests. Run it on an otherwise idle machine: every row
records the load average its harness saw.
EOF
}

caller_dir="$PWD" # --json and --results paths are relative to where the caller stands
cd "$(dirname "${BASH_SOURCE[0]}")/.."

ALL=(gateway processor memory serving merkle)
quick=0
only=""
json=""
results=""
timeout_s=""
build=1
dry=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --only) only="${2:?--only needs a list}"; shift ;;
    --only=*) only="${1#--only=}" ;;
    --json) json="${2:?--json needs a file}"; shift ;;
    --json=*) json="${1#--json=}" ;;
    --results) results="${2:?--results needs a folder}"; shift ;;
    --timeout) timeout_s="${2:?--timeout needs seconds}"; shift ;;
    --no-build) build=0 ;;
    --dry-run) dry=1 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

absolute() { case "$1" in /*) printf '%s' "$1" ;; *) printf '%s/%s' "$caller_dir" "$1" ;; esac; }
if [ -n "$json" ]; then json="$(absolute "$json")"; fi
if [ -n "$results" ]; then results="$(absolute "$results")"; fi

selected=()
if [ -z "$only" ]; then
  selected=("${ALL[@]}")
else
  IFS=',' read -r -a wanted <<<"$only"
  for name in "${wanted[@]}"; do
    case " ${ALL[*]} " in
      *" $name "*) selected+=("$name") ;;
      *) echo "run.sh: unknown harness '$name' (known: ${ALL[*]})" >&2; exit 2 ;;
    esac
  done
fi
if [ -z "$timeout_s" ]; then
  if [ "$quick" = 1 ]; then timeout_s=1200; else timeout_s=5400; fi
fi
size=full
if [ "$quick" = 1 ]; then size=quick; fi

# The common JVM flags, identical for every harness (and so for baseline and subject, which each
# harness runs in the same process or forks with these flags): explicit heap and collector, so
# ergonomics cannot pick something else on a smaller box (performance.md §6).
read -r -a JAVA_FLAGS <<<"${BENCH_JAVA_FLAGS:--Xms1g -Xmx1g -XX:+UseG1GC}"
CLASSPATH_BENCH="${BENCH_CLASSPATH:-benchmarks/target/airtrace-benchmarks.jar:benchmarks/target/lib/*}"
JAVA_BIN="${BENCH_JAVA:-java}"

# Pinning (performance.md §0): the Merkle harness, whose baseline and subject are both in-process
# and single-threaded, runs on CPU 1 with ActiveProcessorCount=1, so its row reads "per core".
# Serving is not pinned: its client (the load generator) and batch worker are threads of one
# process, and on one core every hand-over between them waits for a switch (0.54 of raw per
# CPU-second pinned vs 0.82 unpinned in one run at load 30), so its goal row counts CPU-seconds.
# Harnesses that start a broker beside the subject place their own processes.
can_pin=0
if command -v taskset >/dev/null 2>&1 && [ "$(nproc)" -ge 2 ]; then can_pin=1; fi

# ============================================================================================
# Harness invocations: the one place that says how each harness runs (main class, arguments per
# size, pinning). Each harness prints its own BENCH-ROW lines.
# ============================================================================================
harness() {
  local name="$1"
  pin=0
  case "$name" in
    gateway)
      # Gateway vs the fair bare bridge (acks MQTT after Kafka acked) and the no-op subscriber
      # ceiling B0; every subject in its own child JVM with identical flags, >= 30 s warm-up each.
      main=dev.airtrace.bench.GatewayThroughput
      if [ "$quick" = 1 ]; then
        args=(--messages 10000 --rounds 3 --warmup-s 30 --subjects b0,bare,gw,gw-off)
      else
        args=(--messages 30000 --rounds 5 --warmup-s 60)
      fi ;;
    processor)
      # Processor (exactly_once_v2, 1 partition) vs a plain KafkaConsumer on the in-process broker;
      # key=value options (readings, rounds, warmup seconds; partitions/threads for more rows).
      main=dev.airtrace.bench.processor.ProcessorThroughput
      if [ "$quick" = 1 ]; then args=(readings=60000 rounds=3 warmup=30); else args=(readings=300000 rounds=5 warmup=60); fi ;;
    memory)
      # Gateway RSS at 1,000 devices, every model on (issue #13 scope 2): minutes, devices.
      # The common flags (-Xms1g) apply to the harness JVM; the gateway whose RSS is the row must
      # run with the heap and GC flags `./airtrace gateway` ships, or -Xms would set the figure.
      main=dev.airtrace.bench.memory.GatewayMemory
      if [ "$quick" = 1 ]; then args=(2 1000); else args=(10 1000); fi ;;
    serving)
      # Served forecasts vs raw ONNX Runtime at batch 32 (issue #14): repository, model, seconds
      # per measurement, rounds, warm-up seconds, open-loop latency on/off.
      main=dev.airtrace.bench.serving.ServingThroughput
      if [ "$quick" = 1 ]; then
        args=(models/repository pm25-forecast 5 3 10 no-latency)
      else
        args=(models/repository pm25-forecast 10 5 30 latency)
      fi ;;
    merkle)
      # Merkle batching vs bare SHA-256 over the same leaves, alternating JMH forks: rounds,
      # warm-up iterations, warm-up seconds, iterations, seconds per iteration.
      main=dev.airtrace.bench.integrity.MerkleRatio
      pin=1
      if [ "$quick" = 1 ]; then args=(3 3 2 3 2); else args=(3 5 10 5 10); fi ;;
    *) echo "run.sh: no invocation for $name" >&2; return 1 ;;
  esac
}
# ============================================================================================

# The full command line of one harness, into the array `cmd`.
command_for() {
  harness "$1"
  local reproduce="benchmarks/run.sh --only $1"
  if [ "$quick" = 1 ]; then reproduce="$reproduce --quick"; fi
  cmd=()
  local flags=("${JAVA_FLAGS[@]}")
  if [ "$pin" = 1 ] && [ "$can_pin" = 1 ]; then
    cmd=(taskset -c 1)
    flags+=(-XX:ActiveProcessorCount=1)
  fi
  # A JVM killed by the timeout (or crashing in native code) writes its hs_err file with the logs.
  cmd+=("$JAVA_BIN" "${flags[@]}" "-Dairtrace.bench.command=$reproduce"
    "-XX:ErrorFile=$results/hs_err_pid%p.log" -cp "$CLASSPATH_BENCH" "$main" "${args[@]}")
}

quote() {
  local out="" word
  for word in "$@"; do out+="$(printf '%q' "$word") "; done
  printf '%s\n' "${out% }"
}

build_cmd=(./mvnw -B -q -pl benchmarks -am install -DskipTests -Dspotless.check.skip=true -Djacoco.skip=true)

if [ -z "$results" ]; then
  results="benchmarks/target/bench-results/$(date -u +%Y%m%dT%H%M%SZ)"
fi

if [ "$dry" = 1 ]; then
  echo "# size: $size; harnesses: ${selected[*]}; per-harness timeout ${timeout_s}s"
  if [ "$build" = 1 ]; then quote "${build_cmd[@]}"; fi
  for name in "${selected[@]}"; do
    command_for "$name"
    echo "# $name"
    quote "${cmd[@]}"
  done
  exit 0
fi

mkdir -p "$results"

if [ "$build" = 1 ]; then
  echo "building the benchmarks jar: $(quote "${build_cmd[@]}")"
  "${build_cmd[@]}"
fi
if [ -z "${BENCH_CLASSPATH:-}" ] && [ ! -f benchmarks/target/airtrace-benchmarks.jar ]; then
  echo "run.sh: benchmarks/target/airtrace-benchmarks.jar is missing (run without --no-build)" >&2
  exit 2
fi

loadavg() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "n/a"; }
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo n/a)$(git diff --quiet 2>/dev/null || echo ' (uncommitted changes)')"
  echo "size: $size; harnesses: ${selected[*]}"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ //') x $(nproc);" \
    "sha_ni: $(grep -qw sha_ni /proc/cpuinfo 2>/dev/null && echo yes || echo no)"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "jvm flags: ${JAVA_FLAGS[*]}; pinned harnesses: taskset -c 1 -XX:ActiveProcessorCount=1 ($([ "$can_pin" = 1 ] && echo on || echo 'off: no taskset or < 2 CPUs'))"
  echo "load average at start: $(loadavg)"
} | tee "$results/environment.txt"

failed=()
logs=()
for name in "${selected[@]}"; do
  command_for "$name"
  log="$results/$name.log"
  logs+=("$log")
  echo
  echo "=== $name ($(date -u +%H:%M:%SZ), load $(loadavg)): $(quote "${cmd[@]}")"
  set +e
  timeout --foreground -k 30 "$timeout_s" "${cmd[@]}" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  set -e
  rows=$(grep -c '^BENCH-ROW ' "$log" || true)
  if [ "$rc" = 124 ]; then
    failed+=("$name (timed out after ${timeout_s}s; $rows rows)")
  elif [ "$rc" != 0 ]; then
    failed+=("$name (exit $rc; $rows rows)")
  elif [ "$rows" = 0 ]; then
    failed+=("$name (exit 0 but printed no BENCH-ROW line)")
  fi
done
echo "load average at end: $(loadavg)" | tee -a "$results/environment.txt"

table_args=()
if [ -n "$json" ]; then table_args=(--json "$json"); fi
echo
echo "## Benchmark table ($size, $(date -u +%Y-%m-%d), $(nproc) CPUs; logs in $results)"
echo
status=0
java -cp "$CLASSPATH_BENCH" dev.airtrace.bench.report.BenchTable "${table_args[@]}" "${logs[@]}" \
  | tee "$results/table.md" || status=$?
if [ -n "$json" ] && [ "$status" = 0 ]; then echo "rows written to $json"; fi
if [ "$status" != 0 ]; then
  echo "run.sh: the table could not be built (a malformed BENCH-ROW line, see above)" >&2
fi
if [ ${#failed[@]} -gt 0 ]; then
  echo >&2
  echo "run.sh: ${#failed[@]} harness(es) failed:" >&2
  for f in "${failed[@]}"; do echo "  - $f" >&2; done
  status=1
fi
exit "$status"

#!/usr/bin/env bash
# Runs the fault-injection suite (module fault-tests, docs/fault-tests.md) at full durations and
# prints the fault table: gateway kills over a long stream, Kafka down 30 minutes at 1,000
# readings/s, and the other scenarios at soak size. CI runs the same scenarios scaled to seconds
# (`-Dairtrace.fault.profile=ci`, the default).
#
# Usage: scripts/soak.sh [ci|soak] [extra Maven arguments]
#   e.g. scripts/soak.sh soak -Dit.test=KafkaOutageIT      # one scenario
#        scripts/soak.sh ci                                 # the CI sizes, table printed
# Needs what scripts/test.sh installs (mosquitto); builds the modules the suite runs first
# (SOAK_BUILD=0 skips that). Maven options such as a local repository go in MAVEN_ARGS.
# Scenario f keeps publishing after Kafka is back for SOAK_OUTAGE_TAIL (ISO-8601, e.g. PT10M;
# default: the expected drain, 30 minutes at soak size, 20 s at CI size), so the table reports the
# delay of live readings during the drain (p50/p99/max).
# Takes well over an hour at soak size (the Kafka outage alone is 30 minutes, then 30 minutes of
# live traffic through its drain).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
profile="${1:-soak}"
shift || true
case "$profile" in
  ci | soak) ;;
  *) echo "usage: scripts/soak.sh [ci|soak] [maven args]" >&2; exit 2 ;;
esac

if [ "$profile" = soak ]; then
  factor="${IT_TIMEOUT_FACTOR:-20}" # waits sized for CI streams, stretched for 30-minute backlogs
  timeouts=-Djunit.jupiter.execution.timeout.mode=disabled
  heap="${FAULT_HEAP:-6g}" # the audit keeps every reading's key: 3.6 million in the outage run (outage + tail)
else
  factor="${IT_TIMEOUT_FACTOR:-1}"
  timeouts=
  heap="${FAULT_HEAP:-1536m}"
fi

# SOAK_BUILD=0 skips the install when the modules are already installed from this tree.
if [ "${SOAK_BUILD:-1}" != 0 ]; then
  ./mvnw -B -q -DskipTests -Dspotless.check.skip=true -Djacoco.skip=true -pl fault-tests -am install
fi
table="fault-tests/target/fault-table.md"
rm -f "$table"
status=0
./mvnw -B -Dspotless.check.skip=true -Djacoco.skip=true -pl fault-tests verify \
  -Dairtrace.fault.profile="$profile" -Dit.timeout.factor="$factor" -Dfault.heap="$heap" \
  -Dairtrace.fault.outage-tail="${SOAK_OUTAGE_TAIL:-}" \
  $timeouts "$@" || status=$?

echo
echo "Fault table (profile $profile, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores):"
if [ -f "$table" ]; then cat "$table"; else echo "(no scenario wrote a row; see the Maven output)"; fi
exit "$status"

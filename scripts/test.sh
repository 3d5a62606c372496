#!/usr/bin/env bash
# The one test command (README): installs the native services the integration tests start
# (mosquitto, influxd) when they are missing, then builds and runs every unit and integration
# test with the Maven wrapper. Extra arguments go to Maven, e.g. `scripts/test.sh -pl core`.
#
# Tests start their own services on free loopback ports; set KAFKA_BOOTSTRAP, MQTT_URL or
# INFLUX_URL to point them at running ones instead (docs/testing.md).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# binary -> Debian package that provides it
declare -A PROVIDER=(
  [mosquitto]=mosquitto
  [mosquitto_passwd]=mosquitto # SecuredBrokerIT writes its password file with it
  [openssl]=openssl # local-stack TlsFiles: test certificates for the secured Kafka listener
  [mosquitto_pub]=mosquitto-clients
  [mosquitto_sub]=mosquitto-clients
  [influxd]=influxdb
  [influx]=influxdb-client
  [unzip]=unzip # the Maven wrapper unpacks its distribution with it on the first run
  [docker-compose]=docker-compose # deploy/ checks `docker-compose config -q` (no engine needed)
)

have() {
  command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/usr/local/sbin/$1" ]
}

missing=()
for binary in "${!PROVIDER[@]}"; do
  if ! have "$binary"; then
    pkg="${PROVIDER[$binary]}"
    [[ " ${missing[*]-} " == *" $pkg "* ]] || missing+=("$pkg")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "scripts/test.sh: missing ${missing[*]} and no apt-get here; install them by hand" >&2
    exit 1
  fi
  # sudo resets the environment, so the non-interactive frontend is passed through env(1).
  APT=(env DEBIAN_FRONTEND=noninteractive apt-get)
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "scripts/test.sh: need root or sudo to install ${missing[*]}" >&2
      exit 1
    fi
    APT=(sudo "${APT[@]}")
  fi
  echo "==> installing Debian packages: ${missing[*]}"
  "${APT[@]}" update -qq
  "${APT[@]}" install -y -qq --no-install-recommends "${missing[@]}"
  echo "==> installed: ${missing[*]}"
else
  echo "==> mosquitto, mosquitto-clients, influxdb, influxdb-client, unzip, docker-compose: already installed"
fi

# The Debian packages enable system services, but tests run their own instances on free ports;
# the system ones are neither needed nor started here.

# The local EVM chain (anvil) and the Solidity compiler come from npm, pinned in package-lock.json.
if [ -f package.json ]; then
  echo "==> npm ci (anvil, solc)"
  npm ci --no-audit --no-fund
fi

echo "==> ./mvnw -B verify $*"
exec ./mvnw -B verify "$@"

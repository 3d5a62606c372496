#!/usr/bin/env bash
# Formats the compose stack's KRaft log directory with its SCRAM users (service kafka-init in
# deploy/compose.yaml, before the broker starts). The apache/kafka image formats the directory
# itself on start but cannot add SCRAM users; a directory formatted here is left as it is by the
# image ("already formatted"), and a second run here changes nothing (--ignore-formatted), so the
# users are created once, with the passwords deploy/gen-secrets.sh wrote.
#
#   format-storage.sh [SERVER_PROPERTIES]   (default /mnt/shared/config/server.properties)
# Environment: CLUSTER_ID (required), AIRTRACE_SECRETS_DIR (default /run/secrets), KAFKA_HOME
# (default /opt/kafka). KafkaComposeConfigIT runs this script against a real StorageTool.
set -euo pipefail

config="${1:-/mnt/shared/config/server.properties}"
secrets="${AIRTRACE_SECRETS_DIR:-/run/secrets}"
: "${CLUSTER_ID:?CLUSTER_ID must be set}"

# SCRAM-SHA-512=[name=USER,password=PASSWORD] for a user and its password file
scram() {
  local password
  password="$(tr -d '\n' < "$secrets/$2")"
  printf 'SCRAM-SHA-512=[name=%s,password=%s]' "$1" "$password"
}

exec "${KAFKA_HOME:-/opt/kafka}/bin/kafka-storage.sh" format --ignore-formatted \
  --cluster-id "$CLUSTER_ID" --config "$config" \
  --add-scram "$(scram kafka-broker kafka-broker.password)" \
  --add-scram "$(scram airtrace kafka-airtrace.password)"

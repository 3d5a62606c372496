#!/usr/bin/env bash
# Generates the secrets of the compose stack into deploy/secrets/ (git-ignored; folder 0700):
#   ca.pem, ca-key.pem                  local certificate authority (825 days)
#   <service>.pem, <service>-key.pem    server certificates for mosquitto, kafka and influxdb
#                                       (SAN: the compose service name, localhost, 127.0.0.1)
#   kafka-keystore.pem                  kafka's PKCS#8 key and certificate chain (ssl.keystore.type=PEM)
#   gateway-client.pem, -key.pem        an MQTT client certificate for the gateway, for a broker
#                                       with require_certificate (the compose broker checks
#                                       passwords only)
#   mosquitto-passwd                    mosquitto password_file (PBKDF2-SHA512, mosquitto 2 format):
#                                       users gateway-1 and simulator
#   <name>.password                     one random password per credential (below), 32 characters
#                                       [A-Za-z0-9] without a trailing newline, so that Grafana's
#                                       __FILE variables and Kafka's directory config provider
#                                       take the file as it is
#   anchoring-operator.key              a fresh secp256k1 key (hex) for the anchoring profile
#   kafka-client.properties             Kafka client settings for the airtrace components
#                                       (SASL_SSL, SCRAM-SHA-512, user airtrace; for --kafka-config)
# Only openssl (3.x) is needed. Existing secrets are kept unless --force is given: regenerating the
# CA invalidates every certificate handed out from it.
#
#   deploy/gen-secrets.sh [--force] [DIR]     (default DIR: deploy/secrets next to this script)
set -euo pipefail

force=0
if [[ "${1:-}" == "--force" ]]; then
  force=1
  shift
fi
dir="${1:-$(cd "$(dirname "$0")" && pwd)/secrets}"
days=825

command -v openssl > /dev/null || { echo "gen-secrets.sh: openssl not found" >&2; exit 1; }
if [[ -e "$dir/ca.pem" && $force -eq 0 ]]; then
  echo "gen-secrets.sh: $dir already holds secrets; --force regenerates all of them" >&2
  exit 1
fi
umask 077
mkdir -p "$dir"
cd "$dir"

password() { openssl rand -base64 33 | tr -d '/+=\n' | cut -c1-32; }

# --- certificates ------------------------------------------------------------------------------
openssl req -x509 -newkey rsa:3072 -sha256 -nodes -days "$days" \
  -keyout ca-key.pem -out ca.pem -subj "/CN=airtrace local CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  2> /dev/null

# issue NAME CN EXT: key NAME-key.pem (PKCS#8), certificate NAME.pem signed by the CA
issue() {
  local name="$1" cn="$2" ext="$3"
  openssl req -newkey rsa:3072 -sha256 -nodes -keyout "$name-key.pem" -out "$name.csr" \
    -subj "/CN=$cn" 2> /dev/null
  printf '%s\n' "$ext" > "$name.ext"
  openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca-key.pem -CAcreateserial -sha256 \
    -days "$days" -extfile "$name.ext" -out "$name.pem" 2> /dev/null
  rm -f "$name.csr" "$name.ext"
}
for service in mosquitto kafka influxdb; do
  issue "$service" "$service" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:$service,DNS:localhost,IP:127.0.0.1"
done
issue gateway-client gateway-1 "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth"
cat kafka-key.pem kafka.pem ca.pem > kafka-keystore.pem
rm -f ca.srl

# --- passwords ---------------------------------------------------------------------------------
# kafka-broker: the broker's own SCRAM user (inter-broker listener); influxdb-airtrace: the sink's
# write user; influxdb-grafana: Grafana's read user
for name in mqtt-gateway mqtt-simulator kafka-broker kafka-airtrace influxdb-admin \
  influxdb-airtrace influxdb-grafana grafana-admin; do
  password | tr -d '\n' > "$name.password"
done

# mosquitto 2 password_file line: user:$7$<iterations>$<base64 salt>$<base64 PBKDF2-SHA512>
mosquitto_line() {
  local user="$1" pass="$2" salt_hex hash_hex
  salt_hex="$(openssl rand -hex 12)"
  hash_hex="$(openssl kdf -keylen 64 -kdfopt digest:SHA512 -kdfopt "pass:$pass" \
    -kdfopt "hexsalt:$salt_hex" -kdfopt iter:101 PBKDF2 | tr -d ':\n')"
  printf '%s:$7$101$%s$%s\n' "$user" \
    "$(printf '%s' "$salt_hex" | xxd -r -p | openssl base64 -A)" \
    "$(printf '%s' "$hash_hex" | xxd -r -p | openssl base64 -A)"
}
{
  mosquitto_line gateway-1 "$(cat mqtt-gateway.password)"
  mosquitto_line simulator "$(cat mqtt-simulator.password)"
} > mosquitto-passwd

# --- the anchoring operator's key (compose profile anchoring) -----------------------------------
# A fresh secp256k1 key as 64 hex digits: the 32 bytes after the 7-byte header of the DER
# ECPrivateKey (SEQUENCE, version 1, OCTET STRING of 32). Unfunded: fine for a local dev chain;
# on a real chain replace the file with the operator's funded key.
openssl ecparam -name secp256k1 -genkey -noout -outform DER | tail -c +8 | head -c 32 \
  | xxd -p -c 64 | tr -d '\n' > anchoring-operator.key

# --- Kafka client settings for the airtrace components (Kafka's client.properties format) -------
cat > kafka-client.properties << PROPS
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="airtrace" password="$(cat kafka-airtrace.password)";
ssl.truststore.type=PEM
ssl.truststore.location=/run/secrets/ca.pem
PROPS

# The folder is 0700, so no other user of the host reaches any of it. The files themselves are
# 0644: the containers run as their own non-root users (mosquitto 1883, kafka 1000, grafana 472,
# airtrace 10001) and read the bind-mounted files with the host's permissions.
chmod 700 .
chmod 644 ./*
echo "gen-secrets.sh: wrote $(ls | wc -l) files to $dir"

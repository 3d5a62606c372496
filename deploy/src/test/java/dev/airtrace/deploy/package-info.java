/**
 * Checks of the deployment material in {@code deploy/} and {@code helm/}: the compose file, the
 * Helm chart and the Grafana dashboards, each checked for real (parsed and cross-checked against
 * the repository, linted and rendered by Helm, queried against a real influxd).
 */
package dev.airtrace.deploy;

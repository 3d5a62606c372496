/** Test helpers for the MQTT module's integration tests. */
package dev.airtrace.mqtt.testdata;

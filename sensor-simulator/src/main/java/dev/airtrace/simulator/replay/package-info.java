/**
 * Replays recorded data over MQTT as sensors would have sent it: {@link
 * dev.airtrace.simulator.replay.ReplayCsv} reads the replay CSV layout (one row per reading: event
 * time, site, device, one column per quantity with its unit in the header, documented in {@code
 * docs/operations.md#replaying-recorded-data}), {@link
 * dev.airtrace.simulator.replay.BeijingPm25Csv} turns the UCI Beijing PM2.5 file into that layout,
 * and {@link dev.airtrace.simulator.replay.Replayer} publishes the rows through an {@link
 * dev.airtrace.mqtt.MqttPublisher} with the file's event times, as fast as the broker acknowledges
 * or at a speed factor. Bad rows are never published: each is reported with its row number and
 * counted.
 */
package dev.airtrace.simulator.replay;

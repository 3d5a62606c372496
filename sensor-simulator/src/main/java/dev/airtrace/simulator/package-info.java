/**
 * A deterministic sensor fleet for tests, demos and benchmarks: {@link
 * dev.airtrace.simulator.Simulator} turns a seeded {@link dev.airtrace.simulator.SimulatorConfig}
 * into a {@link dev.airtrace.simulator.SimulationPlan} (every message, in publish order, with what
 * the gateway is expected to do with it) and publishes the plan through an {@link
 * dev.airtrace.mqtt.MqttPublisher}. The same config always yields byte-identical messages.
 */
package dev.airtrace.simulator;

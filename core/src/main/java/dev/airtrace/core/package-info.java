/**
 * The airtrace domain: readings, quantities and their canonical units, device and site identifiers.
 *
 * <p>Pure Java with no broker, MQTT or native imports, so every module (gateway, stream processor,
 * sink, verifier) shares one definition of what a reading is.
 */
package dev.airtrace.core;

/**
 * Values of the topics the stream processor writes, and their JSON codecs: hourly per-site means,
 * per-site AQI and per-site feature windows.
 */
package dev.airtrace.topics.processor;

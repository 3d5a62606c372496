/**
 * The JSON codec of the dead-letter topics every component writes (gateway, processor, serving).
 */
package dev.airtrace.topics.deadletter;

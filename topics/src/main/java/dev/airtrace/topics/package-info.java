/**
 * Every Kafka topic's contract in one place: the {@link dev.airtrace.topics.Topics} catalogue of
 * {@link dev.airtrace.topics.Topic} records (name, serdes, owner, key, JSON Schema resource,
 * creation policy) and the {@link dev.airtrace.topics.TopicProvisioner}, the only code that creates
 * topics. Value records and codecs live in one sub-package per owning module.
 */
package dev.airtrace.topics;

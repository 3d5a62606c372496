/** Values of the topics the model-serving tier writes, and their JSON codec: PM2.5 forecasts. */
package dev.airtrace.topics.serving;

/** placeholder */
package dev.airtrace.anomaly;

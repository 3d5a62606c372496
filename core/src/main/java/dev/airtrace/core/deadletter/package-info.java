/**
 * Dead letters: every input airtrace rejects, with the reason, where it came from and its original
 * bytes, so nothing is dropped silently and an operator can replay it after a fix.
 */
package dev.airtrace.core.deadletter;

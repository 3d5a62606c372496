/**
 * The {@code airtrace} command line: one entry point per component ({@code gateway}, {@code
 * processor}, {@code sink}, {@code simulate}) plus {@code demo}, which runs them all in one
 * process. Options map to validated config records here, at the boundary.
 */
package dev.airtrace.cli;

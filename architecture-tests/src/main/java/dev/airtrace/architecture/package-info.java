/**
 * The project's architecture rules ({@link dev.airtrace.architecture.AirtraceArchRules}), kept in
 * one module that sees every other module's classes, so that a rule about two modules needs no home
 * in either of them.
 */
package dev.airtrace.architecture;

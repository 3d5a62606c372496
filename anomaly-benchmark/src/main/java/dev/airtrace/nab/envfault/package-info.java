/**
 * The environmental-fault corpus: real hourly air-quality and weather series (Beijing PM2.5, UCI
 * Air Quality) with seeded, labelled low-cost-sensor faults, written in NAB layout so that the NAB
 * scorer and {@code airtrace nab} score it like NAB. Entry point: {@link
 * dev.airtrace.nab.envfault.EnvFaultCorpusGenerator}; see docs/quality.md.
 */
package dev.airtrace.nab.envfault;

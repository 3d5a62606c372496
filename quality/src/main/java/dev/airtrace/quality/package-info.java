/**
 * Per-reading quality control in the style of the IOOS QARTOD real-time QC manuals: gross range,
 * climatology, spike, rate of change and flat line tests per series, and the PurpleAir A/B channel
 * agreement test, each returning a QARTOD flag ({@link dev.airtrace.quality.QcFlag}: 1 pass, 2 not
 * evaluated, 3 suspect, 4 fail, 9 missing). Every test is causal and streaming: a {@link
 * dev.airtrace.quality.SeriesQc} keeps a few numbers per device and quantity and does constant work
 * per reading. Limits come from {@link dev.airtrace.quality.QcConfig} (documented defaults per
 * quantity in {@link dev.airtrace.quality.QcDefaults}, overrides per quantity and per device). Pure
 * Java, no I/O; see docs/quality.md.
 */
package dev.airtrace.quality;

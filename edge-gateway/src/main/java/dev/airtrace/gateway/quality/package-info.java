/**
 * Per-reading quality control at the edge: the QARTOD-style tests of module {@code quality} run on
 * every accepted reading, and their flags ride beside the reading on the readings topic ({@code
 * "qc"}, outside the Merkle leaf). See docs/quality.md.
 */
package dev.airtrace.gateway.quality;

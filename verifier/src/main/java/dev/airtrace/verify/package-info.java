/**
 * Verification of {@code sensor-anchor-proof/1} proofs (docs/verify.md): {@link
 * dev.airtrace.verify.Verifier} checks the Merkle part offline and the on-chain anchor with a few
 * plain Ethereum JSON-RPC calls over the JDK {@link java.net.http.HttpClient}; {@link
 * dev.airtrace.verify.VerifyCommand} is the {@code airtrace verify} subcommand.
 *
 * <p>This package must not use web3j or any other Ethereum library (an ArchUnit test enforces it):
 * a verifier that third parties can audit in a few hundred lines is the point.
 */
package dev.airtrace.verify;

/**
 * The EVM chain behind two small interfaces: {@link dev.airtrace.anchoring.chain.ChainClient}
 * (JSON-RPC reads and raw broadcasts) and {@link dev.airtrace.anchoring.chain.AnchorSigner} (type-2
 * transactions signed with a local key). This is the only package that imports web3j (or its
 * okhttp); everything else sees plain records with hex strings and {@code BigInteger}s.
 */
package dev.airtrace.anchoring.chain;

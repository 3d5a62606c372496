#!/usr/bin/env node
// Compiles contracts/RootAnchor.sol with solc-js (npm solc, pinned in package.json) through the
// standard JSON interface and writes contracts/RootAnchor.json, the artifact the Java code uses.
//
//   node contracts/compile.mjs          rewrite the artifact
//   node contracts/compile.mjs --check  recompile and exit 1 if the committed artifact differs
//
// Standard JSON rather than the solcjs CLI because only standard JSON sets evmVersion.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const solc = require('solc');

const here = dirname(fileURLToPath(import.meta.url));
const SOURCE = 'RootAnchor.sol';
const CONTRACT = 'RootAnchor';
const ARTIFACT = join(here, 'RootAnchor.json');
const EVENT_SIGNATURE = 'Anchored(bytes32,address,uint64,uint64,uint64,uint32)';
// Cancun, not the newest: every mainstream EVM L1/L2 runs it, and anvil (pinned to a later fork
// by the local stack) runs Cancun bytecode unchanged; this contract needs nothing newer.
const EVM_VERSION = 'cancun';
const OPTIMIZER = { enabled: true, runs: 200 };

const input = {
  language: 'Solidity',
  sources: { [SOURCE]: { content: readFileSync(join(here, SOURCE), 'utf8') } },
  settings: {
    evmVersion: EVM_VERSION,
    optimizer: OPTIMIZER,
    // No CBOR metadata hash: it would change the bytecode whenever comments or paths change,
    // while the artifact check is about what runs on chain.
    metadata: { bytecodeHash: 'none', appendCBOR: false },
    outputSelection: {
      [SOURCE]: { [CONTRACT]: ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object', 'evm.methodIdentifiers'] },
    },
  },
};

const output = JSON.parse(solc.compile(JSON.stringify(input)));
const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
for (const e of output.errors ?? []) {
  process.stderr.write(e.formattedMessage + '\n');
}
if (errors.length > 0) {
  process.exit(1);
}
const compiled = output.contracts[SOURCE][CONTRACT];

// topic0 = keccak256(event signature), with the Keccak that solc-js itself uses (js-sha3, a solc
// dependency; the JDK's SHA3-256 is a different padding). Cross-checked below: solc embeds the
// same 32 bytes as the PUSH32 that feeds LOG4, so a typo in EVENT_SIGNATURE cannot slip through.
const topic0 = '0x' + keccak256Hex(EVENT_SIGNATURE);
const deployed = compiled.evm.deployedBytecode.object;
if (!deployed.includes(topic0.slice(2))) {
  process.stderr.write(`topic0 ${topic0} not found in the deployed bytecode\n`);
  process.exit(1);
}

const artifact = {
  contract: CONTRACT,
  source: 'contracts/' + SOURCE,
  compiler: 'solc-js ' + solc.version(),
  evmVersion: EVM_VERSION,
  optimizer: OPTIMIZER,
  event: EVENT_SIGNATURE,
  topic0,
  methodIdentifiers: compiled.evm.methodIdentifiers,
  abi: compiled.abi,
  bytecode: '0x' + compiled.evm.bytecode.object,
  deployedBytecode: '0x' + deployed,
};
const text = JSON.stringify(artifact, null, 2) + '\n';

if (process.argv.includes('--check')) {
  const committed = readFileSync(ARTIFACT, 'utf8');
  if (committed !== text) {
    process.stderr.write(`${ARTIFACT} differs from a fresh compile; run node contracts/compile.mjs\n`);
    process.stdout.write(text);
    process.exit(1);
  }
  process.stdout.write(`${ARTIFACT} matches a fresh compile (${artifact.compiler}, ${EVM_VERSION})\n`);
} else {
  writeFileSync(ARTIFACT, text);
  process.stdout.write(`wrote ${ARTIFACT} (${artifact.compiler}, ${EVM_VERSION}, topic0 ${topic0})\n`);
}

function keccak256Hex(text) {
  return require('js-sha3').keccak256(text);
}

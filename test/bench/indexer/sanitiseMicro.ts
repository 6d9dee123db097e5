/**
 * Micro-measurement of the decode path's sanitising (src/computation/sanitiseValues.ts) on 100k
 * typical events: what it adds to decoding. Run: npx tsx test/bench/indexer/sanitiseMicro.ts
 * (the indexer benchmark, npm run bench:indexer, measures the whole write path).
 */

import { encodeAbiParameters, toHex } from 'viem'
import { events } from '../../../src/abi/DatanetRegistry'
import { decodeRawText } from '../../../src/computation/decodeRawText'
import { sanitiseValues } from '../../../src/computation/sanitiseValues'

const word = (n: bigint) => encodeAbiParameters([{ type: 'uint256' }], [n])
// 100k typical ContributionSubmitted logs (metadata URI + two tags), as the demo emits them.
const logs = Array.from({ length: 100_000 }, (_, i) => ({
  topics: [
    events.ContributionSubmitted.topic,
    word(BigInt(i)),
    word(3n),
    `0x${'00'.repeat(12)}${'ab'.repeat(20)}`,
  ],
  data: encodeAbiParameters(
    [{ type: 'bytes32' }, { type: 'uint64' }, { type: 'string' }, { type: 'string[]' }],
    [
      toHex(i, { size: 32 }),
      BigInt(1000 + i),
      `ipfs://contribution/${i}/email-${i % 97}.eml`,
      ['spam', `group-${i % 5}`],
    ],
  ),
}))
const decoded = logs.map((l) => events.ContributionSubmitted.decode(l))
const strings = decoded.flatMap((e) => [e.metadataURI, ...e.tags])
const opts = {
  clampInts: true,
  rawText: (l: (typeof logs)[number]) => decodeRawText(events.ContributionSubmitted, l),
}
for (let round = 0; round < 5; round++) {
  // Sanitising changes values in place: each round gets fresh copies (not timed).
  const copies = decoded.map((e) => ({ ...e, tags: [...e.tags] }))
  let t = performance.now()
  let changed = 0
  for (let i = 0; i < copies.length; i++) changed += sanitiseValues(copies[i], opts, logs[i]).length
  const sanMs = performance.now() - t
  t = performance.now()
  for (const l of logs) events.ContributionSubmitted.decode(l)
  const decMs = performance.now() - t
  console.log(
    `round ${round}: sanitise 100k events (${strings.length} strings): ${sanMs.toFixed(1)} ms (${((sanMs * 1000) / 1e5).toFixed(2)} µs/event), changed ${changed}; decode alone ${decMs.toFixed(1)} ms`,
  )
}

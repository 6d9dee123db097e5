/**
 * How the finalized-range ingestion finds the contracts that factories create at run time, so it
 * can ask the node for their logs by address instead of by topic from any address. By topic the
 * node sends every log of those topics on the chain: with the ERC-20 `Transfer` among them, every
 * WOPEN and GOPEN transfer came a second time (100k logs fetched, parsed and dropped twice over:
 * ~30 % of the indexer's time on a transfer-heavy chain).
 *
 * Nothing here knows the handlers: the processor passes the factories' creation logs and a reader
 * of the created address (`src/computation/dynamicContracts.ts`).
 */
export type CreatedContracts = {
  /** The factories (lowercase address) and the topic0s of their logs that create a contract. */
  factories: { address: string; topic0: string[] }[]
  /** The first block a factory can have created a contract in (its deployment). @default 0 */
  from?: number
  /** The created contract's address (lowercase) in a creation log; undefined when it names none. */
  childOf(log: { address: string; topics: string[]; data: string }): string | undefined
  /**
   * Above this many created contracts the topic request from any address is used again (nodes
   * cap the address list of one `eth_getLogs`; anyone may make a factory create thousands).
   * @default 1000
   */
  maxAddresses?: number
}

/** The created addresses known below a block: a set shared until a stride adds to it. */
export type KnownChildren = ReadonlySet<string>

/**
 * Adds the contracts created by `logs` (raw `eth_getLogs` entries, any order) to `known`; the
 * same set when none is new. A creation log from anything but a listed factory creates nothing,
 * and neither does one the reader cannot read (the handler records that one as an anomaly).
 *
 * @example
 * const now = addCreated(created, known, byAddress)
 */
export function addCreated(
  created: CreatedContracts,
  known: KnownChildren,
  logs: { address: string; topics: string[]; data: string }[],
): KnownChildren {
  const creations = creationsOf(created)
  let out: Set<string> | undefined
  for (const raw of logs) {
    const topic0 = raw.topics?.[0]
    // Most logs are not creations: one lookup of their topic, no string built.
    if (typeof topic0 !== 'string' || !creations.topics.has(topic0.toLowerCase())) continue
    const address = String(raw.address).toLowerCase()
    if (!creations.topicsOf.get(address)?.has(topic0.toLowerCase())) continue
    let child: string | undefined
    try {
      child = created.childOf({ address, topics: raw.topics, data: raw.data })?.toLowerCase()
    } catch {
      child = undefined
    }
    if (!child || known.has(child) || out?.has(child)) continue
    out ??= new Set(known)
    out.add(child)
  }
  return out ?? known
}

type Creations = { topics: Set<string>; topicsOf: Map<string, Set<string>> }

const made = new WeakMap<CreatedContracts, Creations>()

/** The creation topics, overall and per factory, lowercase, made once per {@link CreatedContracts}. */
function creationsOf(created: CreatedContracts): Creations {
  let c = made.get(created)
  if (!c) {
    const topicsOf = new Map(
      created.factories.map((f) => [f.address.toLowerCase(), new Set(f.topic0.map((t) => t.toLowerCase()))]),
    )
    c = { topics: new Set([...topicsOf.values()].flatMap((t) => [...t])), topicsOf }
    made.set(created, c)
  }
  return c
}

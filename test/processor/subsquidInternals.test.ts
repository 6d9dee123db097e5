import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { EvmBatchProcessor } from '@subsquid/evm-processor'
import { createLogger } from '@subsquid/logger'
import { SnakeNamingStrategy } from '@subsquid/typeorm-config/lib/namingStrategy'
import { Store, TypeormDatabase } from '@subsquid/typeorm-store'
import { ChangeTracker } from '@subsquid/typeorm-store/lib/hot'
import { PrometheusServer, Runner } from '@subsquid/util-internal-processor-tools'
import { Registry } from 'prom-client'
import { getMetadataArgsStorage } from 'typeorm'
import { afterAll, describe, expect, it } from 'vitest'
import { ENTITY_CLASSES } from '../../src/db/createDataSource'
import { SnakeNamingStrategy as OurSnakeNamingStrategy } from '../../src/db/tables/snakeNamingStrategy'
import { storeInternals } from '../../src/db/write/storeInternals'
import { selectLogs } from '../../src/ingestion/ingestFinalizedLogs'
import type { Manifest } from '../../src/manifest/manifest'
import { NoopDatabase } from '../../src/processor/noopDatabase'
import { buildProcessor } from '../../src/processor/processor'

// The code reaches into members of these packages that they do not export or keep private (the
// list and the reasons: src/processor/subsquidInternals.md). Each is checked on the installed copy
// so that a version change fails here, naming the member, instead of in production.

const REMEDY =
  'this project relies on it (src/processor/subsquidInternals.md): keep the pinned version, or adapt the code named there before moving the pin'
const PINNED = [
  '@subsquid/evm-processor',
  '@subsquid/typeorm-store',
  '@subsquid/util-internal-processor-tools',
  '@subsquid/typeorm-config',
] as const

const root = path.join(__dirname, '..', '..')
const requireHere = createRequire(path.join(root, 'package.json'))
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))
const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'))

/** Asserts `owner[name]` is a function taking `arity` parameters, with a message naming it. */
function expectMethod(owner: object, where: string, name: string, arity: number): void {
  const fn = (owner as Record<string, unknown>)[name]
  expect(typeof fn, `${where}.${name} is gone or no longer a method: ${REMEDY}`).toBe('function')
  expect(
    (fn as (...a: unknown[]) => unknown).length,
    `${where}.${name} changed its parameters: ${REMEDY}`,
  ).toBe(arity)
}

/** Asserts `obj[name]()` returns the same object on every call (the processor's `@def` memoisation). */
function expectMemoised(obj: Record<string, () => unknown>, where: string, name: string): unknown {
  const first = obj[name]()
  expect(obj[name](), `${where}.${name}() no longer returns one shared instance: ${REMEDY}`).toBe(first)
  return first
}

describe('pinned Subsquid packages', () => {
  it.each(PINNED)('%s is pinned to an exact version, the installed and locked one', (name) => {
    const wanted = pkg.dependencies[name]
    expect(wanted, `${name} must be pinned to an exact version in package.json: ${REMEDY}`).toMatch(
      /^\d+\.\d+\.\d+$/,
    )
    const installed = requireHere(`${name}/package.json`).version
    expect(installed, `${name} ${installed} is installed but ${wanted} is pinned: run npm ci`).toBe(wanted)
    expect(
      lock.packages[`node_modules/${name}`]?.version,
      `package-lock.json holds another ${name} than the pin: npm install --package-lock-only`,
    ).toBe(wanted)
  })

  it('evm-processor and this project share one util-internal-processor-tools, and typeorm-store our typeorm', () => {
    const fromProcessor = createRequire(requireHere.resolve('@subsquid/evm-processor'))
    expect(
      fromProcessor.resolve('@subsquid/util-internal-processor-tools'),
      `evm-processor got its own copy of util-internal-processor-tools: its PrometheusServer goes into our Runner; ${REMEDY}`,
    ).toBe(requireHere.resolve('@subsquid/util-internal-processor-tools'))
    const fromStore = createRequire(requireHere.resolve('@subsquid/typeorm-store'))
    expect(
      fromStore.resolve('typeorm'),
      `typeorm-store got its own copy of typeorm: it would run on our DataSource; ${REMEDY}`,
    ).toBe(requireHere.resolve('typeorm'))
  })
})

describe('@subsquid/evm-processor internals (runIndexer, ingestFinalizedLogs)', () => {
  const manifest: Manifest = {
    version: 1,
    chainId: 31337,
    contracts: {
      WOPEN: { address: `0x${'Ab'.repeat(20)}`, startBlock: 3 },
      InferenceRouter: { address: `0x${'cD'.repeat(20)}`, startBlock: 7 },
    },
  }
  // Port 9 (discard): nothing here sends a request, and the client is closed at the end.
  // biome-ignore lint/suspicious/noExplicitAny: reaching the processor's private members is what is tested
  const p = buildProcessor({ rpcUrl: 'http://127.0.0.1:9', manifest }) as any
  afterAll(() => p.getChainRpcClient().close())

  it.each(['getPrometheusServer', 'getChainRpcClient', 'getChain', 'getHotDataSource', 'getBatchRequests'])(
    'EvmBatchProcessor.prototype.%s() exists and is memoised',
    (name) => {
      expectMethod(EvmBatchProcessor.prototype, 'EvmBatchProcessor.prototype', name, 0)
      expectMemoised(p, 'EvmBatchProcessor', name)
    },
  )

  it("the Prometheus server: serve() (replaced, so the Runner opens no listener), and a registry that merges into this project's", async () => {
    const server = p.getPrometheusServer()
    expect(server, `getPrometheusServer() is no longer a PrometheusServer: ${REMEDY}`).toBeInstanceOf(
      PrometheusServer,
    )
    expectMethod(server, 'PrometheusServer', 'serve', 0)
    // runIndexer replaces serve() on the instance; the Runner must still take the server from there.
    const runnerSource = fs.readFileSync(
      path.join(
        path.dirname(createRequire(__filename).resolve('@subsquid/util-internal-processor-tools')),
        'runner.js',
      ),
      'utf8',
    )
    expect(
      runnerSource,
      `Runner.run no longer calls config.prometheus.serve(): check runIndexer's replacement; ${REMEDY}`,
    ).toContain('this.config.prometheus.serve()')
    expect(server.registry, `PrometheusServer.registry is gone: ${REMEDY}`).toBeDefined()
    const merged = Registry.merge([new Registry(), server.registry])
    expect(await merged.metrics(), `PrometheusServer.registry holds no sqd_ metrics: ${REMEDY}`).toContain(
      'sqd_rpc_',
    )
  })

  it("the RPC client: call, batchCall, close; getChain().client is the same client; RpcError's name", () => {
    const rpc = p.getChainRpcClient()
    expectMethod(rpc, 'RpcClient', 'call', 3)
    expectMethod(rpc, 'RpcClient', 'batchCall', 2)
    expectMethod(rpc, 'RpcClient', 'close', 1)
    expect(p.getChain().client, `getChain().client is not getChainRpcClient(): ${REMEDY}`).toBe(rpc)
    const { RpcError } = createRequire(requireHere.resolve('@subsquid/evm-processor'))('@subsquid/rpc-client')
    expect(
      new RpcError({ code: -32601, message: 'method not found' }).name,
      `rpc-client's RpcError is no longer named 'RpcError' (ingestFinalizedLogs matches on it): ${REMEDY}`,
    ).toBe('RpcError')
  })

  it("the RPC client's retry hooks: isConnectionError, receiveResult, con.call/batchCall, retrySchedule", () => {
    const rpc = p.getChainRpcClient()
    expectMethod(rpc, 'RpcClient', 'isConnectionError', 1)
    expectMethod(rpc, 'RpcClient', 'receiveResult', 4)
    expectMethod(rpc.con, 'RpcClient.con', 'call', 2)
    expectMethod(rpc.con, 'RpcClient.con', 'batchCall', 2)
    expect(Array.isArray(rpc.retrySchedule), `RpcClient.retrySchedule is gone: ${REMEDY}`).toBe(true)
  })

  it('the hot data source: getFinalizedBlocks and getFinalizedHeight, replaceable on the instance', () => {
    const hot = p.getHotDataSource()
    expectMethod(hot, 'EvmRpcDataSource', 'getFinalizedBlocks', 2)
    expectMethod(hot, 'EvmRpcDataSource', 'getFinalizedHeight', 0)
    expectMethod(hot, 'EvmRpcDataSource', 'processHotBlocks', 3)
    const original = hot.getFinalizedBlocks
    const replacement = () => undefined
    hot.getFinalizedBlocks = replacement
    expect(hot.getFinalizedBlocks, `EvmRpcDataSource.getFinalizedBlocks cannot be replaced: ${REMEDY}`).toBe(
      replacement,
    )
    hot.getFinalizedBlocks = original
  })

  it("the batch requests have the shape selectLogs serves: every manifest contract's logs, by address", () => {
    const requests = p.getBatchRequests() as { range: { from: number; to?: number }; request: unknown }[]
    expect(
      requests.map((r) => r.range.from),
      `getBatchRequests() ranges changed shape: ${REMEDY}`,
    ).toEqual([3, 7])
    const selections = requests.map((r) => selectLogs(r.request))
    expect(
      selections.every((s) => s !== undefined),
      `getBatchRequests() requests changed shape: selectLogs no longer recognises them, so the indexer silently falls back to Subsquid's slower ingestion; ${REMEDY}`,
    ).toBe(true)
    const wopen = manifest.contracts.WOPEN?.address.toLowerCase() as string
    const router = manifest.contracts.InferenceRouter?.address.toLowerCase() as string
    // No factory in this manifest, so no logs are requested by topic.
    expect(selections.at(-1)).toEqual({
      addresses: [wopen, router],
      topic0: [],
      withTransaction: new Set([router]),
    })
  })
})

describe('@subsquid/util-internal-processor-tools Runner (runIndexer)', () => {
  it("drives the hot source's getFinalizedBlocks and the database's connect/transact as runIndexer wires them", async () => {
    const block = { header: { height: 4, hash: '0x04', parentHash: '0x03' }, logs: [] }
    const asked: { requests: unknown; stopOnHead?: boolean }[] = []
    const hotDataSource = {
      getFinalizedHeight: async () => 4,
      getBlockHash: async () => '0x04',
      processHotBlocks: async () => {
        throw new Error('no hot blocks in this test')
      },
      async *getFinalizedBlocks(requests: unknown, stopOnHead?: boolean) {
        asked.push({ requests, stopOnHead })
        yield { blocks: [block], isHead: true }
      },
    }
    const prometheus = { addRunnerMetrics: () => {}, serve: async () => ({ port: 0, close: async () => {} }) }
    const processed: { store: unknown; batch: unknown }[] = []
    const database = new NoopDatabase()
    const runner = new Runner({
      // biome-ignore lint/suspicious/noExplicitAny: NoopDatabase implements the part of the interface the runner uses, as in runIndexer
      database: database as any,
      requests: [{ range: { from: 0, to: 4 }, request: {} }],
      // biome-ignore lint/suspicious/noExplicitAny: a data source of the shape runIndexer passes
      hotDataSource: hotDataSource as any,
      allBlocksAreFinal: true,
      // biome-ignore lint/suspicious/noExplicitAny: the two members the Runner calls
      prometheus: prometheus as any,
      log: createLogger('openledger:test:runner'),
      process: async (store, batch) => {
        processed.push({ store, batch })
      },
    })
    await runner.run()
    expect(
      asked,
      `Runner no longer asks hotDataSource.getFinalizedBlocks for the finalized range: ${REMEDY}`,
    ).toEqual([{ requests: [{ range: { from: 0, to: 4 }, request: {} }], stopOnHead: false }])
    expect(processed, `Runner no longer hands each batch to config.process: ${REMEDY}`).toEqual([
      { store: database.readStore(), batch: { blocks: [block], isHead: true } },
    ])
    expect(
      await database.connect(),
      `Runner no longer commits progress through database.transact: ${REMEDY}`,
    ).toEqual({ height: 4, hash: '0x04', top: [] })
  })
})

describe('@subsquid/typeorm-store internals (processorDatabase, storeInternals)', () => {
  it.each([
    ['initTransaction', 1],
    ['submit', 1],
    ['getState', 1],
    ['transact', 2],
    ['transactHot2', 2],
    ['connect', 0],
    ['disconnect', 0],
  ] as const)('TypeormDatabase.prototype.%s takes %i parameters', (name, arity) => {
    expectMethod(TypeormDatabase.prototype, 'TypeormDatabase.prototype', name, arity)
  })

  it('TypeormDatabase keeps its status in squid_processor and its DataSource in `con`', async () => {
    // biome-ignore lint/suspicious/noExplicitAny: reaching the library's private fields is what is tested
    const db = new TypeormDatabase() as any
    expect(db.statusSchema, `TypeormDatabase's status schema is no longer squid_processor: ${REMEDY}`).toBe(
      'squid_processor',
    )
    let destroyed = false
    db.con = {
      destroy: async () => {
        destroyed = true
      },
    }
    await db.disconnect()
    expect(destroyed, `TypeormDatabase.disconnect() no longer closes this.con: ${REMEDY}`).toBe(true)
    expect(db.con, `TypeormDatabase no longer keeps its DataSource in this.con: ${REMEDY}`).toBeUndefined()
  })

  it('Store keeps its manager in em() and its change tracker in changes, as storeInternals reads them', () => {
    const em = { marker: 'em' }
    const changes = { trackInsert: async () => {}, trackUpsert: async () => {} }
    // biome-ignore lint/suspicious/noExplicitAny: fakes of the two things Store is built from
    const store = new Store(() => em as any, changes as any)
    expect(Store.length, `Store's constructor changed its parameters: ${REMEDY}`).toBe(2)
    expect(storeInternals(store), `Store's private em()/changes moved: ${REMEDY}`).toEqual({ em, changes })
    expect(storeInternals(new Store(() => em as never))).toEqual({ em, changes: undefined })
    expectMethod(ChangeTracker.prototype, 'ChangeTracker.prototype', 'trackInsert', 2)
    expectMethod(ChangeTracker.prototype, 'ChangeTracker.prototype', 'trackUpsert', 2)
  })
})

describe('@subsquid/typeorm-config naming (src/db/tables/snakeNamingStrategy.ts)', () => {
  it('lib/namingStrategy still gives the snake_case names the migrations use', () => {
    const naming = new SnakeNamingStrategy()
    for (const m of ['tableName', 'columnName', 'relationName', 'joinColumnName'] as const)
      expect(typeof naming[m], `SnakeNamingStrategy.${m} is gone: ${REMEDY}`).toBe('function')
    expect(
      [
        naming.tableName('IndexingAnomaly', ''),
        naming.columnName('effectiveGasPrice', undefined, []),
        naming.joinColumnName('account', 'id'),
      ],
      `SnakeNamingStrategy names tables or columns differently: ${REMEDY}`,
    ).toEqual(['indexing_anomaly', 'effective_gas_price', 'account_id'])
  })

  it('our strategy names every entity, column and relation as the library does', () => {
    const theirs = new SnakeNamingStrategy()
    const ours = new OurSnakeNamingStrategy()
    const storage = getMetadataArgsStorage()
    const entities = ENTITY_CLASSES.map((e) => e.name)
    const columns = storage.columns.filter((c) => ENTITY_CLASSES.includes(c.target as never))
    const relations = storage.relations.filter((r) => ENTITY_CLASSES.includes(r.target as never))
    expect(columns.length).toBeGreaterThan(100)
    const names = (n: SnakeNamingStrategy | OurSnakeNamingStrategy) => [
      ...entities.map((e) => n.tableName(e, '')),
      ...columns.map((c) => n.columnName(c.propertyName, undefined, [])),
      ...columns.map((c) => n.columnName(c.propertyName, undefined, ['embeddedPart'])),
      ...relations.map((r) => n.relationName(r.propertyName)),
      ...relations.map((r) => n.joinColumnName(r.propertyName, 'id')),
      ...entities.map((e) => n.joinTableName(e, 'DatanetVersion')),
      ...relations.map((r) => n.joinTableColumnName('ModelVersion', r.propertyName)),
      // Acronyms, digits and dashes, as field names may hold them.
      ...['metadataURI', 'l1GasUsed', 'XMLHttpRequest', 'top-k'].map((p) => n.columnName(p, undefined, [])),
    ]
    expect(names(ours), `our naming differs from typeorm-config's: ${REMEDY}`).toEqual(names(theirs))
  })
})

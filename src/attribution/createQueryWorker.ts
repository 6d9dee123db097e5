/**
 * A worker thread that featurises inference inputs while the calling thread is inside
 * onnxruntime: the Node binding runs a session synchronously on the JS thread, so only another
 * thread can overlap the forward passes with scoring.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import type { Checkpoint } from './checkpoint'
import { AttributionInputError } from './errors'
import type { InferenceQuery } from './inferenceQuery'
import type { QueryWorkerRequest, QueryWorkerResponse } from './queryWorkerMain'

/** Queries of raw inputs computed on a worker thread. */
export type QueryWorker = {
  /** Same results as `inferenceQuery(checkpoints, hashedBagOfWords(decode(input)))` per input. */
  queries(inputs: readonly Uint8Array[]): Promise<InferenceQuery[]>
  close(): Promise<void>
}

/**
 * Starts the worker for one model version. Under tsx or vitest the worker loads the TypeScript
 * source through tsx's CommonJS hook; from a compiled build it loads the sibling `.js`.
 *
 * @example
 * const worker = createQueryWorker(checkpoints, pkg.features.buckets)
 * const queries = await worker.queries(inputs)
 * await worker.close()
 */
export function createQueryWorker(checkpoints: readonly Checkpoint[], buckets: number): QueryWorker {
  const js = path.join(__dirname, 'queryWorkerMain.js')
  const entry = existsSync(js) ? js : path.join(__dirname, 'queryWorkerMain.ts')
  const source = entry.endsWith('.ts')
    ? `require('tsx/cjs/api').register(); require(${JSON.stringify(entry)})`
    : `require(${JSON.stringify(entry)})`
  const worker = new Worker(source, { eval: true })
  // An idle worker must not keep a CLI run alive.
  worker.unref()
  const pending = new Map<number, { resolve: (q: InferenceQuery[]) => void; reject: (e: Error) => void }>()
  let failure: Error | undefined
  const failAll = (err: Error) => {
    failure ??= err
    for (const p of pending.values()) p.reject(failure)
    pending.clear()
  }
  worker.on('error', failAll)
  worker.on('exit', (code) => failAll(new AttributionInputError(`query worker exited (code ${code})`)))
  worker.on('message', (msg: QueryWorkerResponse) => {
    const p = pending.get(msg.id)
    if (!p) return
    pending.delete(msg.id)
    if (msg.type === 'error') p.reject(new AttributionInputError(`query worker: ${msg.message}`))
    else p.resolve(msg.labels.map((label, i) => ({ label, h: msg.h[i], delta: msg.delta[i] })))
  })
  worker.postMessage({ type: 'init', checkpoints: [...checkpoints], buckets } satisfies QueryWorkerRequest)
  let nextId = 0
  return {
    queries(inputs) {
      if (failure) return Promise.reject(failure)
      const id = nextId++
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject })
        // Only refed while work is outstanding, so an awaited batch cannot be cut off by exit.
        worker.ref()
        worker.postMessage({ type: 'queries', id, inputs: [...inputs] } satisfies QueryWorkerRequest)
      }).finally(() => {
        if (pending.size === 0) worker.unref()
      }) as Promise<InferenceQuery[]>
    },
    async close() {
      pending.clear()
      await worker.terminate()
    },
  }
}

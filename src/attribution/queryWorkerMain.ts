/**
 * Worker side of {@link createQueryWorker}: turns raw inference inputs into queries (features and
 * the forward pass at every checkpoint) off the thread that runs onnxruntime.
 */
import { parentPort } from 'node:worker_threads'
import type { Checkpoint } from './checkpoint'
import { QueryWorkerNotReadyError } from './errors'
import { hashedBagOfWords } from './features'
import { inferenceQuery } from './inferenceQuery'

/** Messages the worker accepts. */
export type QueryWorkerRequest =
  | { type: 'init'; checkpoints: Checkpoint[]; buckets: number }
  | { type: 'queries'; id: number; inputs: Uint8Array[] }

/** Messages the worker sends back. */
export type QueryWorkerResponse =
  | { type: 'queries'; id: number; h: Float32Array[][]; delta: Float32Array[][]; labels: number[] }
  | { type: 'error'; id: number; message: string }

let model: { checkpoints: Checkpoint[]; buckets: number } | undefined
const decoder = new TextDecoder()

parentPort?.on('message', (msg: QueryWorkerRequest) => {
  if (msg.type === 'init') {
    model = { checkpoints: msg.checkpoints, buckets: msg.buckets }
    return
  }
  try {
    if (!model) throw new QueryWorkerNotReadyError()
    const { checkpoints, buckets } = model
    const queries = msg.inputs.map((input) =>
      inferenceQuery(checkpoints, hashedBagOfWords(decoder.decode(input), { buckets })),
    )
    const h = queries.map((q) => q.h)
    const delta = queries.map((q) => q.delta)
    const reply: QueryWorkerResponse = {
      type: 'queries',
      id: msg.id,
      h,
      delta,
      labels: queries.map((q) => q.label),
    }
    parentPort?.postMessage(
      reply,
      [...h.flat(), ...delta.flat()].map((a) => a.buffer as ArrayBuffer),
    )
  } catch (err) {
    parentPort?.postMessage({
      type: 'error',
      id: msg.id,
      message: (err as Error).message,
    } satisfies QueryWorkerResponse)
  }
})

type Stoppable = { stop(): Promise<void> | void }

/**
 * `Promise.all` for things that must be stopped: when one start fails, the others that started
 * are stopped before the failure is rethrown. With a plain `Promise.all([setupChain(),
 * setupDatabase()])` a failing database start loses the devnet's handle, so `afterAll` cannot
 * stop it and it runs until the worker process ends.
 *
 * @example
 * beforeAll(async () => {
 *   ;[chain, db] = await startAll([setupChain(), setupDatabase()])
 * })
 */
export async function startAll<T extends readonly Stoppable[]>(
  starts: {
    [K in keyof T]: Promise<T[K]>
  },
): Promise<T> {
  const settled = await Promise.allSettled(starts as unknown as readonly Promise<Stoppable>[])
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected')
  if (failure) {
    await Promise.allSettled(settled.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)))
    throw failure.reason
  }
  return settled.map((s) => (s as PromiseFulfilledResult<Stoppable>).value) as unknown as T
}

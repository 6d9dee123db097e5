/** One statement's outcome: its rows as text (simple protocol), empty for a command. */
export type ScriptResult = { rows: Record<string, string | null>[] }

/** The protocol calls a pg `Connection` offers a query object (node-postgres's Submittable). */
type Connection = {
  query(text: string): void
  sendCopyFromChunk(chunk: Buffer): void
  endCopyFrom(): void
  sendCopyFail(message: string): void
}

/**
 * A multi-statement simple query for node-postgres whose `COPY … FROM STDIN` statements are fed,
 * in order, from `copies`: one round trip for a whole script that mixes statements and bulk
 * loads (node-postgres itself sends COPY data only through a stream per statement). Submit it
 * with `client.query(script)` and await {@link ScriptQuery.done}: one {@link ScriptResult} per
 * statement, or the server's error (the transaction is then aborted).
 *
 * @example
 * const q = new ScriptQuery('COPY t (a) FROM STDIN; SELECT count(*) AS n FROM t', [Buffer.from('1\n2\n')])
 * client.query(q)
 * const [, { rows }] = await q.done // rows[0].n === '2'
 */
export class ScriptQuery {
  readonly done: Promise<ScriptResult[]>
  callback?: (err: Error | null) => void
  readonly #results: ScriptResult[] = []
  #fields: string[] | undefined
  #rows: Record<string, string | null>[] = []
  #resolve!: (r: ScriptResult[]) => void
  #reject!: (e: unknown) => void
  #copies: Buffer[]

  constructor(
    readonly text: string,
    copies: Buffer[] = [],
  ) {
    this.#copies = [...copies]
    this.done = new Promise((resolve, reject) => {
      this.#resolve = resolve
      this.#reject = reject
    })
    this.done.catch(() => {}) // the caller awaits it; an unobserved failure must not crash
  }

  submit(connection: Connection): void {
    connection.query(this.text)
  }

  handleRowDescription(msg: { fields: { name: string }[] }): void {
    this.#fields = msg.fields.map((f) => f.name)
    this.#rows = []
  }

  handleDataRow(msg: { fields: (string | null)[] }): void {
    const row: Record<string, string | null> = {}
    this.#fields?.forEach((name, i) => {
      row[name] = msg.fields[i]
    })
    this.#rows.push(row)
  }

  handleCommandComplete(): void {
    this.#results.push({ rows: this.#rows })
    this.#fields = undefined
    this.#rows = []
  }

  handleEmptyQuery(): void {
    this.#results.push({ rows: [] })
  }

  handleCopyInResponse(connection: Connection): void {
    const chunk = this.#copies.shift()
    if (!chunk) {
      connection.sendCopyFail('the script has more COPY statements than data')
      return
    }
    connection.sendCopyFromChunk(chunk)
    connection.endCopyFrom()
  }

  handlePortalSuspended(): void {}

  handleCopyData(): void {}

  handleError(err: unknown): void {
    this.#reject(err)
    this.callback?.(err as Error)
  }

  handleReadyForQuery(): void {
    this.#resolve(this.#results)
    this.callback?.(null)
  }
}

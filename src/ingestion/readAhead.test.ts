import { describe, expect, it } from 'vitest'
import { readAhead } from './readAhead'

describe('readAhead', () => {
  it('prepares the next item while the consumer still works on the current one', async () => {
    const events: string[] = []
    async function* source() {
      for (const x of [1, 2, 3]) {
        events.push(`produce ${x}`)
        yield x
      }
    }
    const out: number[] = []
    for await (const x of readAhead(source(), (y) => events.push(`prepare ${y}`))) {
      events.push(`consume ${x} start`)
      await new Promise((r) => setTimeout(r, 5)) // the consumer waiting on I/O
      events.push(`consume ${x} end`)
      out.push(x)
    }
    expect(out).toEqual([1, 2, 3])
    const at = (e: string) => events.indexOf(e)
    // Item n+1 is prepared while item n is being consumed, never before item n was handed out.
    for (const n of [1, 2]) {
      expect(at(`prepare ${n + 1}`)).toBeLessThan(at(`consume ${n} end`))
      expect(at(`prepare ${n + 1}`)).toBeGreaterThan(at(`prepare ${n}`))
    }
    expect(at('consume 1 start')).toBeLessThan(at('prepare 3'))
  })

  it('holds at most one item ahead', async () => {
    let produced = 0
    async function* source() {
      for (let x = 0; x < 10; x++) {
        produced += 1
        yield x
      }
    }
    const it = readAhead(source(), () => {})
    await it.next()
    await new Promise((r) => setTimeout(r, 5))
    expect(produced).toBe(2)
    await it.return(undefined)
  })

  it('surfaces a failure of the source or of prepare when the consumer reaches that item', async () => {
    async function* source() {
      yield 1
      yield 2
    }
    const seen: number[] = []
    const run = async () => {
      for await (const x of readAhead(source(), (y) => {
        if (y === 2) throw new Error('cannot prepare 2')
      })) {
        await new Promise((r) => setTimeout(r, 5))
        seen.push(x)
      }
    }
    await expect(run()).rejects.toThrow('cannot prepare 2')
    expect(seen).toEqual([1])
  })
})

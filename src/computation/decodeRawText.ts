import { Src } from '@subsquid/evm-codec'

/** What of a typegen'd event this needs: its parameters' codecs (`AbiEvent.params`). */
type EventWithParams = {
  params?: Record<string, { indexed?: boolean; decode(src: Src): unknown }>
}

/**
 * A decoding source whose `string()` gives the string's bytes as 0x hex instead of text: the
 * `string` codec reads a string exactly as `bytes` (offset, length, data), and `Buffer#toString`
 * would replace bytes that are not UTF-8 by U+FFFD.
 */
class RawTextSrc extends Src {
  override string(): string {
    return `0x${Buffer.from(this.bytes()).toString('hex')}`
  }

  override slice(start: number, end?: number): Src {
    // Workaround: arrays and tuples decode from `slice()`, which builds a plain Src; evm-codec 0.3
    // keeps the buffer private, so it is read here to keep the subclass.
    return new RawTextSrc((this as unknown as { buf: Uint8Array }).buf.subarray(start, end))
  }
}

/**
 * Decodes the non-indexed parameters of `log` with `event`'s codecs, strings as the 0x hex of
 * their bytes: the same shape as `event.decode(log)`. Only text that holds U+FFFD needs this
 * (to tell the decoder's replacement of bytes that are not UTF-8 from an emitted U+FFFD).
 *
 * @throws {Error} when the log does not decode (it decoded once already, so it does).
 * @example
 * decodeRawText(events.DatanetCreated, log).name // '0x6576696cff'
 */
export function decodeRawText(event: EventWithParams, log: { data: string }): Record<string, unknown> {
  const src = new RawTextSrc(Buffer.from(log.data.slice(2), 'hex'))
  const out: Record<string, unknown> = {}
  for (const [name, codec] of Object.entries(event.params ?? {})) {
    // Indexed parameters come from topics (a dynamic one as its hash): no text to recover there.
    if (!codec.indexed) out[name] = codec.decode(src)
  }
  return out
}

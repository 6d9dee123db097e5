import { constants } from 'node:fs'
import { type FileHandle, open, realpath } from 'node:fs/promises'
import path from 'node:path'
import createKeccak from 'keccak'

/** A regular file opened for reading: its descriptor, size and identity (what changes if it is replaced or written). */
export type OpenFile = { handle: FileHandle; size: number; identity: string }

/** Why {@link openFileUnder} opened nothing. */
export type OpenRefusal = { refused: 'not-found' } | { refused: 'too-large'; size: number }

/**
 * Opens `dir/name` for reading. `name` must have no separator (the callers' patterns see to it);
 * the directory is resolved to its real path and the file opened with O_NOFOLLOW, so neither `..`
 * nor a symlink in the directory reaches anything outside. Not a regular file: not found.
 *
 * @example
 * const file = await openFileUnder('.data/artifacts', `${hash}.bin`, 1 << 20)
 * if ('refused' in file) return
 */
export async function openFileUnder(
  dir: string,
  name: string,
  maxBytes: number,
): Promise<OpenFile | OpenRefusal> {
  const real = await realpath(dir).catch(() => undefined)
  const file = real && path.join(real, name)
  if (!real || !file || path.dirname(file) !== real) return { refused: 'not-found' }
  let handle: FileHandle
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW)
  } catch {
    return { refused: 'not-found' }
  }
  const stat = await handle.stat().catch(async (err) => {
    await handle.close()
    throw err
  })
  if (!stat.isFile()) {
    await handle.close()
    return { refused: 'not-found' }
  }
  if (stat.size > maxBytes) {
    await handle.close()
    return { refused: 'too-large', size: stat.size }
  }
  return {
    handle,
    size: stat.size,
    // A file written or replaced since has another inode, size, mtime or ctime (ctime cannot be set back).
    identity: `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}`,
  }
}

/**
 * keccak256 of the file's first `size` bytes, read in 1 MiB chunks (memory stays bounded).
 *
 * @example
 * const actual = await keccakOfFile(file)
 */
export async function keccakOfFile(file: OpenFile): Promise<string> {
  const hasher = createKeccak('keccak256')
  const buf = Buffer.allocUnsafe(Math.min(1 << 20, Math.max(1, file.size)))
  let position = 0
  while (position < file.size) {
    const { bytesRead } = await file.handle.read(buf, 0, Math.min(buf.length, file.size - position), position)
    if (bytesRead === 0) break
    hasher.update(buf.subarray(0, bytesRead))
    position += bytesRead
  }
  return `0x${hasher.digest().toString('hex')}`
}

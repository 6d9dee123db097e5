import fs from 'node:fs'
import pg from 'pg'
import { EmbeddedPostgresPasswordError } from './errors'
import { scramVerifier } from './scramVerifier'
import { LEGACY_PASSWORD, newPassword, readPassword, writePassword } from './superuserPassword'

const INVALID_PASSWORD = '28P01'

/**
 * Connects to a running embedded cluster as its superuser `postgres` with the password in `file`.
 * A cluster made before passwords were random (no file; the published `'postgres'`) gets a random
 * password now: written to `<file>.pending`, set with ALTER ROLE, then renamed to `file`, so a crash
 * in between leaves a password that a later start still tries.
 *
 * @throws {EmbeddedPostgresPasswordError} when no known password is accepted.
 * @example
 * const { client, password } = await superuserLogin({ port, dataDir, file: passwordFile(dataDir) })
 */
export async function superuserLogin(opts: {
  port: number
  dataDir: string
  file: string
}): Promise<{ client: pg.Client; password: string }> {
  const pendingFile = `${opts.file}.pending`
  const stored = readPassword(opts.file)
  const pending = readPassword(pendingFile)
  const candidates = [...new Set([stored, pending, LEGACY_PASSWORD])].filter((p) => p !== undefined)
  let lastRefusal: unknown
  for (const password of candidates) {
    const client = new pg.Client({
      host: '127.0.0.1',
      port: opts.port,
      user: 'postgres',
      password,
      database: 'postgres',
    })
    try {
      await client.connect()
    } catch (e) {
      await client.end().catch(() => {})
      if ((e as { code?: string }).code !== INVALID_PASSWORD) throw e
      lastRefusal = e
      continue
    }
    if (password === stored) return { client, password }
    try {
      if (password === pending) {
        fs.renameSync(pendingFile, opts.file)
        return { client, password }
      }
      const next = newPassword()
      writePassword(pendingFile, next)
      // The verifier, not the password: a server that logs statements must not log it. Base64
      // with '$' and ':': nothing to escape.
      await client.query(`ALTER ROLE postgres PASSWORD '${scramVerifier(next)}'`)
      fs.renameSync(pendingFile, opts.file)
      return { client, password: next }
    } catch (e) {
      await client.end().catch(() => {})
      throw e
    }
  }
  throw new EmbeddedPostgresPasswordError(opts.dataDir, opts.file, { cause: lastRefusal })
}

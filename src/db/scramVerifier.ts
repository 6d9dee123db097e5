import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto'
import { UnsupportedPasswordError } from './errors'

/**
 * The SCRAM-SHA-256 verifier PostgreSQL stores for `password` (RFC 5802/7677, PostgreSQL's
 * format: `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`), computed here, as psql's
 * \password does, so `CREATE/ALTER ROLE ... PASSWORD` never carries the password itself: a server
 * logging statements (log_statement = 'all' or 'ddl', or an error's STATEMENT line) logs only the
 * verifier, from which the password of random bytes cannot be recovered.
 *
 * @throws {UnsupportedPasswordError} for a password beyond printable ASCII (SASLprep would apply).
 * @example
 * await client.query(`ALTER ROLE postgres PASSWORD '${scramVerifier(next)}'`)
 */
export function scramVerifier(password: string, iterations = 4096): string {
  // Printable ASCII is what SASLprep leaves unchanged; the passwords made here are base64url.
  if (!/^[\x20-\x7e]*$/.test(password)) throw new UnsupportedPasswordError()
  const salt = randomBytes(16)
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256')
  const clientKey = createHmac('sha256', salted).update('Client Key').digest()
  const storedKey = createHash('sha256').update(clientKey).digest()
  const serverKey = createHmac('sha256', salted).update('Server Key').digest()
  const b64 = (b: Buffer) => b.toString('base64')
  return `SCRAM-SHA-256$${iterations}:${b64(salt)}$${b64(storedKey)}:${b64(serverKey)}`
}

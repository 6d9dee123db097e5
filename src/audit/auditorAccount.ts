import fs from 'node:fs'
import path from 'node:path'
import type { Hex, LocalAccount } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'

/**
 * The account that signs evidence: the configured key, or a key generated once and kept in
 * `<dataDir>/auditor.key` (mode 0600) so one installation keeps one identity.
 *
 * @example
 * const account = auditorAccount({ dataDir: config.dataDir, privateKey: config.auditorKey })
 * console.log(account.address)
 */
export function auditorAccount({ dataDir, privateKey }: { dataDir: string; privateKey?: Hex }): LocalAccount {
  if (privateKey) return privateKeyToAccount(privateKey)
  const file = path.join(dataDir, 'auditor.key')
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true })
    fs.writeFileSync(file, `${generatePrivateKey()}\n`, { mode: 0o600 })
  }
  return privateKeyToAccount(fs.readFileSync(file, 'utf8').trim() as Hex)
}

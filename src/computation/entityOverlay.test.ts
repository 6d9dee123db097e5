import { describe, expect, it } from 'vitest'
import { Account, TokenSupply } from '../model'
import { EntityCache } from './entityCache'
import { EntityOverlay } from './entityOverlay'
import { newAccount } from './handlerContext'

const NO_ROWS = { find: async () => [] } as unknown as Parameters<EntityCache['load']>[0]

describe('EntityOverlay', () => {
  it('answers with the newest of the last two published batches', () => {
    const overlay = new EntityOverlay()
    const a1 = newAccount('0xa', 1)
    overlay.publish([a1, new TokenSupply({ id: 'WOPEN' })])
    const a2 = newAccount('0xa', 2)
    overlay.publish([a2])
    expect(overlay.get(Account, '0xa')).toBe(a2)
    expect(overlay.get(TokenSupply, 'WOPEN')?.id).toBe('WOPEN')
    overlay.publish([])
    expect(overlay.get(Account, '0xa')).toBe(a2)
    overlay.publish([])
    expect(overlay.get(Account, '0xa')).toBeUndefined()
    expect(overlay.get(TokenSupply, 'WOPEN')).toBeUndefined()
  })

  it('is read before the store by EntityCache.load, and the row counts as known', async () => {
    const overlay = new EntityOverlay()
    const newer = newAccount('0xa', 7)
    overlay.publish([newer])
    const cache = new EntityCache(overlay)
    cache.want(Account, '0xa')
    cache.want(Account, '0xb')
    await cache.load(NO_ROWS)
    expect(cache.get(Account, '0xa')).toBe(newer)
    expect(cache.get(Account, '0xb')).toBeUndefined()
    expect(cache.isKnown(Account, '0xb')).toBe(true)
  })
})

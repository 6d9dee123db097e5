import DataLoader from 'dataloader'
import { tables } from '../../db/tables/entityTables'
import { handWrittenSql } from '../../db/tables/handWrittenSql'
import type { ApiContext } from '../read/ApiContext'
import { charge } from '../read/ApiContext'
import { runSql } from '../read/runSql'
import { BigIntScalar } from '../scalars'
import type { ApiExtension, ApiFields } from '../schema/buildApiSchema'
import { hasEntities, nonNull } from './pageArgs'

type Row = Record<string, unknown>

const H = tables.shareHolder.columns
const T = tables.shareToken.columns

// ModelShareToken.withdrawableDividendOf, in SQL: floor((mps × balance + correction) / 2^128) − claimed.
const PENDING_SQL = handWrittenSql(
  'api.shareHolderPending',
  `
SELECT h.${H.id}, (div(t.${T.magnifiedDividendPerShare} * h.${H.balance} + h.${H.magnifiedCorrection},
    340282366920938463463374607431768211456) - h.${H.claimed})::text AS pending
FROM ${tables.shareHolder.name} h JOIN ${tables.shareToken.name} t ON t.${T.id} = h.${H.token}
WHERE h.${H.id} = ANY($1::text[])`,
)

/**
 * `ShareHolder.pendingDividends`: the dividend a holder may claim at the indexed head, wei,
 * computed exactly as `ModelShareToken.withdrawableDividendOf` (from the token's last
 * `magnifiedDividendPerShare` and the holder's balance, correction and claims), so no row changes
 * when revenue arrives. Batched: the holders of one response cost one statement.
 *
 * @example
 * buildApiSchema(text, { extensions: [shareHolderFields] }) // { shareHolders { pendingDividends } }
 */
export const shareHolderFields: ApiExtension = (types): ApiFields => {
  if (!hasEntities(types.model, ['ShareHolder', 'ShareToken'])) return {}
  types.extend('ShareHolder', () => ({
    pendingDividends: {
      type: nonNull(BigIntScalar),
      description: 'claimable now (at the indexed head), wei, exactly as the contract computes it',
      resolve: (r: Row, _args: unknown, ctx: ApiContext) => loadPending(ctx, r.id as string),
    },
  }))
  return {}
}

function loadPending(ctx: ApiContext, holderId: string): Promise<string> {
  const key = 'ShareHolderPending'
  let loader = ctx.loaders.get(key) as DataLoader<string, string> | undefined
  if (!loader) {
    loader = new DataLoader<string, string>(
      async (ids) => {
        charge(ctx, ids.length)
        const rows = await runSql(ctx, PENDING_SQL, [[...ids]])
        const byId = new Map(rows.map(([id, pending]) => [id as string, pending as string]))
        return ids.map((i) => byId.get(i) ?? '0')
      },
      { maxBatchSize: ctx.limits.maxInList },
    )
    ctx.loaders.set(key, loader as unknown as DataLoader<string, Row | null>)
  }
  return loader.load(holderId)
}

import DataLoader from 'dataloader'
import { tables } from '../../db/tables/entityTables'
import { handWrittenSql } from '../../db/tables/handWrittenSql'
import type { ApiContext } from '../read/ApiContext'
import { charge } from '../read/ApiContext'
import { runSql } from '../read/runSql'
import { settlementFeeSql } from './settlementFeeSql'
import { toRecords } from './toRecords'

type Row = Record<string, unknown>

/** Arguments of `Model.revenueSeries`. */
export type SeriesArgs = {
  bucket: 'hour' | 'day' | 'week'
  from?: Date | null
  to?: Date | null
  limit?: number | null
}

const POINT_FIELDS = [
  'start',
  'settlements',
  'revenue',
  'ownerRevenue',
  'contributorRewards',
  'protocolRevenue',
  'stakersRevenue',
]

const S = tables.settlement.columns

// One statement for every model of a response (same arguments): the first `limit` buckets of each.
const SERIES_SQL = handWrittenSql(
  'api.modelRevenueSeries',
  `
SELECT model_id, start, settlements, revenue, owner, contributors, protocol, stakers FROM (
  SELECT model_id, start, settlements, revenue, owner, contributors, protocol, stakers,
    row_number() OVER (PARTITION BY model_id ORDER BY start) AS n
  FROM (
    SELECT ${S.model} AS model_id,
      to_char(date_trunc($2::text, ${S.timestamp} AT TIME ZONE 'UTC'), 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS start,
      count(*)::int AS settlements,
      sum(${settlementFeeSql()})::text AS revenue,
      sum(${S.modelOwnerAmount})::text AS owner, sum(${S.contributorsAmount})::text AS contributors,
      sum(${S.protocolAmount} + ${S.dust})::text AS protocol, sum(${S.stakersAmount})::text AS stakers
    FROM ${tables.settlement.name}
    WHERE ${S.model} = ANY($1::text[])
      AND ($3::timestamptz IS NULL OR ${S.timestamp} >= $3) AND ($4::timestamptz IS NULL OR ${S.timestamp} < $4)
    GROUP BY 1, 2
  ) AS b
) AS s WHERE n <= $5 ORDER BY model_id, start`,
)

/**
 * The first `limit` revenue buckets of a model, batched per response and per argument set: the
 * models of one response asking the same series cost one statement.
 *
 * @example
 * const points = await loadRevenueSeries(ctx, model.id, { bucket: 'day' }, 366)
 */
export function loadRevenueSeries(
  ctx: ApiContext,
  modelId: string,
  args: SeriesArgs,
  limit: number,
): Promise<Row[]> {
  const key = `ModelRevenueSeries@${args.bucket}|${args.from?.toISOString()}|${args.to?.toISOString()}|${limit}`
  let loader = ctx.loaders.get(key) as DataLoader<string, Row[]> | undefined
  if (!loader) {
    loader = new DataLoader<string, Row[]>(
      async (ids) => {
        charge(ctx, ids.length * limit)
        const rows = await runSql(ctx, SERIES_SQL, [
          [...ids],
          args.bucket,
          args.from ?? null,
          args.to ?? null,
          limit,
        ])
        const byModel = new Map<string, unknown[][]>()
        for (const [id, start, ...rest] of rows) {
          const list = byModel.get(id as string) ?? []
          list.push([start, ...rest])
          byModel.set(id as string, list)
        }
        return ids.map((i) => toRecords(byModel.get(i) ?? [], POINT_FIELDS))
      },
      { maxBatchSize: ctx.limits.maxInList },
    )
    ctx.loaders.set(key, loader as unknown as DataLoader<string, Row | null>)
  }
  return loader.load(modelId)
}

import type pg from 'pg'

/**
 * Appends `count` inferences after id `after` in the shape seedIndexedData gives (80 % settled,
 * two contributor rewards per settlement), so an incremental sync has a realistic batch of new
 * rows; {@link shrinkHistory} takes them out again, so a seeded database can be reused.
 * Returns the rows written.
 *
 * @example
 * const rows = await growHistory(admin, { after: 6_250_000, count: 62_500 })
 */
export async function growHistory(db: pg.Pool, opts: { after: number; count: number }): Promise<number> {
  const { after, count } = opts
  const n = after
  const range = `generate_series(${after + 1}, ${after + count}) AS i`
  const fee = '(1000 + i % 1000) * 1000000000000::numeric'
  const validator = `'0x' || lpad(to_hex(1000001 + i % 13 % 10), 40, '0')`
  const statements = [
    `INSERT INTO inference (id, model_id, model_version, caller_id, fee, input_hash, output_hash, status, requested_at_block,
       requested_at, request_tx, gas_used, gas_price, l1_fee, fulfilled_at_block, settled_at_block)
     SELECT i::text, (1 + i % 53 % 50)::text, 1, (SELECT id FROM account ORDER BY id LIMIT 1), ${fee}, '0x' || md5('in' || i),
       '0x' || md5('out' || i), CASE WHEN i % 5 = 0 THEN 'REQUESTED' ELSE 'SETTLED' END, 1000 + i,
       timestamptz '2026-01-01 00:00:00+00' + i * interval '3 seconds', '0x' || md5('rtx' || i), 90000, 1000000000::numeric,
       1000000000000::numeric, CASE WHEN i % 5 <> 0 THEN 1001 + i END, CASE WHEN i % 5 <> 0 THEN 1002 + i END
     FROM ${range}`,
    `INSERT INTO settlement (id, inference_id, model_id, validator_id, protocol_amount, model_owner_amount, stakers_amount,
       contributors_amount, dust, block_number, timestamp, tx_hash)
     SELECT i::text, i::text, (1 + i % 53 % 50)::text, ${validator}, div(${fee}, 10), div(${fee}, 5), div(${fee}, 5),
       div(${fee}, 2), 0, 1002 + i, timestamptz '2026-01-01 00:00:06+00' + i * interval '3 seconds', '0x' || md5('stx' || i)
     FROM ${range} WHERE i % 5 <> 0`,
    `INSERT INTO contribution_reward (id, settlement_id, inference_id, contribution_id, contributor_id, datanet_id, amount,
       weight_ppm, position, block_number)
     SELECT i || '-' || c.id, i::text, i::text, c.id, c.contributor_id, c.datanet_id,
       div(div(${fee}, 2) * (CASE WHEN k = 0 THEN 600000 ELSE 400000 END), 1000000), CASE WHEN k = 0 THEN 600000 ELSE 400000 END,
       k, 1002 + i
     FROM ${range}, generate_series(0, 1) AS k,
       LATERAL (SELECT id, contributor_id, datanet_id FROM contribution WHERE id = (1 + (i * 13 + k * 101) % ${Math.max(1, Math.floor(n / 2))})::text) AS c
     WHERE i % 5 <> 0`,
  ]
  let rows = 0
  for (const sql of statements) rows += (await db.query(sql)).rowCount ?? 0
  return rows
}

/**
 * Deletes every inference (with its settlement and rewards) whose id is above `after`: what
 * {@link growHistory} added.
 *
 * @example
 * await shrinkHistory(admin, { after: 6_250_000, count: 62_500 })
 */
export async function shrinkHistory(db: pg.Pool, opts: { after: number; count: number }): Promise<void> {
  const ids = `SELECT i::text FROM generate_series(${opts.after + 1}, ${opts.after + opts.count}) AS i`
  await db.query(`DELETE FROM contribution_reward WHERE settlement_id IN (${ids})`)
  await db.query(`DELETE FROM settlement WHERE id IN (${ids})`)
  await db.query(`DELETE FROM inference WHERE id IN (${ids})`)
}

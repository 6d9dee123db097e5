import type pg from 'pg'

/**
 * Fills the real schema's tables (after migrations) with a deterministic, explorer-shaped data set
 * using generate_series: `inferences` inferences, 80% settled with two contributor rewards each,
 * 30% of settlements audited, half as many contributions, and fixed small sets of accounts,
 * datanets, models, validators and proposals (with ModelFund.fundModel actions and votes).
 * Row count ≈ 4.2 × inferences. Models (i % 53 % 50) and validators (i % 13 % 10) are spread so
 * that every one has settled and unsettled inferences.
 *
 * @example
 * await seedIndexedData(adminPool, { inferences: 300_000 }) // ≈ 1.25M rows
 */
export async function seedIndexedData(
  db: pg.Pool | pg.PoolClient,
  opts: { inferences: number },
): Promise<number> {
  const n = opts.inferences
  const accounts = Math.max(50, Math.floor(n / 20))
  const addr = (e: string) => `'0x' || lpad(to_hex(${e}), 40, '0')`
  const day = `timestamptz '2026-01-01 00:00:00+00'`
  const statements = [
    `INSERT INTO account (id, open_balance, wopen_balance, gopen_balance, voting_power, contribution_count, contributor_earned,
       inference_count, inference_fees_paid, gas_used, tx_fees_paid, first_seen_block)
     SELECT ${addr('i')}, i * 1000000000000000000::numeric, 0, i * 100000000000000000::numeric, i * 100000000000000000::numeric, 0, 0, 0, 0, 0, 0, i FROM generate_series(1, ${accounts}) AS i`,
    `INSERT INTO datanet (id, name, metadata_uri, created_at_block, created_at, contribution_count, accepted_count, rejected_count,
       version_count, contributor_rewards, owner_id)
     SELECT i::text, (ARRAY['healthcare','law','finance','security','spam-mail','yoruba','legal-es','radiology'])[1 + i % 8] || '-' || i,
       'ipfs://datanet/' || i, i, ${day} + i * interval '1 minute', ${Math.floor(n / 40)}, ${Math.floor(n / 50)}, 10, 1, i * 1000000000000000000::numeric, ${addr('1 + i % 10')}
     FROM generate_series(1, 20) AS i`,
    `INSERT INTO model (id, name, metadata_uri, price_per_inference, current_version, registered_at_block, registered_at,
       inference_count, settled_count, revenue, owner_revenue, funding_received, upstream_received, upstream_paid, owner_id)
     SELECT i::text, (ARRAY['spam-classifier','triage','contract-review','fraud-detector','translator'])[1 + i % 5] || '-v' || i,
       'ipfs://model/' || i, 1000000000000000::numeric, 1, 100 + i, ${day} + i * interval '1 hour', ${Math.floor(n / 50)}, ${Math.floor((n * 0.8) / 50)},
       i * 1000000000000000000::numeric, i * 100000000000000000::numeric, 0, 0, 0, ${addr('1 + i % 10')}
     FROM generate_series(1, 50) AS i`,
    `INSERT INTO model_version (id, model_id, version, artifact_hash, attribution_method, datanet_ids, datanet_versions,
       datanet_version_ids, published_at_block, published_at, tx_hash)
     SELECT i || '-1', i::text, 1, md5(i::text), 'tracin-cp-last-layer', ARRAY[(1 + i % 20)::text, (1 + (i + 7) % 20)::text],
       ARRAY[1, 1], ARRAY[(1 + i % 20) || '-1', (1 + (i + 7) % 20) || '-1'], 100 + i, ${day}, '0x' || md5('mv' || i)
     FROM generate_series(1, 50) AS i`,
    `INSERT INTO validator (id, account_id, bonded, unbonding, withdrawn, slashed, slash_count, settlement_count)
     SELECT ${addr('1000000 + i')}, NULL, 1000000000000000000000::numeric, 0, 0, 0, 0, ${Math.floor((n * 0.8) / 10)} FROM generate_series(1, 10) AS i`,
    `INSERT INTO contribution (id, datanet_id, contributor_id, content_hash, size, metadata_uri, tags, status, acceptance_index,
       submitted_at_block, submitted_at, tx_hash, earned, reward_count)
     SELECT i::text, (1 + i % 20)::text, ${addr(`1 + i % ${accounts}`)}, '0x' || md5('c' || i), 100 + i % 5000, NULL, ARRAY['mail'],
       (ARRAY['ACCEPTED','ACCEPTED','ACCEPTED','PENDING','REJECTED'])[1 + i % 5], CASE WHEN i % 5 < 3 THEN i END,
       i, ${day} + i * interval '2 seconds', '0x' || md5('ctx' || i), 0, 0
     FROM generate_series(1, ${Math.floor(n / 2)}) AS i`,
    `INSERT INTO inference (id, model_id, model_version, caller_id, fee, input_hash, output_hash, status, requested_at_block,
       requested_at, request_tx, gas_used, gas_price, l1_fee, fulfilled_at_block, settled_at_block)
     SELECT i::text, (1 + i % 53 % 50)::text, 1, ${addr(`1 + (i * 7) % ${accounts}`)}, (1000 + i % 1000) * 1000000000000::numeric, '0x' || md5('in' || i),
       '0x' || md5('out' || i), CASE WHEN i % 5 = 0 THEN 'REQUESTED' ELSE 'SETTLED' END, 1000 + i, ${day} + i * interval '3 seconds',
       '0x' || md5('rtx' || i), 90000, 1000000000::numeric, 1000000000000::numeric, CASE WHEN i % 5 <> 0 THEN 1001 + i END, CASE WHEN i % 5 <> 0 THEN 1002 + i END
     FROM generate_series(1, ${n}) AS i`,
    `INSERT INTO settlement (id, inference_id, model_id, validator_id, protocol_amount, model_owner_amount, stakers_amount,
       contributors_amount, dust, block_number, timestamp, tx_hash)
     SELECT i::text, i::text, (1 + i % 53 % 50)::text, ${addr('1000001 + i % 13 % 10')}, div(((1000 + i % 1000) * 1000000000000::numeric), 10), div(((1000 + i % 1000) * 1000000000000::numeric), 5),
       div(((1000 + i % 1000) * 1000000000000::numeric), 5), div(((1000 + i % 1000) * 1000000000000::numeric), 2), 0, 1002 + i, ${day} + i * interval '3 seconds' + interval '6 seconds', '0x' || md5('stx' || i)
     FROM generate_series(1, ${n}) AS i WHERE i % 5 <> 0`,
    `INSERT INTO contribution_reward (id, settlement_id, inference_id, contribution_id, contributor_id, datanet_id, amount, weight_ppm,
       position, block_number)
     SELECT i || '-' || c, i::text, i::text, c::text, ${addr(`1 + c % ${accounts}`)}, (1 + c % 20)::text,
       div(div(((1000 + i % 1000) * 1000000000000::numeric), 2) * (CASE WHEN k = 0 THEN 600000 ELSE 400000 END), 1000000), CASE WHEN k = 0 THEN 600000 ELSE 400000 END, k, 1002 + i
     FROM generate_series(1, ${n}) AS i, LATERAL (SELECT k, 1 + (i * 13 + k * 101) % ${Math.max(1, Math.floor(n / 2))} AS c FROM generate_series(0, 1) AS k) AS r
     WHERE i % 5 <> 0`,
    `INSERT INTO audit_report (id, inference_id, status, reason, max_deviation_ppm, report_hash, method, device, created_at)
     SELECT 'a' || i, i::text, CASE WHEN i % 97 = 0 THEN 'MISMATCH' WHEN i % 89 = 0 THEN 'UNVERIFIABLE' ELSE 'VERIFIED' END,
       CASE WHEN i % 89 = 0 THEN 'missing artifact' END, CASE WHEN i % 97 = 0 THEN 4200 ELSE 3 END, md5('r' || i),
       'tracin-cp-last-layer', 'cpu', ${day} + interval '30 days' + i * interval '1 second'
     FROM generate_series(1, ${n}) AS i WHERE i % 5 <> 0 AND i % 10 < 4`,
    `INSERT INTO proposal (id, proposer_id, description, vote_start, vote_end, status, for_votes, against_votes, abstain_votes,
       vote_count, for_voters, against_voters, abstain_voters, created_at_block, created_at, tx_hash)
     SELECT (100000000000000000000::numeric + i)::text, ${addr('1 + i')}, 'Fund model ' || i || ' from the treasury', 100 + i, 200 + i,
       (ARRAY['PENDING','QUEUED','EXECUTED','CANCELED'])[1 + i % 4], 0, 0, 0, 0, 0, 0, 0, 50 + i, ${day} + i * interval '1 day', '0x' || md5('p' || i)
     FROM generate_series(1, 20) AS i`,
    `INSERT INTO proposal_action (id, proposal_id, index, target, value, calldata, signature, contract, function_name, args, summary)
     SELECT (100000000000000000000::numeric + i)::text || '-0', (100000000000000000000::numeric + i)::text, 0, ${addr('999')}, 0, '0x', 'fundModel(uint256,uint256,string)', 'ModelFund',
       'fundModel', jsonb_build_object('modelId', i::text, 'amount', (i * 1000000000000000000000::numeric)::text, 'memo', 'grant ' || i),
       'fund model ' || i || ' with ' || i * 1000 || ' OPEN'
     FROM generate_series(1, 20) AS i`,
    `INSERT INTO vote (id, proposal_id, voter_id, support, weight, reason, block_number, tx_hash)
     SELECT 'v' || p || '-' || k, (100000000000000000000::numeric + p)::text, ${addr('1 + k')}, k % 3, (k + 1) * 1000000000000000000::numeric, '', 60 + p, '0x' || md5('v' || p || k)
     FROM generate_series(1, 20) AS p, generate_series(0, 9) AS k`,
    `UPDATE proposal p SET for_votes = v.f, against_votes = v.a, abstain_votes = v.s, vote_count = v.n,
       for_voters = v.fn, against_voters = v.an, abstain_voters = v.sn FROM (
       SELECT proposal_id, sum(weight) FILTER (WHERE support = 1) AS f, sum(weight) FILTER (WHERE support = 0) AS a,
         sum(weight) FILTER (WHERE support = 2) AS s, count(*) AS n, count(*) FILTER (WHERE support = 1) AS fn,
         count(*) FILTER (WHERE support = 0) AS an, count(*) FILTER (WHERE support = 2) AS sn FROM vote GROUP BY proposal_id) AS v
       WHERE v.proposal_id = p.id`,
    'ANALYZE',
  ]
  let rows = 0
  for (const sql of statements) rows += (await db.query(sql)).rowCount ?? 0
  return rows
}

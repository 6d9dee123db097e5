import fs from 'node:fs'
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  DASHBOARD_QUERIES,
  type DashboardFilters,
  dashboardSql,
  parseFilters,
  runDashboardQuery,
  SERIES_METRICS,
  type SeriesMetric,
  seriesGroupsOf,
} from '../../src/api/analytics'
import { ROOT } from '../setup/chain'
import { launchChromium } from '../setup/launchChromium'
import { type DemoAnalytics, startDemoAnalytics } from './demoAnalytics'
import { asCsvCells, parseCsv } from './parseCsv'
import { PG_ANSWERS } from './pgAnswers'

const ARTIFACTS = path.join(ROOT, 'test', 'artifacts')

type Case = { label: string; raw: Record<string, string> }

/**
 * Every dashboard question on the demo data (indexed, audited, synced into DuckDB) equals the
 * same question answered directly from PostgreSQL, under no filter and under each filter; the
 * same answers over HTTP (JSON and CSV) and GraphQL (`analytics { … }`, `series`).
 */
describe('dashboards over the demo economy: DuckDB answers equal PostgreSQL answers', () => {
  let d: DemoAnalytics
  let cases: Case[]
  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true })
    d = await startDemoAnalytics(11)
    const { rows: models } = await d.pool.query('SELECT id FROM model ORDER BY id')
    const { rows: datanets } = await d.pool.query(
      'SELECT datanet_id AS id FROM contribution_reward GROUP BY 1 ORDER BY sum(amount) LIMIT 1',
    )
    const { rows: times } = await d.pool.query(
      `SELECT to_char(percentile_disc(0.5) WITHIN GROUP (ORDER BY timestamp) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS mid,
         to_char(max(timestamp) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS last FROM settlement`,
    )
    cases = [
      { label: 'no filter', raw: {} },
      { label: 'hourly', raw: { bucket: 'hour' } },
      { label: 'weekly', raw: { bucket: 'week' } },
      { label: `model ${models[0].id}`, raw: { model: models[0].id } },
      { label: 'an unknown model', raw: { model: '999999' } },
      { label: `datanet ${datanets[0].id}`, raw: { datanet: datanets[0].id } },
      { label: 'from the median settlement on', raw: { from: times[0].mid, bucket: 'hour' } },
      { label: 'before the median settlement', raw: { to: times[0].mid, limit: '3' } },
      { label: 'after everything', raw: { from: times[0].last.replace(/Z$/, '.000001Z') } },
    ]
  }, 600_000)
  afterAll(async () => {
    await d?.stop()
  })

  const pg = (name: string, f: DashboardFilters) => PG_ANSWERS[name](d.pool, f)

  it('has data for every question without filters (so the comparisons compare something)', async () => {
    for (const q of DASHBOARD_QUERIES) {
      const rows = await pg(q.name, parseFilters({}))
      expect(rows.length, q.name).toBeGreaterThan(0)
    }
    // The demo's auditor found the dishonest oracle, and the funding proposal was executed.
    const audits = await pg('audit_outcomes_per_oracle', parseFilters({}))
    expect(audits.some((r) => (r.mismatch as number) > 0)).toBe(true)
    const funding = await pg('governance_funding_outcomes', parseFilters({}))
    expect(funding.some((r) => r.outcome === 'EXECUTED' && r.revenue_after !== null)).toBe(true)
  })

  for (const q of DASHBOARD_QUERIES)
    it(`${q.name}: DuckDB equals PostgreSQL under every filter`, async () => {
      for (const c of cases) {
        const f = parseFilters(c.raw)
        const duck = await runDashboardQuery(d.source, q, f)
        expect(duck, `${q.name}, ${c.label}`).toEqual(await pg(q.name, f))
      }
    })

  it('filters change answers (a filter that did nothing would pass the equality above too)', async () => {
    const datanet = cases.find((c) => c.raw.datanet)?.raw as Record<string, string>
    const all = await pg('top_datanets_by_earnings', parseFilters({}))
    const one = await pg('top_datanets_by_earnings', parseFilters(datanet))
    expect(all.length).toBeGreaterThan(1)
    expect(one.map((r) => r.datanet)).toEqual([datanet.datanet])
    expect(one[0].share_ppm).toBe(1_000_000)
    expect(await pg('open_distributed_per_day', parseFilters({ model: '999999' }))).toEqual([])
  })

  describe('over HTTP', () => {
    const get = async (path: string) => {
      const res = await fetch(d.base + path)
      return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() }
    }

    it('serves each query as JSON and as CSV, both equal to the PostgreSQL answer', async () => {
      const datanet = cases.find((c) => c.raw.datanet)?.raw.datanet as string
      for (const q of DASHBOARD_QUERIES) {
        const expected = await pg(q.name, parseFilters({ datanet }))
        const json = await get(`/dashboards/data/${q.name}.json?datanet=${datanet}`)
        expect(json.status).toBe(200)
        expect(JSON.parse(json.text).rows).toEqual(expected)
        const csv = await get(`/dashboards/data/${q.name}.csv?datanet=${datanet}`)
        expect(csv.type).toMatch(/^text\/csv/)
        expect(parseCsv(csv.text)).toEqual(
          asCsvCells(
            q.columns.map((c) => c.name),
            expected,
          ),
        )
      }
    })

    it('serves the page, the ECharts bundle and the SQL files from the server itself', async () => {
      const page = await get('/dashboards')
      expect(page.status).toBe(200)
      expect(page.text).not.toMatch(/https?:\/\//)
      const bundle = await get('/dashboards/echarts.min.js')
      expect(bundle.status).toBe(200)
      expect(bundle.text.length).toBeGreaterThan(500_000)
      const sql = await get('/dashboards/sql/attribution_concentration.sql')
      expect(sql.text).toContain('gini_ppm')
      const explorer = await get('/')
      expect(explorer.text).toContain('href="/dashboards"')
    })

    it('rejects bad filters with a code and binds hostile text instead of running it', async () => {
      const bad = [
        ['model=1%27%20OR%201%3D1', /model must be a decimal id/],
        ['datanet=1;DROP TABLE settlement', /datanet must be a decimal id/],
        ['bucket=month', /bucket must be one of hour, day, week/],
        ['bucket=day&bucket=week', /bucket must be given once/],
        ['from=yesterday', /from must be an ISO 8601 date/],
        ['from=2026-02-01&to=2026-01-01', /from must not be after to/],
        ['limit=100000', /limit must be an integer from 1 to 100/],
      ] as const
      for (const [query, message] of bad) {
        const res = await get(`/dashboards/data/top_contributors_by_earnings.json?${query}`)
        expect(res.status, query).toBe(400)
        const body = JSON.parse(res.text)
        expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT')
        expect(body.errors[0].message).toMatch(message)
      }
      for (const path of [
        '/dashboards/data/settlement.json',
        '/dashboards/data/..%2f..%2fpackage.json',
        '/dashboards/sql/x.sql',
      ]) {
        const res = await get(path)
        expect(res.status, path).toBe(404)
        expect(JSON.parse(res.text).errors[0].extensions.code).toBe('NOT_FOUND')
      }
      expect((await d.pool.query('SELECT count(*)::int AS n FROM settlement')).rows[0].n).toBeGreaterThan(0)
      expect(d.logs.filter((l) => l.includes('analytics'))).toEqual([])
    })
  })

  describe('in GraphQL', () => {
    const gql = async (query: string, variables?: Record<string, unknown>) => {
      const res = await fetch(d.api.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      })
      return (await res.json()) as {
        // biome-ignore lint/suspicious/noExplicitAny: answers of several shapes
        data?: Record<string, any>
        errors?: { message: string; extensions: { code: string } }[]
      }
    }

    it('answers every analytics field as the PostgreSQL answer, with filters as arguments', async () => {
      const datanet = cases.find((c) => c.raw.datanet)?.raw.datanet as string
      const from = cases.find((c) => c.raw.from)?.raw.from as string
      for (const q of DASHBOARD_QUERIES) {
        const fields = q.columns.map((c) => c.field).join(' ')
        const takes = new Set([...dashboardSql(q.name).matchAll(/\$([a-z_]+)/g)].map((m) => m[1]))
        for (const raw of [{}, { datanet }, { from, bucket: 'hour' }] as Record<string, string>[]) {
          const given = Object.entries(raw).filter(([k]) => takes.has(k))
          const args = given.map(([k, v]) =>
            k === 'bucket' ? `bucket: ${v.toUpperCase()}` : `${k}: ${JSON.stringify(v)}`,
          )
          const res = await gql(
            `{ analytics { ${q.field}${args.length ? `(${args.join(', ')})` : ''} { ${fields} } } }`,
          )
          expect(res.errors, q.field).toBeUndefined()
          const expected = (await pg(q.name, parseFilters(Object.fromEntries(given)))).map((r) =>
            Object.fromEntries(q.columns.map((c) => [c.field, r[c.name]])),
          )
          expect(res.data?.analytics[q.field], `${q.field} ${JSON.stringify(raw)}`).toEqual(expected)
        }
      }
    })

    it('series: counts and sums per bucket and group equal PostgreSQL', async () => {
      const res = await gql(`{ analytics {
        fees: series(metric: INFERENCE_FEES, groupBy: MODEL) { bucket group value }
        rewards: series(metric: CONTRIBUTOR_REWARDS, groupBy: DATANET, bucket: HOUR) { bucket group value }
        inferences: series(metric: INFERENCES, groupBy: STATUS, bucket: WEEK) { bucket group value }
        audits: series(metric: AUDIT_REPORTS, groupBy: STATUS) { bucket group value }
        all: series(metric: SETTLEMENTS) { bucket group value }
      } }`)
      expect(res.errors).toBeUndefined()
      const pgSeries = async (sql: string, bucket: string) =>
        (
          await d.pool.query(
            `SELECT to_char(date_trunc($1, t, 'UTC') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS bucket, g AS group, sum(v)::text AS value
             FROM (${sql}) x GROUP BY 1, 2 ORDER BY 1, x.g COLLATE "C"`,
            [bucket],
          )
        ).rows
      const fee = 'protocol_amount + model_owner_amount + stakers_amount + contributors_amount + dust'
      expect(res.data?.analytics.fees).toEqual(
        await pgSeries(`SELECT timestamp t, model_id g, ${fee} v FROM settlement`, 'day'),
      )
      expect(res.data?.analytics.rewards).toEqual(
        await pgSeries(
          'SELECT s.timestamp t, r.datanet_id g, r.amount v FROM contribution_reward r JOIN settlement s ON s.id = r.settlement_id',
          'hour',
        ),
      )
      expect(res.data?.analytics.inferences).toEqual(
        await pgSeries('SELECT requested_at t, status::text g, 1 v FROM inference', 'week'),
      )
      expect(res.data?.analytics.audits).toEqual(
        await pgSeries('SELECT created_at t, status::text g, 1 v FROM audit_report', 'day'),
      )
      expect(res.data?.analytics.all).toEqual(
        await pgSeries('SELECT timestamp t, NULL::text g, 1 v FROM settlement', 'day'),
      )
      expect(
        res.data?.analytics.all.reduce((n: number, p: { value: string }) => n + Number(p.value), 0),
      ).toBe(d.result.inferenceIds.length + d.result.fineTune.inferenceIds.length)
    })

    it('series: every metric with every grouping it offers answers from the demo data', async () => {
      for (const metric of Object.keys(SERIES_METRICS) as SeriesMetric[])
        for (const groupBy of seriesGroupsOf(metric)) {
          const res = await gql(
            `{ analytics { series(metric: ${metric}, groupBy: ${groupBy}, bucket: WEEK) { bucket group value } } }`,
          )
          expect(res.errors, `${metric} by ${groupBy}`).toBeUndefined()
          const points = res.data?.analytics.series as { group: string | null; value: string }[]
          expect(points.length, `${metric} by ${groupBy}`).toBeGreaterThan(0)
          if (groupBy === 'NONE') expect(points.every((p) => p.group === null)).toBe(true)
        }
    })

    it('rejects what cannot be answered with a code, never with SQL', async () => {
      const wrongGroup = await gql(
        '{ analytics { series(metric: TOKEN_TRANSFERS, groupBy: MODEL) { value } } }',
      )
      expect(wrongGroup.errors?.[0].extensions.code).toBe('BAD_USER_INPUT')
      expect(wrongGroup.errors?.[0].message).toBe(
        'TOKEN_TRANSFERS cannot be grouped by MODEL; it can by NONE, TOKEN',
      )
      const injected = await gql(
        'query($m: AnalyticsMetric!) { analytics { series(metric: $m) { value } } }',
        {
          m: 'INFERENCES) FROM settlement; --',
        },
      )
      expect(injected.errors?.[0].extensions.code).toBe('BAD_USER_INPUT')
      const badId = await gql('{ analytics { topContributors(model: "1 OR 1=1") { contributor } } }')
      expect(badId.errors?.[0].extensions.code).toBe('BAD_USER_INPUT')
      expect(badId.errors?.[0].message).toMatch(/model must be a decimal id/)
      const big = await gql('{ analytics { topDatanets(limit: 101) { datanet } } }')
      expect(big.errors?.[0].message).toMatch(/limit must be an integer from 1 to 100/)
    })
  })

  describe('the page in a real browser (needs /usr/bin/chromium)', () => {
    let browser: Browser
    beforeAll(async () => {
      browser = await launchChromium()
    }, 120_000)
    afterAll(async () => {
      await browser?.close()
    })

    it('draws every chart with data, filters, downloads the CSV of a chart, and loads nothing from elsewhere', async () => {
      const page = await browser.newPage({ acceptDownloads: true, viewport: { width: 1400, height: 1000 } })
      const problems: string[] = []
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`)
      })
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
      page.on('response', (r) => {
        if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`)
      })
      page.on('request', (r) => {
        if (!r.url().startsWith(d.base) && !r.url().startsWith('data:'))
          problems.push(`external request: ${r.url()}`)
      })
      // The explorer page links to the dashboards.
      await page.goto(`${d.base}/`)
      await page.click('#dashboards')
      await page.waitForURL(`${d.base}/dashboards`)
      await page.waitForFunction(() => document.body.dataset.state === 'loaded')
      const points = () =>
        page.$$eval('section[data-query]', (sections) =>
          Object.fromEntries(
            sections.map((s) => [s.getAttribute('data-query'), Number(s.getAttribute('data-points') ?? 0)]),
          ),
        )
      const before = await points()
      expect(Object.keys(before).sort()).toEqual(DASHBOARD_QUERIES.map((q) => q.name).sort())
      for (const [name, n] of Object.entries(before)) expect(n, name).toBeGreaterThan(0)
      const all = await pg('top_contributors_by_earnings', parseFilters({}))
      expect(before.top_contributors_by_earnings).toBe(all.length)
      await page.screenshot({ path: path.join(ARTIFACTS, 'dashboards.png'), fullPage: true })

      // A datanet filter: one datanet left in its chart, its contributors in theirs.
      const datanet = cases.find((c) => c.raw.datanet)?.raw.datanet as string
      await page.selectOption('#datanet', datanet)
      await page.waitForFunction(
        (id) => location.search.includes(`datanet=${id}`) && document.body.dataset.state === 'loaded',
        datanet,
      )
      const after = await points()
      const filtered = await pg('top_contributors_by_earnings', parseFilters({ datanet }))
      expect(after.top_datanets_by_earnings).toBe(1)
      expect(after.top_contributors_by_earnings).toBe(filtered.length)
      expect(after).not.toEqual(before)
      const drawn = await page.evaluate(() => {
        const el = document.querySelector(
          'section[data-query="top_contributors_by_earnings"] .chart',
        ) as HTMLElement
        // biome-ignore lint/suspicious/noExplicitAny: the page's global ECharts
        const option = (window as any).echarts.getInstanceByDom(el).getOption()
        return option.series[0].data as number[]
      })
      expect(drawn).toEqual(filtered.map((r) => Number(BigInt(r.earned as string) / 10n ** 12n) / 1e6))

      // The chart's CSV is its query's result under the same filters.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click('section[data-query="top_contributors_by_earnings"] a.csv'),
      ])
      expect(download.suggestedFilename()).toBe('top_contributors_by_earnings.csv')
      const csv = fs.readFileSync((await download.path()) as string, 'utf8')
      const q = DASHBOARD_QUERIES.find((x) => x.name === 'top_contributors_by_earnings')
      expect(parseCsv(csv)).toEqual(asCsvCells(q?.columns.map((c) => c.name) ?? [], filtered))
      await page.screenshot({ path: path.join(ARTIFACTS, 'dashboards-datanet.png'), fullPage: true })
      expect(problems).toEqual([])
    })
  })
})

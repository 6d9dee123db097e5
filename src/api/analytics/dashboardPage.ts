import { DASHBOARD_QUERIES } from './dashboardQueries'

/**
 * The dashboards page: filters (time range, model, datanet, bucket) and one ECharts chart per
 * dashboard query, each with its CSV (the query's result under the same filters) and its SQL.
 * Everything it loads comes from `base` on the same server (the ECharts bundle included), so it
 * works offline. Chain text (datanet and model names) only ever reaches the DOM as textContent.
 *
 * @example
 * app.get('/dashboards', (_req, res) => res.type('html').send(dashboardPage('/dashboards', '/graphql')))
 */
export function dashboardPage(base: string, graphqlPath: string): string {
  const catalogue = DASHBOARD_QUERIES.map((q) => ({ name: q.name, title: q.title, field: q.field }))
  // `<` escaped so no value can close the script element.
  const json = (v: unknown) => JSON.stringify(v).replaceAll('<', '\\u003c')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>OpenLedger dashboards</title>
<link rel="icon" href="data:,">
<style>
body{font:14px system-ui,sans-serif;margin:0;background:#f6f7f9;color:#222}
header{padding:10px 16px;background:#fff;border-bottom:1px solid #ddd;display:flex;gap:14px;align-items:center;flex-wrap:wrap}
header label{display:flex;gap:6px;align-items:center}
main{display:grid;grid-template-columns:repeat(auto-fill,minmax(560px,1fr));gap:14px;padding:14px}
section{background:#fff;border:1px solid #ddd;border-radius:6px;padding:8px 12px}
section h2{font-size:15px;margin:4px 0;display:flex;justify-content:space-between;gap:8px}
section h2 span{font-weight:normal;font-size:13px;white-space:nowrap}
.chart{height:320px}
.note{color:#a00;font-size:13px;min-height:1em}
</style></head>
<body>
<header><b>OpenLedger dashboards</b>
<label>from <input id="from" type="date"></label>
<label>before <input id="to" type="date"></label>
<label>model <select id="model"><option value="">all</option></select></label>
<label>datanet <select id="datanet"><option value="">all</option></select></label>
<label>bucket <select id="bucket"><option>hour</option><option selected>day</option><option>week</option></select></label>
<a href="${graphqlPath}">query explorer</a>
</header>
<main id="charts"></main>
<script src="${base}/echarts.min.js"></script>
<script>
const BASE = ${json(base)}, QUERIES = ${json(catalogue)}
const OPEN = (wei) => wei === null ? null : Number(BigInt(wei) / 10n ** 12n) / 1e6
const pct = (ppm) => ppm === null ? null : ppm / 10000
const short = (a) => a && a.length > 14 ? a.slice(0, 6) + '…' + a.slice(-4) : a
const groups = (rows, key) => [...new Set(rows.map((r) => r[key]))]
const timeSeries = (rows, key, value, name, extra) => groups(rows, key).map((k) => Object.assign({
  name: name(k), type: 'bar', stack: 'total',
  data: rows.filter((r) => r[key] === k).map((r) => [r.bucket, value(r)]),
}, extra))
const axisTime = { type: 'time' }
const CHARTS = {
  open_distributed_per_day: (rows) => ({ xAxis: axisTime, yAxis: { name: 'OPEN' },
    series: timeSeries(rows, 'kind', (r) => OPEN(r.amount), (k) => k) }),
  top_contributors_by_earnings: (rows) => ({ yAxis: { type: 'category', inverse: true, data: rows.map((r) => short(r.contributor)) },
    xAxis: { name: 'OPEN' }, series: [{ name: 'earned', type: 'bar', data: rows.map((r) => OPEN(r.earned)),
      label: { show: true, position: 'right', formatter: (p) => pct(rows[p.dataIndex].share_ppm).toFixed(1) + '%' } }] }),
  top_datanets_by_earnings: (rows) => ({ xAxis: { type: 'category', data: rows.map((r) => 'datanet ' + r.datanet) },
    yAxis: { name: 'OPEN' }, series: [{ name: 'earned', type: 'bar', data: rows.map((r) => OPEN(r.earned)),
      label: { show: true, position: 'top', formatter: (p) => pct(rows[p.dataIndex].share_ppm).toFixed(1) + '%' } }] }),
  model_revenue_and_inferences: (rows) => ({ xAxis: axisTime, yAxis: [{ name: 'OPEN' }, { name: 'inferences' }],
    series: [
      ...timeSeries(rows, 'model', (r) => OPEN(r.revenue), (m) => 'revenue, model ' + m, { type: 'line', stack: undefined }),
      ...timeSeries(rows, 'model', (r) => r.inferences, (m) => 'inferences, model ' + m, { yAxisIndex: 1, stack: undefined }),
    ] }),
  attribution_concentration: (rows) => ({ xAxis: axisTime, yAxis: { name: '%', max: 100 },
    series: [
      ...timeSeries(rows, 'model', (r) => pct(r.top10_share_ppm), (m) => 'top-10 share, model ' + m, { type: 'line', stack: undefined }),
      ...timeSeries(rows, 'model', (r) => pct(r.gini_ppm), (m) => 'Gini, model ' + m, { type: 'line', stack: undefined }),
    ] }),
  validator_staking_over_time: (rows) => ({ xAxis: axisTime, yAxis: { name: 'OPEN' },
    series: timeSeries(rows, 'kind', (r) => OPEN(r.amount), (k) => k, { stack: undefined }) }),
  audit_outcomes_per_oracle: (rows) => ({ xAxis: { type: 'category', data: rows.map((r) => short(r.validator)) },
    yAxis: { name: 'reports' },
    series: ['verified', 'mismatch', 'unverifiable'].map((k) => ({ name: k, type: 'bar', stack: 'total', data: rows.map((r) => r[k]) })) }),
  governance_funding_outcomes: (rows) => ({ xAxis: { type: 'category', data: rows.map((r) => short(r.proposal) + ' → model ' + r.model + ' (' + r.outcome + ')') },
    // Grants are orders of magnitude above a model's early revenue: revenue gets its own axis.
    yAxis: [{ name: 'OPEN granted' }, { name: 'OPEN revenue' }],
    series: [['amount_asked', 'asked', 0], ['amount_funded', 'funded', 0], ['revenue_before', 'revenue before', 1], ['revenue_after', 'revenue after', 1]]
      .map(([k, name, axis]) => ({ name, type: 'bar', yAxisIndex: axis, data: rows.map((r) => /^[0-9]+$/.test(r[k] ?? '') ? OPEN(r[k]) : null) })) }),
}
const charts = {}
const main = document.getElementById('charts')
for (const q of QUERIES) {
  const s = document.createElement('section')
  s.dataset.query = q.name
  const h = document.createElement('h2')
  const t = document.createElement('span'); t.textContent = q.title; t.style.fontWeight = 'bold'
  const links = document.createElement('span')
  const csv = document.createElement('a'); csv.textContent = 'CSV'; csv.className = 'csv'; csv.download = q.name + '.csv'
  const sql = document.createElement('a'); sql.textContent = 'SQL'; sql.href = BASE + '/sql/' + q.name + '.sql'
  links.append(csv, ' · ', sql)
  h.append(t, links)
  const div = document.createElement('div'); div.className = 'chart'
  const note = document.createElement('div'); note.className = 'note'
  s.append(h, div, note)
  main.append(s)
  charts[q.name] = { chart: echarts.init(div), csv, note, points: 0 }
}
const inputs = ['from', 'to', 'model', 'datanet', 'bucket'].map((id) => document.getElementById(id))
function filters() {
  const p = new URLSearchParams()
  for (const el of inputs) if (el.value) p.set(el.id, el.value)
  return p
}
let generation = 0
async function refresh() {
  const g = ++generation
  const p = filters()
  history.replaceState(null, '', '?' + p)
  document.body.dataset.state = 'loading'
  await Promise.all(QUERIES.map(async (q) => {
    const c = charts[q.name]
    c.csv.href = BASE + '/data/' + q.name + '.csv?' + p
    const res = await fetch(BASE + '/data/' + q.name + '.json?' + p)
    const body = await res.json()
    if (g !== generation) return
    if (!res.ok) { c.note.textContent = body.errors?.[0]?.message ?? 'HTTP ' + res.status; c.chart.clear(); c.points = 0; return }
    const option = CHARTS[q.name](body.rows)
    c.note.textContent = body.rows.length ? '' : 'no data for these filters'
    c.chart.setOption(Object.assign({ tooltip: { trigger: 'axis' }, legend: { type: 'scroll', top: 0 }, grid: { top: 40, left: 70, right: 50, bottom: 30, containLabel: true }, animation: false }, option), true)
    c.points = option.series.reduce((n, s) => n + s.data.filter((d) => d !== null && (!Array.isArray(d) || d[1] !== null)).length, 0)
    c.chart.getDom().parentElement.dataset.points = String(c.points)
  }))
  if (g === generation) document.body.dataset.state = 'loaded'
}
async function loadOptions() {
  const res = await fetch(BASE + '/filters.json')
  if (!res.ok) return
  const body = await res.json()
  for (const [id, list] of [['model', body.models], ['datanet', body.datanets]]) {
    const select = document.getElementById(id)
    for (const item of list) {
      const o = document.createElement('option')
      o.value = item.id
      o.textContent = item.id + (item.name ? ' · ' + item.name : '')
      select.append(o)
    }
  }
}
window.dashboards = { charts, refresh }
;(async () => {
  await loadOptions()
  const initial = new URLSearchParams(location.search)
  for (const el of inputs) if (initial.get(el.id)) el.value = initial.get(el.id)
  for (const el of inputs) el.addEventListener('change', refresh)
  await refresh()
})()
addEventListener('resize', () => { for (const c of Object.values(charts)) c.chart.resize() })
</script></body></html>`
}

// k6 script: normal explorer traffic while a second scenario sends abusive queries and a third
// floods heavy 30-alias requests; the normal scenario must stay error-free and fast, the abusive
// one must be rejected with a code, the heavy one answered (slowly) or refused with a code.
// Each scenario sends its own X-Forwarded-For, so a server started with `--trust-proxy 1` sees
// three clients (per-client statement slots); the request rate is above the default rate limit.
//   npm run serve -- --trust-proxy 1 --rate-limit 0
//   k6 run -e URL=http://127.0.0.1:4350/graphql test/load/k6-abuse.js

import { check } from 'k6'
import http from 'k6/http'

const URL = __ENV.URL || 'http://127.0.0.1:4350/graphql'
const CLIENTS = { normal: '198.51.100.1', abuse: '198.51.100.2', heavy: '198.51.100.3' }
const post = (client, query, variables) =>
  http.post(URL, JSON.stringify({ query, variables }), {
    headers: { 'content-type': 'application/json', 'x-forwarded-for': CLIENTS[client] },
  })
const nest = (d) => (d === 0 ? 'id' : `id model { id inferences(limit: 1) { ${nest(d - 1)} } }`)

export const options = {
  scenarios: {
    normal: {
      executor: 'constant-arrival-rate',
      rate: 100,
      timeUnit: '1s',
      duration: '30s',
      preAllocatedVUs: 20,
      exec: 'normal',
    },
    abuse: {
      executor: 'constant-arrival-rate',
      rate: 20,
      timeUnit: '1s',
      duration: '30s',
      preAllocatedVUs: 20,
      exec: 'abuse',
    },
    heavy: {
      executor: 'constant-arrival-rate',
      rate: 2,
      timeUnit: '1s',
      duration: '30s',
      preAllocatedVUs: 10,
      exec: 'heavy',
    },
  },
  thresholds: {
    'http_req_duration{scenario:normal}': ['p(95)<50'],
    'checks{scenario:normal}': ['rate==1'],
    'checks{scenario:abuse}': ['rate==1'],
    'checks{scenario:heavy}': ['rate==1'],
  },
}

export function normal() {
  const res = post('normal', '{ models(orderBy: [inferenceCount_DESC], limit: 10) { id name owner { id } } }')
  check(res, { ok: (r) => r.status === 200 && !String(r.body).includes('"errors"') })
}

const ids = (n) => Array.from({ length: n }, (_, i) => String(i))
const send = (query, variables) => post('abuse', query, variables)
const ABUSES = [
  () => send(`{ inferences(limit: 1) { ${nest(8)} } }`),
  () => send(`{ ${Array.from({ length: 200 }, (_, i) => `a${i}: squidStatus { height }`).join(' ')} }`),
  () => send('{ inferences(limit: 100000) { id } }'),
  () => send('query($ids: [String!]) { inferences(where: {id_in: $ids}) { id } }', { ids: ids(5000) }),
  // Each list within the per-list cap, one list reused: 800,000 values in all.
  () =>
    send(
      `query($ids: [String!]) { inferences(where: {OR: [${Array(800).fill('{id_in: $ids}').join(',')}]}) { id } }`,
      { ids: ids(1000) },
    ),
  () =>
    send(
      '{ models(limit: 1000) { inferences(limit: 1000) { id settlement { rewards(limit: 1000) { id } } } } }',
    ),
]
export function abuse() {
  const res = ABUSES[Math.floor(Math.random() * ABUSES.length)]()
  check(res, {
    'rejected with a code': (r) => String(r.body).includes('"code"') && String(r.body).includes('"errors"'),
  })
}

// 30 root fields, each a scan for a substring no input hash has: answered, only slower, while
// the per-request and per-client statement slots keep the pool free for the other scenarios.
const HEAVY = `{ ${Array.from({ length: 30 }, (_, i) => `h${i}: inferences(where: {inputHash_contains: "zz${i}"}, limit: 1) { id }`).join(' ')} }`
export function heavy() {
  const res = post('heavy', HEAVY)
  check(res, {
    'answered or refused with a code': (r) => {
      const body = JSON.parse(String(r.body))
      return (
        r.status === 200 && (body.errors ?? []).every((e) => e.extensions?.code === 'TOO_MANY_STATEMENTS')
      )
    },
  })
}

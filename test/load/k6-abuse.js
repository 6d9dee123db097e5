// k6 script: normal explorer traffic while a second scenario sends abusive queries; the normal
// scenario must stay error-free and fast, the abusive one must be rejected with a code.
//   k6 run -e URL=http://127.0.0.1:4350/graphql test/load/k6-abuse.js

import { check } from 'k6'
import http from 'k6/http'

const URL = __ENV.URL || 'http://127.0.0.1:4350/graphql'
const post = (query, variables) =>
  http.post(URL, JSON.stringify({ query, variables }), { headers: { 'content-type': 'application/json' } })
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
  },
  thresholds: {
    'http_req_duration{scenario:normal}': ['p(95)<50'],
    'checks{scenario:normal}': ['rate==1'],
    'checks{scenario:abuse}': ['rate==1'],
  },
}

export function normal() {
  const res = post('{ models(orderBy: [inferenceCount_DESC], limit: 10) { id name owner { id } } }')
  check(res, { ok: (r) => r.status === 200 && !String(r.body).includes('"errors"') })
}

const ABUSES = [
  () => post(`{ inferences(limit: 1) { ${nest(8)} } }`),
  () => post(`{ ${Array.from({ length: 200 }, (_, i) => `a${i}: squidStatus { height }`).join(' ')} }`),
  () => post('{ inferences(limit: 100000) { id } }'),
  () =>
    post('query($ids: [String!]) { inferences(where: {id_in: $ids}) { id } }', {
      ids: Array.from({ length: 5000 }, (_, i) => String(i)),
    }),
  () =>
    post(
      '{ models(limit: 1000) { inferences(limit: 1000) { id settlement { rewards(limit: 1000) { id } } } } }',
    ),
]
export function abuse() {
  const res = ABUSES[Math.floor(Math.random() * ABUSES.length)]()
  check(res, {
    'rejected with a code': (r) => String(r.body).includes('"code"') && String(r.body).includes('"errors"'),
  })
}

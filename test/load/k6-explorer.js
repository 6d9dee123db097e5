// k6 load script for the GraphQL API. The test suite runs it through a shim (test/load/runK6Script.ts)
// for machines without k6, checking its queries and checks, not its arrival rates.
//   k6 run -e URL=http://127.0.0.1:4350/graphql -e RATE=200 -e DURATION=60s -e INFERENCES=300000 test/load/k6-explorer.js
// The query mix mirrors test/load/explorerMix.ts (filtered lists, by-id lookups, connections with
// totalCount, nested relations) over data created by test/bench/api/seedIndexedData.ts.

import { check } from 'k6'
import http from 'k6/http'

const URL = __ENV.URL || 'http://127.0.0.1:4350/graphql'
const N = Number(__ENV.INFERENCES || 2000)
const pick = (n) => 1 + Math.floor(Math.random() * n)
const hex40 = (i) => `0x${i.toString(16).padStart(40, '0')}`
const settled = () => {
  const i = pick(N)
  return String(i % 5 === 0 ? i + 1 : i)
}

export const options = {
  scenarios: {
    explorer: {
      executor: 'constant-arrival-rate',
      rate: Number(__ENV.RATE || 200),
      timeUnit: '1s',
      duration: __ENV.DURATION || '30s',
      preAllocatedVUs: 50,
      maxVUs: 200,
    },
  },
  thresholds: { http_req_failed: ['rate==0'], http_req_duration: ['p(95)<25'], checks: ['rate==1'] },
}

const MIX = [
  [
    3,
    `query($id: String!) { inferenceById(id: $id) { id fee status model { id name } caller { id }
     settlement { validator { id } rewards(orderBy: position_ASC) { amount weightPpm contribution { id datanet { name } } } } } }`,
    () => ({ id: settled() }),
  ],
  [
    3,
    `query($m: String!) { inferences(where: {model: {id_eq: $m}, status_eq: SETTLED}, orderBy: requestedAtBlock_DESC, limit: 20) { id fee caller { id } } }`,
    () => ({ m: String(pick(50)) }),
  ],
  [
    2,
    `query($c: String!) { inferencesConnection(where: {caller: {id_eq: $c}}, orderBy: [requestedAtBlock_DESC], first: 10) {
     totalCount pageInfo { hasNextPage endCursor } edges { node { id fee status model { name } } } } }`,
    () => ({ c: hex40(pick(Math.max(50, Math.floor(N / 20)))) }),
  ],
  [
    2,
    `query($d: String!) { datanetById(id: $d) { id name contributionCount owner { id }
     contributions(where: {status_eq: ACCEPTED}, orderBy: submittedAtBlock_DESC, limit: 10) { id size contributor { id } } } }`,
    () => ({ d: String(pick(20)) }),
  ],
  [
    2,
    `query($id: String!) { contributionById(id: $id) { id status size datanet { id name } contributor { id } } }`,
    () => ({ id: String(pick(Math.floor(N / 2))) }),
  ],
  [
    2,
    `query($v: String!, $b: Int!) { settlements(where: {validator: {id_eq: $v}, blockNumber_lt: $b}, orderBy: blockNumber_DESC, limit: 10) { id blockNumber model { name } } }`,
    () => ({ v: hex40(1000000 + pick(10)), b: 1000 + pick(N) }),
  ],
  [
    1,
    '{ models(orderBy: [inferenceCount_DESC, id_ASC], limit: 20) { id name inferenceCount revenue owner { id } } }',
    () => ({}),
  ],
  [
    1,
    `query($after: String) { auditReportsConnection(where: {status_eq: MISMATCH}, orderBy: [id_ASC], first: 10, after: $after) { totalCount edges { node { id inference { id } } } } }`,
    () => ({ after: String(pick(20)) }),
  ],
]
const BAG = MIX.flatMap(([w, q, v]) => Array.from({ length: w }, () => [q, v]))

export default function () {
  const [query, vars] = BAG[Math.floor(Math.random() * BAG.length)]
  const res = http.post(URL, JSON.stringify({ query, variables: vars() }), {
    headers: { 'content-type': 'application/json' },
  })
  check(res, {
    'status 200': (r) => r.status === 200,
    'no GraphQL errors': (r) => !String(r.body).includes('"errors"'),
  })
}

/**
 * The explorer query mix used by the load test, the k6 scripts (as JSON) and the benchmark: what
 * a block-explorer page for OpenLedger asks — filtered lists, by-id lookups, connections with
 * totalCount and nested relations — against the real schema. Ids are drawn at random from the
 * ranges `seedIndexedData` creates.
 */
export type MixQuery = {
  name: string
  weight: number
  query: string
  variables: (rand: () => number) => Record<string, unknown>
}

const pick = (rand: () => number, n: number) => 1 + Math.floor(rand() * n)

/**
 * Builds the mix for a database seeded with `inferences` inferences.
 *
 * @example
 * const mix = explorerMix(300_000)
 */
export function explorerMix(inferences: number): MixQuery[] {
  const contributions = Math.floor(inferences / 2)
  const settled = (rand: () => number) => {
    const i = pick(rand, inferences)
    return String(i % 5 === 0 ? i + 1 : i)
  }
  return [
    {
      name: 'inferenceById',
      weight: 3,
      query: `query($id: String!) { inferenceById(id: $id) { id fee status requestedAt model { id name } caller { id }
        settlement { validator { id } contributorsAmount rewards(orderBy: position_ASC) { amount weightPpm contribution { id datanet { name } } } } } }`,
      variables: (r) => ({ id: settled(r) }),
    },
    {
      name: 'modelInferences',
      weight: 3,
      query: `query($m: String!) { inferences(where: {model: {id_eq: $m}, status_eq: SETTLED}, orderBy: requestedAtBlock_DESC, limit: 20) {
        id fee requestedAtBlock caller { id } } }`,
      variables: (r) => ({ m: String(pick(r, 50)) }),
    },
    {
      name: 'callerInferencesConnection',
      weight: 2,
      query: `query($c: String!) { inferencesConnection(where: {caller: {id_eq: $c}}, orderBy: [requestedAtBlock_DESC], first: 10) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { id fee status model { name } } } } }`,
      variables: (r) => ({
        c: `0x${pick(r, Math.max(50, Math.floor(inferences / 20)))
          .toString(16)
          .padStart(40, '0')}`,
      }),
    },
    {
      name: 'datanetWithContributions',
      weight: 2,
      query: `query($d: String!) { datanetById(id: $d) { id name contributionCount acceptedCount contributorRewards owner { id }
        contributions(where: {status_eq: ACCEPTED}, orderBy: submittedAtBlock_DESC, limit: 10) { id size contributor { id } } } }`,
      variables: (r) => ({ d: String(pick(r, 20)) }),
    },
    {
      name: 'contributionById',
      weight: 2,
      query: `query($id: String!) { contributionById(id: $id) { id status size submittedAt datanet { id name } contributor { id contributorEarned } } }`,
      variables: (r) => ({ id: String(pick(r, contributions)) }),
    },
    {
      name: 'settlementsByValidator',
      weight: 2,
      query: `query($v: String!, $b: Int!) { settlements(where: {validator: {id_eq: $v}, blockNumber_lt: $b}, orderBy: blockNumber_DESC, limit: 10) {
        id blockNumber contributorsAmount model { name } } }`,
      variables: (r) => ({
        v: `0x${(1000000 + pick(r, 10)).toString(16).padStart(40, '0')}`,
        b: 1000 + pick(r, inferences),
      }),
    },
    {
      name: 'modelsList',
      weight: 1,
      query:
        '{ models(orderBy: [inferenceCount_DESC, id_ASC], limit: 20) { id name inferenceCount revenue owner { id } } }',
      variables: () => ({}),
    },
    {
      name: 'auditReportsConnection',
      weight: 1,
      query: `query($after: String) { auditReportsConnection(where: {status_eq: MISMATCH}, orderBy: [id_ASC], first: 10, after: $after) {
        totalCount edges { node { id maxDeviationPpm inference { id model { name } } } } } }`,
      variables: (r) => ({ after: String(pick(r, 20)) }),
    },
  ]
}

import DataLoader from 'dataloader'
import type { ApiContext } from '../read/ApiContext'
import { charge } from '../read/ApiContext'
import { runSql } from '../read/runSql'
import { PROPOSAL_VIEW_BY_IDS_SQL } from './proposalStateSql'

type Row = Record<string, unknown>

/** A proposal's governor view at the indexed head (see `PROPOSAL_VIEW_BY_IDS_SQL`). */
export type ProposalView = {
  state: string | null
  quorum: string | null
  quorumReached: boolean | null
  height: number | null
}

const LOADER = 'ProposalView'

/**
 * The proposals' governor view, batched per request: every `Proposal.state`/`quorum`/… of one
 * response is answered by one statement.
 *
 * @example
 * const { state, quorumReached } = await loadProposalView(ctx, proposal.id)
 */
export function loadProposalView(ctx: ApiContext, id: string): Promise<ProposalView> {
  let loader = ctx.loaders.get(LOADER)
  if (!loader) {
    loader = new DataLoader(
      async (ids: readonly string[]) => {
        charge(ctx, ids.length)
        const rows = await runSql(ctx, PROPOSAL_VIEW_BY_IDS_SQL, [[...ids]])
        const byId = new Map(
          rows.map(([pid, state, quorum, reached, height]) => [
            pid as string,
            { state, quorum, quorumReached: reached, height } as Row,
          ]),
        )
        return ids.map((i) => byId.get(i) ?? null)
      },
      { maxBatchSize: ctx.limits.maxInList },
    )
    ctx.loaders.set(LOADER, loader)
  }
  return loader.load(id) as Promise<ProposalView>
}

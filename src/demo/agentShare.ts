/** Agents deployed per unit of the demo's scale. */
export const AGENTS_PER_SCALE = 2
/** Actions per agent at most (fewer in a small demo: agents take at most a quarter of its inferences). */
export const MAX_ACTIONS_PER_AGENT = 3
/**
 * How the demo's `count` paid inferences split between agents and direct callers: `agents` agents
 * (AGENTS_PER_SCALE per scale, never more than the inferences) acting `actionsPerAgent` times each.
 *
 * @example
 * agentShare(300, 1) // { agents: 2, actionsPerAgent: 3, actions: 6 }
 */
export function agentShare(count: number, scale: number) {
  const agents = Math.min(AGENTS_PER_SCALE * Math.max(1, Math.floor(scale)), count)
  const actionsPerAgent =
    agents === 0 ? 0 : Math.max(1, Math.min(MAX_ACTIONS_PER_AGENT, Math.floor(count / (4 * agents))))
  return { agents, actionsPerAgent, actions: agents * actionsPerAgent }
}

import { describe, expect, it } from 'vitest'
import { agentShare } from './agentShare'

describe('agentShare', () => {
  it.each([
    // count, scale → agents, actions per agent
    [300, 1, 2, 3],
    [3000, 10, 20, 3],
    [40, 1, 2, 3],
    [20, 1, 2, 2],
    [10, 1, 2, 1],
    [3, 1, 2, 1],
    [1, 1, 1, 1],
    [0, 1, 0, 0],
  ])('%i inferences at scale %i: %i agents acting %i times each', (count, scale, agents, actionsPerAgent) => {
    const share = agentShare(count, scale)
    expect(share).toEqual({ agents, actionsPerAgent, actions: agents * actionsPerAgent })
    // The agents never take more than the inferences asked for: the total stays `count`.
    expect(share.actions).toBeLessThanOrEqual(count)
  })
})

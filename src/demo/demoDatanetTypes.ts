import type { Address, Hex } from 'viem'

/** A contribution as the demo knows it (the chain knows the same, minus the text). */
export type DemoContribution = {
  id: bigint
  datanetId: bigint
  contributor: Address
  contentHash: Hex
  /** The label the contributor tagged it with (0 ham, 1 spam); wrong when `mislabelled`. */
  label: 0 | 1
  mislabelled: boolean
  accepted: boolean
  emailId: string
}

/** A datanet as the demo knows it; `version` and `root` are its last sealed version's. */
export type DemoDatanet = { id: bigint; name: string; owner: Address; version: number; root: Hex }

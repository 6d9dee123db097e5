import type { ApiExtension, ApiFields } from '../schema/buildApiSchema'
import { activityField } from './activityField'
import { hasEntities } from './pageArgs'
import { searchField } from './searchField'

/**
 * Explorer fields: `search(text)` over datanets and models (name prefix/substring, id) and
 * contributors (address prefix), and `activity` — the latest events across the indexed tables,
 * each table read newest-first with its own LIMIT before merging.
 *
 * @example
 * buildApiSchema(text, { extensions: [explorerFields] })
 */
export const explorerFields: ApiExtension = (types): ApiFields => {
  if (!hasEntities(types.model, ['Datanet', 'Model', 'Account'])) return {}
  return { ...searchField(types), ...activityField(types) }
}

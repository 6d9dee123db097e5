import {
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  getDirectiveValues,
  Kind,
  type SelectionSetNode,
} from 'graphql/index.js'

/** What is needed to walk a selection: the operation's fragments and coerced variables. */
export type SelectionScope = {
  fragments: Record<string, FragmentDefinitionNode>
  variableValues: Record<string, unknown>
}

/**
 * The fields selected under `nodes`, grouped by response key, honouring fragments and
 * `@skip`/`@include`. Our types are plain object types, so type conditions always match.
 *
 * @example
 * collectFields(info, info.fieldNodes) // Map { 'id' => [FieldNode], 'm' => [FieldNode] }
 */
export function collectFields(scope: SelectionScope, nodes: readonly FieldNode[]): Map<string, FieldNode[]> {
  const out = new Map<string, FieldNode[]>()
  for (const node of nodes) if (node.selectionSet) visit(scope, node.selectionSet, out, new Set())
  return out
}

function visit(
  scope: SelectionScope,
  set: SelectionSetNode,
  out: Map<string, FieldNode[]>,
  seen: Set<string>,
): void {
  for (const sel of set.selections) {
    if (!included(scope, sel)) continue
    if (sel.kind === Kind.FIELD) {
      const key = sel.alias?.value ?? sel.name.value
      const list = out.get(key)
      if (list) list.push(sel)
      else out.set(key, [sel])
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      visit(scope, sel.selectionSet, out, seen)
    } else {
      const name = sel.name.value
      const frag = scope.fragments[name]
      if (!frag || seen.has(name)) continue
      seen.add(name)
      visit(scope, frag.selectionSet, out, seen)
    }
  }
}

function included(scope: SelectionScope, node: Parameters<typeof getDirectiveValues>[1]): boolean {
  const skip = getDirectiveValues(GraphQLSkipDirective, node, scope.variableValues)
  if (skip?.if === true) return false
  const include = getDirectiveValues(GraphQLIncludeDirective, node, scope.variableValues)
  return include?.if !== false
}

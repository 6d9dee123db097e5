import {
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql/index.js'

/**
 * Counts the input values one operation hands its resolvers: every scalar of every argument
 * (field and directive arguments, list elements one each), with variables substituted. A variable
 * or fragment used several times counts each time, which is how a 1,000-value list reused in
 * hundreds of `OR` branches or aliases is seen for what it costs.
 *
 * @example
 * countInputValues(op, { F: fragment }, { ids: ['a', 'b'] }) // 2 for `items(where: {id_in: $ids})`
 */
export function countInputValues(
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown> = {},
): number {
  const defaults = new Map(operation.variableDefinitions?.map((d) => [d.variable.name.value, d.defaultValue]))
  const byVariable = new Map<string, number>()
  const byFragment = new Map<string, number>()

  const variable = (name: string): number => {
    let n = byVariable.get(name)
    if (n === undefined) {
      const d = defaults.get(name)
      n = Object.hasOwn(variables, name) ? countJson(variables[name]) : d ? value(d) : 0
      byVariable.set(name, n)
    }
    return n
  }
  const value = (node: ValueNode): number => {
    switch (node.kind) {
      case Kind.VARIABLE:
        return variable(node.name.value)
      // An empty object, an empty list and null count one each: `x_some: {}` and `x_some: null` still
      // become a condition (an EXISTS subquery), so thousands of them must not pass as zero values.
      case Kind.LIST:
        return Math.max(1, sum(node.values.map(value)))
      case Kind.OBJECT:
        return Math.max(1, sum(node.fields.map((f) => value(f.value))))
      default:
        return 1
    }
  }
  const fragment = (name: string): number => {
    let n = byFragment.get(name)
    if (n === undefined) {
      // Validation has rejected fragment cycles; the 0 only guards against looping if it had not.
      byFragment.set(name, 0)
      n = selections(fragments[name]?.selectionSet)
      byFragment.set(name, n)
    }
    return n
  }
  const selections = (set: SelectionSetNode | undefined): number => {
    let n = 0
    for (const s of set?.selections ?? []) {
      for (const d of s.directives ?? []) n += sum((d.arguments ?? []).map((a) => value(a.value)))
      if (s.kind === Kind.FIELD)
        n += sum((s.arguments ?? []).map((a) => value(a.value))) + selections(s.selectionSet)
      else if (s.kind === Kind.INLINE_FRAGMENT) n += selections(s.selectionSet)
      else n += fragment(s.name.value)
    }
    return n
  }
  return selections(operation.selectionSet)
}

function sum(xs: number[]): number {
  let n = 0
  for (const x of xs) n += x
  return n
}

// Iterative: a JSON body can nest far deeper than the call stack.
function countJson(root: unknown): number {
  let n = 0
  const stack: unknown[] = [root]
  while (stack.length) {
    const v = stack.pop()
    if (v === undefined) continue
    if (v === null || typeof v !== 'object') n++
    else {
      const xs = Array.isArray(v) ? v : Object.values(v)
      // As in the document: an empty object or list is one value (it still becomes a condition).
      if (xs.length === 0) n++
      for (const x of xs) stack.push(x)
    }
  }
  return n
}

import { SqlCompileError } from '../errors'
import type { Model } from '../model'
import type { FieldReq, ListArgs, OrderItem, Where } from './ir'
import { printWhere } from './printWhere'
import { ident, type SqlParams } from './SqlParams'
import { TableCursor } from './TableCursor'

/**
 * Prints one SELECT over an entity: requested fields as positional columns (to-one relations as
 * LEFT JOINs, @derivedFrom lists as correlated JSON sub-selects), filters, sort and page. A whole
 * GraphQL selection becomes one statement, so nesting never costs extra round trips.
 *
 * @example
 * const b = new SelectBuilder(model, params, 'Datanet', { limit: 10 }, fields)
 * await pool.query({ text: b.print(), values: params.values, rowMode: 'array' })
 */
export class SelectBuilder {
  readonly root: TableCursor
  private readonly columns: string[] = []
  private readonly columnIndex = new Map<string, number>()
  private readonly where: string[] = []
  private readonly orderBy: string[] = []
  /** Joins the filter and sort need; when none, the page is cut before joining for output. */
  private readonly filterJoins: number

  constructor(
    private readonly model: Model,
    private readonly params: SqlParams,
    entityName: string,
    private readonly args: ListArgs = {},
    fields: FieldReq[] = [],
    extraWhere?: (root: TableCursor) => string,
  ) {
    this.root = TableCursor.root(model, entityName, params)
    if (args.where) {
      const cond = printWhere(this.root, args.where, (e, w) => this.subquery(e, w))
      if (cond) this.where.push(cond)
    }
    if (extraWhere) this.where.push(extraWhere(this.root))
    if (args.orderBy) this.addOrder(args.orderBy)
    this.filterJoins = this.root.from.joins.size
    this.addFields(this.root, fields)
  }

  /** Restricts to rows whose `field` relation points at `parentId` (a @derivedFrom list). */
  whereBackRef(field: string, parentId: string): this {
    this.where.push(`${this.root.column(field)} = ${parentId}`)
    return this
  }

  private addFields(cursor: TableCursor, fields: FieldReq[]): void {
    for (const f of fields) {
      if (f.kind === 'column') f.index = this.column(cursor.output(f.field))
      else if (f.kind === 'ref') {
        const child = cursor.child(f.field)
        f.index = this.column(child.column('id'))
        this.addFields(child, f.children)
      } else {
        const t = f.prop.type
        if (t.kind !== 'list-lookup') throw new SqlCompileError('list field without @derivedFrom')
        const sub = new SelectBuilder(this.model, this.params, t.entity, f.args, f.children).whereBackRef(
          t.field,
          cursor.column('id'),
        )
        f.index = this.column(`(SELECT json_agg(r."row") FROM (${sub.printJsonRows()}) AS r)`)
      }
    }
  }

  private column(exp: string): number {
    let i = this.columnIndex.get(exp)
    if (i === undefined) {
      i = this.columns.push(exp) - 1
      this.columnIndex.set(exp, i)
    }
    return i
  }

  private addOrder(items: OrderItem[]): void {
    const seen = new Set<string>()
    for (const { path, order } of items) {
      const key = path.join('.')
      if (seen.has(key)) continue
      seen.add(key)
      let cursor = this.root
      for (const field of path.slice(0, -1)) cursor = cursor.child(field)
      this.orderBy.push(`${cursor.column(path[path.length - 1])} ${order}`)
    }
    // A unique last key makes offset and cursor pages disjoint and complete (OpenReader leaves ties open).
    if (!seen.has('id')) this.orderBy.push(`${this.root.column('id')} ASC`)
  }

  private subquery(entityName: string, where?: Where): SelectBuilder {
    return new SelectBuilder(this.model, this.params, entityName, { where })
  }

  /** FROM ... WHERE ... ORDER BY ... LIMIT ... OFFSET ... */
  printFrom(opts: { paged?: boolean } = { paged: true }): string {
    const from = this.root.from
    const where = this.where.length ? ` WHERE ${this.where.map((w) => `(${w})`).join(' AND ')}` : ''
    if (opts.paged === false) return `${from.print()}${where}`
    const order = this.orderBy.length ? ` ORDER BY ${this.orderBy.join(', ')}` : ''
    const page = `${this.args.limit != null ? ` LIMIT ${this.args.limit}` : ''}${this.args.offset ? ` OFFSET ${this.args.offset}` : ''}`
    // Relations read only for output are joined after the page is cut (PostgreSQL would otherwise
    // join every matching row before sorting); the inner select keeps the root alias.
    if (this.args.limit != null && this.filterJoins === 0 && from.joins.size > 0)
      return `FROM (SELECT * FROM ${from.printRoot()}${where}${order}${page}) AS ${ident(from.alias)}${from.printJoins()}${order}`
    return `${from.print()}${where}${order}${page}`
  }

  print(): string {
    const cols = this.columns.length ? this.columns.map((c, i) => `${c} AS _c${i}`).join(', ') : 'true'
    return `SELECT ${cols} ${this.printFrom()}`
  }

  printJsonRows(): string {
    return `SELECT json_build_array(${this.columns.join(', ')}) AS "row" ${this.printFrom()}`
  }

  printCount(): string {
    return `SELECT count(*) ${this.printFrom({ paged: false })}`
  }
}

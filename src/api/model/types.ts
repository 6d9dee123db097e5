/** Scalars of the Subsquid schema dialect. */
export type ScalarName =
  | 'ID'
  | 'String'
  | 'Int'
  | 'Float'
  | 'Boolean'
  | 'BigInt'
  | 'BigDecimal'
  | 'DateTime'
  | 'Bytes'
  | 'JSON'

/** What a field holds and how it is stored. */
export type PropType =
  | { kind: 'scalar'; name: ScalarName }
  | { kind: 'enum'; name: string }
  /** A Postgres array column of scalars or enums. */
  | {
      kind: 'list'
      item: { kind: 'scalar'; name: ScalarName } | { kind: 'enum'; name: string }
      itemNullable: boolean
    }
  /** Relation stored here as `<field>_id`. */
  | { kind: 'fk'; entity: string }
  /** One entity whose `field` relation points back here (@derivedFrom on a single, unique relation). */
  | { kind: 'lookup'; entity: string; field: string }
  /** Every entity whose `field` relation points back here (@derivedFrom on a list). */
  | { kind: 'list-lookup'; entity: string; field: string }

export type Prop = {
  name: string
  type: PropType
  nullable: boolean
  description?: string
  /** Column name (fk: `<field>_id`); absent for derived fields, which have no column. */
  column?: string
}

export type Entity = {
  name: string
  table: string
  description?: string
  properties: Record<string, Prop>
  /** Root field names, as OpenReader derives them (or from @entity(queryName, listQueryName)). */
  listQuery: string
  byIdQuery: string
  connectionQuery: string
}

export type EnumType = { name: string; values: string[]; description?: string }

/** Everything the API needs to know about schema.graphql. */
export type Model = {
  entities: Record<string, Entity>
  enums: Record<string, EnumType>
}

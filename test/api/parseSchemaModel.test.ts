import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseSchemaModel, SchemaModelError, toPlural, toSnakeCase } from '../../src/api'

describe('parseSchemaModel', () => {
  it('names tables, columns and root fields as typeorm-codegen and OpenReader do', () => {
    const model = parseSchemaModel(
      fs.readFileSync(path.join(__dirname, '..', '..', 'schema.graphql'), 'utf8'),
    )
    const names = (e: string) => {
      const x = model.entities[e]
      return [x.table, x.listQuery, x.byIdQuery, x.connectionQuery]
    }
    expect(names('TokenSupply')).toEqual([
      'token_supply',
      'tokenSupplies',
      'tokenSupplyById',
      'tokenSuppliesConnection',
    ])
    expect(names('IndexingAnomaly')).toEqual([
      'indexing_anomaly',
      'indexingAnomalies',
      'indexingAnomalyById',
      'indexingAnomaliesConnection',
    ])
    expect(names('IndexerStatus')[1]).toBe('indexerStatuses')
    expect(model.entities.Datanet.properties.metadataURI.column).toBe('metadata_uri')
    expect(model.entities.Inference.properties.l1Fee.column).toBe('l1_fee')
    expect(model.entities.Settlement.properties.inference).toMatchObject({
      column: 'inference_id',
      type: { kind: 'fk', entity: 'Inference' },
    })
    expect(model.entities.Inference.properties.settlement.type).toEqual({
      kind: 'lookup',
      entity: 'Settlement',
      field: 'inference',
    })
    expect(model.entities.Datanet.properties.versions.type).toEqual({
      kind: 'list-lookup',
      entity: 'DatanetVersion',
      field: 'datanet',
    })
  })

  it.each([
    ['an interface', 'interface Thing { id: ID! } type A @entity { id: ID! }', /interfaces/],
    ['a typed JSON object', 'type Meta { a: Int } type A @entity { id: ID! meta: Meta }', /not an @entity/],
    [
      'a list of entities without @derivedFrom',
      'type A @entity { id: ID! bs: [B!]! } type B @entity { id: ID! a: A }',
      /@derivedFrom/,
    ],
    [
      'a @derivedFrom naming no back relation',
      'type A @entity { id: ID! bs: [B!]! @derivedFrom(field: "x") } type B @entity { id: ID! }',
      /names no relation/,
    ],
    [
      'a field with an underscore',
      'type A @entity { id: ID! some_field: Int }',
      /clash with where operators/,
    ],
    ['a syntax error', 'type A @entity { id: ID! ', /schema.graphql/],
  ])('rejects %s with SchemaModelError', (_n, text, message) => {
    expect(() => parseSchemaModel(text)).toThrow(SchemaModelError)
    expect(() => parseSchemaModel(text)).toThrow(message)
  })

  it('pluralises and snake-cases as the inflected package (used by Subsquid) does', () => {
    expect(['person', 'status', 'box', 'leaf', 'analysis', 'datum', 'quiz', 'hero'].map(toPlural)).toEqual([
      'people',
      'statuses',
      'boxes',
      'leafs',
      'analyses',
      'data',
      'quizzes',
      'heros',
    ])
    expect(['metadataURI', 'l1GasUsed', 'XMLHttpRequest'].map(toSnakeCase)).toEqual([
      'metadata_uri',
      'l1_gas_used',
      'xml_http_request',
    ])
  })
})

import { describe, expect, it } from 'vitest'
import type { DashboardColumn } from './dashboardQueries'
import { toCsv } from './toCsv'

const columns: DashboardColumn[] = [
  { name: 'name', field: 'name', kind: 'text' },
  { name: 'amount', field: 'amount', kind: 'wei' },
  { name: 'n', field: 'n', kind: 'int' },
]

describe('toCsv', () => {
  it('writes RFC 4180: header, CRLF, quoting only where needed, empty for null', () => {
    expect(
      toCsv(columns, [
        { name: 'plain', amount: '1000000000000000000000', n: 3 },
        { name: 'a, "quoted"\nname', amount: null, n: -1 },
      ]),
    ).toBe('name,amount,n\r\nplain,1000000000000000000000,3\r\n"a, ""quoted""\nname",,-1\r\n')
  })

  it('defuses chain text a spreadsheet would run as a formula, not numbers', () => {
    const rows = ['=HYPERLINK("x")', '+1', '-2', '@SUM(A1)', '\tx'].map((name) => ({
      name,
      amount: '-5',
      n: -5,
    }))
    expect(toCsv(columns, rows).split('\r\n').slice(1, -1)).toEqual([
      `"'=HYPERLINK(""x"")",-5,-5`,
      "'+1,-5,-5",
      "'-2,-5,-5",
      "'@SUM(A1),-5,-5",
      "'\tx,-5,-5",
    ])
  })
})

import { describe, expect, it } from 'vitest'
import { AnalyticsInputError, DashboardDefinitionError } from './errors'
import { paramsFor, parseFilters } from './parseFilters'

describe('parseFilters', () => {
  it('types what a URL or GraphQL gives, with defaults', () => {
    expect(parseFilters({})).toEqual({
      from: null,
      to: null,
      model: null,
      datanet: null,
      bucket: 'day',
      limit: 20,
    })
    expect(
      parseFilters({
        from: '2026-01-02',
        to: '2026-01-03T04:05:06.5Z',
        model: '12',
        datanet: '3',
        bucket: 'week',
        limit: '5',
      }),
    ).toEqual({
      from: new Date('2026-01-02T00:00:00Z'),
      to: new Date('2026-01-03T05:00:00Z'),
      model: '12',
      datanet: '3',
      bucket: 'week',
      limit: 5,
    })
    expect(parseFilters({ from: '2026-01-02T10:00', limit: 100 }).from).toEqual(
      new Date('2026-01-02T10:00:00Z'),
    )
    expect(parseFilters({ from: '2026-01-02T10:00:00+02:00' }).from).toEqual(new Date('2026-01-02T08:00:00Z'))
  })

  it('widens the range to whole UTC hours (the rollups resolution), never narrows it', () => {
    const f = parseFilters({ from: '2026-01-02T10:59:59.999Z', to: '2026-01-02T11:00:00.001Z' })
    expect(f.from).toEqual(new Date('2026-01-02T10:00:00Z'))
    expect(f.to).toEqual(new Date('2026-01-02T12:00:00Z'))
    expect(parseFilters({ to: '2026-01-02T11:00Z' }).to).toEqual(new Date('2026-01-02T11:00:00Z'))
    // Within one hour: from and to become that hour, not an empty range.
    const one = parseFilters({ from: '2026-01-02T10:20Z', to: '2026-01-02T10:40Z' })
    expect([one.from, one.to]).toEqual([new Date('2026-01-02T10:00:00Z'), new Date('2026-01-02T11:00:00Z')])
    // India's half-hour offset: 10:30+05:30 is 05:00 UTC exactly.
    expect(parseFilters({ from: '2026-01-02T10:30:00+05:30' }).from).toEqual(new Date('2026-01-02T05:00:00Z'))
  })

  it.each([
    [{ model: "1' OR '1'='1" }, "model must be a decimal id, got \"1' OR '1'='1\""],
    [{ datanet: '-1' }, 'datanet must be a decimal id, got "-1"'],
    [{ model: '1'.repeat(79) }, /^model must be a decimal id/],
    [{ model: ['1', '2'] }, 'model must be given once, as text'],
    [{ bucket: 'month' }, 'bucket must be one of hour, day, week, got "month"'],
    [{ from: '2026-13-45' }, 'from must be an ISO 8601 date, got "2026-13-45"'],
    [{ to: 'now' }, 'to must be an ISO 8601 date, got "now"'],
    [{ from: '2026-02-01', to: '2026-01-01' }, 'from must not be after to'],
    [{ limit: '0' }, 'limit must be an integer from 1 to 100'],
    [{ limit: '2.5' }, 'limit must be an integer from 1 to 100'],
  ])('refuses %j', (raw, message) => {
    const run = () => parseFilters(raw as Record<string, unknown>)
    expect(run).toThrow(AnalyticsInputError)
    expect(run).toThrow(message)
  })

  it('binds exactly the parameters a statement names', () => {
    const f = parseFilters({ model: '1', bucket: 'hour' })
    expect(
      paramsFor(
        "SELECT date_trunc($bucket, t), json_extract_string(a, '$.x') WHERE m = $model OR $model IS NULL",
        f,
      ),
    ).toEqual({
      bucket: 'hour',
      model: '1',
    })
    expect(() => paramsFor('SELECT $nope', f)).toThrow(DashboardDefinitionError)
  })
})

/// <reference lib="dom" />
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../setup/launchChromium'
import { type FixtureApi, startFixtureApi } from './fixtureApi'

/**
 * The query page as a person uses it: Debian's chromium (headless, no network) opens `/`, types a
 * query, runs it and reads the answer. `.ci/run` installs chromium; without it the suite fails
 * saying how to install it (a browser check that skips checks nothing).
 */
describe('query explorer page in a real browser (needs /usr/bin/chromium)', () => {
  let f: FixtureApi
  let browser: Browser
  beforeAll(async () => {
    f = await startFixtureApi()
    browser = await launchChromium()
  }, 120_000)
  afterAll(async () => {
    await browser?.close()
    await f?.stop()
  })

  // playwright gives every launch a fresh temporary profile, so nothing persists between runs.
  it('runs the typed query and shows the JSON answer', async () => {
    const page = await browser.newPage()
    const root = f.api.url.replace(/\/graphql$/, '/')
    await page.goto(root)
    expect(await page.title()).toBe('OpenLedger GraphQL')
    await page.fill('#query', '{ squidStatus { height } }')
    await page.click('#run')
    await page.waitForFunction(() => document.getElementById('out')?.textContent?.includes('"data"'))
    const text = (await page.textContent('#out')) ?? ''
    expect(text.split('\n')[0]).toMatch(/^\/\/ HTTP 200 in \d+ ms$/)
    const body = JSON.parse(text.split('\n').slice(1).join('\n'))
    const direct = await f.gql('{ squidStatus { height } }')
    expect(body).toEqual(direct.body)
  })

  it('shows the API error for a bad query instead of failing silently', async () => {
    const page = await browser.newPage()
    await page.goto(f.api.url.replace(/\/graphql$/, '/'))
    await page.fill('#query', '{ noSuchField }')
    await page.click('#run')
    await page.waitForFunction(() => document.getElementById('out')?.textContent?.includes('errors'))
    const body = JSON.parse(((await page.textContent('#out')) ?? '').split('\n').slice(1).join('\n'))
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED')
  })
})

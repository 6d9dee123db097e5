import fs from 'node:fs'
import { type Browser, chromium } from 'playwright-core'

/** Debian's chromium, which `.ci/run` installs. */
export const CHROMIUM = '/usr/bin/chromium'

/**
 * Launches Debian's chromium headless without network extras (as root it needs --no-sandbox).
 * Without it the caller's suite fails saying how to install it: a browser check that skips
 * checks nothing.
 *
 * @example
 * const browser = await launchChromium()
 * afterAll(() => browser.close())
 */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} not found: this suite drives Debian's chromium; install it with \`apt-get install -y chromium\` (.ci/run does)`,
    )
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}

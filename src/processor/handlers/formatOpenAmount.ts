/**
 * Formats wei (18 decimals) as a decimal OPEN amount without trailing zeros.
 *
 * @example
 * formatOpenAmount(1_500_000_000_000_000_000n) // '1.5'
 */
export function formatOpenAmount(wei: bigint): string {
  const sign = wei < 0n ? '-' : ''
  const abs = wei < 0n ? -wei : wei
  const whole = abs / 10n ** 18n
  const frac = (abs % 10n ** 18n).toString().padStart(18, '0').replace(/0+$/, '')
  return `${sign}${whole}${frac ? `.${frac}` : ''}`
}

import cliProgress from 'cli-progress'
import type { Progress } from '../demo/demoContext'

/**
 * Progress on the terminal: one bar per long step on a TTY, plain "step: n/total" lines
 * otherwise (CI logs, pipes), and log lines prefixed with the command's name.
 *
 * @example
 * const progress = progressBars('demo')
 * await runDemo({ ...ctx, progress })
 */
export function progressBars(prefix: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  const tty = Boolean(stream.isTTY)
  return {
    log: (line) => {
      stream.write(`[${prefix}] ${line}\n`)
    },
    step(name, total) {
      const started = Date.now()
      if (!tty) {
        stream.write(`[${prefix}] ${name}: 0/${total}\n`)
        let done = 0
        let lastPrinted = 0
        return {
          tick(n = 1) {
            done += n
            // Roughly every 10%: enough to see it moving without flooding a log.
            if (done - lastPrinted >= Math.max(1, Math.ceil(total / 10))) {
              lastPrinted = done
              stream.write(`[${prefix}] ${name}: ${done}/${total}\n`)
            }
          },
          done() {
            stream.write(`[${prefix}] ${name}: done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`)
          },
        }
      }
      const bar = new cliProgress.SingleBar(
        {
          format: `[${prefix}] ${name.padEnd(18)} {bar} {value}/{total} {duration_formatted}`,
          stream,
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      )
      bar.start(total, 0)
      return { tick: (n = 1) => bar.increment(n), done: () => bar.stop() }
    },
  }
}

import net from 'node:net'

/**
 * Whether a TCP connection to `host`:`port` is accepted (true) or refused (false).
 *
 * @example
 * await accepts('127.0.0.2', api.port) // false when the server listens on 127.0.0.1 only
 */
export function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', (e: NodeJS.ErrnoException) =>
      e.code === 'ECONNREFUSED' ? resolve(false) : reject(e),
    )
  })
}

import net from 'node:net'
import { PortInUseError } from './errors'

/**
 * A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it).
 *
 * @example
 * const port = await freePort()
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

/**
 * Fails fast with a named error when `port` on 127.0.0.1 is taken, instead of letting the child
 * process die later with a library-specific message.
 *
 * @throws {PortInUseError}
 * @example
 * await assertPortFree(8545)
 */
export function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on('error', (cause: NodeJS.ErrnoException) =>
      reject(cause.code === 'EADDRINUSE' ? new PortInUseError(port, { cause }) : cause),
    )
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()))
  })
}

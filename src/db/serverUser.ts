import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { PostgresProgramError } from './errors'

const run = promisify(execFile)

/** The system user an embedded PostgreSQL runs as when this process is root. */
export type ServerUser = { name: string; uid: number; gid: number }

const NAME = 'postgres'

/**
 * The user to run PostgreSQL as: `undefined` when this process is not root (the server then runs as
 * this process's user), else the `postgres` system user, created when missing. PostgreSQL refuses
 * to run as root.
 *
 * @throws {Error} when the user does not exist and `groupadd`/`useradd` fail.
 * @example
 * const user = await serverUser() // { name: 'postgres', uid: 101, gid: 104 } as root
 */
export async function serverUser(): Promise<ServerUser | undefined> {
  if (process.getuid?.() !== 0) return undefined
  const found = await lookup(NAME)
  if (found) return found
  await run('groupadd', ['-f', NAME])
  await run('useradd', ['--system', '-g', NAME, '-s', '/usr/sbin/nologin', NAME]).catch(async (e) => {
    // A concurrent start may have created it between the lookup and here.
    if (!(await lookup(NAME))) throw e
  })
  const created = await lookup(NAME)
  if (!created) throw new PostgresProgramError('useradd', `ran, but user ${NAME} is still missing`)
  return created
}

async function lookup(name: string): Promise<ServerUser | undefined> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])])
    return { name, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) }
  } catch {
    return undefined
  }
}

/**
 * Whether `user` can run `command` (`true` when it exits 0). The real check, made as that user
 * with its primary group only, as the server will run: walking modes by hand would miss ACLs,
 * mount options and group membership.
 *
 * @example
 * await runsAs(user, 'test', ['-x', '/root/repo/.data']) // false: /root is 0700
 */
export async function runsAs(
  user: ServerUser | undefined,
  command: string,
  args: string[],
): Promise<boolean> {
  try {
    await run(command, args, { ...(user && { uid: user.uid, gid: user.gid }), timeout: 10_000 })
    return true
  } catch {
    return false
  }
}

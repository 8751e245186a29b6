// PostgreSQL's LISTEN/NOTIFY as both engines offer it, so that a process can keep a cache of rarely changed rows
// and drop it when any process changes them. A NOTIFY sent inside a transaction is delivered when that
// transaction commits, and not at all when it rolls back (PostgreSQL 15 manual, NOTIFY), so a change and its
// notice cannot part. A listener is told when its connection is lost: from then on it hears nothing, and a
// cache that relied on it must stop serving.
import pg from 'pg'

export interface NotificationHandlers {
  /** A NOTIFY on the channel, from this process or any other, once its transaction has committed. */
  onNotify: (payload: string) => void
  /** The listening connection failed or ended: no notice will come any more. Called at most once. */
  onLost: (error: Error) => void
}

export interface Listening {
  stop: () => Promise<void>
}

/** Listens on `channel` (a lowercase SQL identifier); resolves once notices are being heard. */
export type Listen = (channel: string, handlers: NotificationHandlers) => Promise<Listening>

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/

/** LISTEN takes an identifier, not a parameter: only a plain lowercase name is accepted. */
export function checkChannel(channel: string): string {
  if (!CHANNEL.test(channel))
    throw new Error(`"${channel}" is not a channel name: lowercase letters, digits and _, at most 63`)
  return channel
}

/** A connection of its own on the server at `url`, outside the pool, so that it never waits for a lease. */
export function listenOnServer(url: string): Listen {
  return async (channel, { onNotify, onLost }) => {
    checkChannel(channel)
    const client = new pg.Client({
      connectionString: url,
      application_name: `openbureau listen ${channel}`,
      // A peer that vanished without closing the socket is noticed by TCP keep-alive, not never.
      keepAlive: true,
    })
    let done = false
    const lose = (error: Error) => {
      if (done) return
      done = true
      onLost(error)
    }
    client.on('notification', (n) => {
      if (n.channel === channel) onNotify(n.payload ?? '')
    })
    client.on('error', lose)
    client.on('end', () => lose(new Error(`the connection listening on ${channel} ended`)))
    try {
      await client.connect()
      await client.query(`listen ${channel}`)
    } catch (e) {
      done = true
      await client.end().catch(() => {})
      throw e
    }
    return {
      async stop() {
        done = true
        await client.end().catch(() => {})
      },
    }
  }
}

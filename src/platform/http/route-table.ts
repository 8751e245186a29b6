// The methods each path answers, so that a known path asked with another method gets 405 with an Allow header
// (RFC 9110 §15.5.6), not the 404 of a path that does not exist. Filled from the onRoute hook as routes are added.
import type { RouteOptions } from 'fastify'

interface Entry {
  pattern: RegExp
  /** The names of the pattern's parameters, in the order of its capture groups. */
  params: string[]
  methods: Set<string>
}

// A Fastify path pattern as a regular expression: `:name` is one segment (find-my-way also allows a regex
// suffix, `:id(^\\d+)`, which no route here uses: it is matched as the whole segment), `*` is the rest. Exactly
// the path: Fastify routes no trailing slash (ignoreTrailingSlash is off), so `/health/` is no known path (found
// by probing: it was answered 405 "takes GET, not GET").
function patternOf(url: string): { pattern: RegExp; params: string[] } {
  const params: string[] = []
  const parts = url.split(/(:[A-Za-z0-9_]+(?:\([^)]*\))?|\*)/)
  const source = parts
    .map((part) => {
      if (part === '*') return '.*'
      if (part.startsWith(':')) {
        params.push(/^:([A-Za-z0-9_]+)/.exec(part)?.[1] ?? part)
        return '([^/]+)'
      }
      return part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')
    })
    .join('')
  return { pattern: new RegExp(`^${source}$`), params }
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

export class RouteTable {
  private readonly byUrl = new Map<string, Entry>()

  add(route: Pick<RouteOptions, 'method' | 'url'>): void {
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    let entry = this.byUrl.get(route.url)
    if (entry === undefined) {
      entry = { ...patternOf(route.url), methods: new Set() }
      this.byUrl.set(route.url, entry)
    }
    for (const m of methods) entry.methods.add(m.toUpperCase())
    // Fastify answers HEAD on every GET route (exposeHeadRoutes).
    if (entry.methods.has('GET')) entry.methods.add('HEAD')
  }

  /** The methods some route answers on this path (no query string), sorted; empty when no route has the path. */
  allowed(path: string): string[] {
    const methods = new Set<string>()
    for (const entry of this.byUrl.values())
      if (entry.pattern.test(path)) for (const m of entry.methods) methods.add(m)
    return [...methods].sort()
  }

  /** The parameters of the routes on this path whose value (decoded, as the router measures it) is over `max`. */
  longParams(path: string, max: number): { name: string; length: number }[] {
    const found = new Map<string, number>()
    for (const entry of this.byUrl.values()) {
      const values = entry.pattern.exec(path)?.slice(1) ?? []
      values.forEach((value, i) => {
        const name = entry.params[i]
        const length = decoded(value).length
        if (name !== undefined && length > max) found.set(name, length)
      })
    }
    return [...found].map(([name, length]) => ({ name, length }))
  }
}

// The methods each path answers, so that a known path asked with another method gets 405 with an Allow header
// (RFC 9110 §15.5.6), not the 404 of a path that does not exist. Filled from the onRoute hook as routes are added.
import type { RouteOptions } from 'fastify'

interface Entry {
  pattern: RegExp
  methods: Set<string>
}

// A Fastify path pattern as a regular expression: `:name` is one segment (find-my-way also allows a regex
// suffix, `:id(^\\d+)`, which no route here uses: it is matched as the whole segment), `*` is the rest.
function patternOf(url: string): RegExp {
  const parts = url.split(/(:[A-Za-z0-9_]+(?:\([^)]*\))?|\*)/)
  const source = parts
    .map((part) => {
      if (part === '*') return '.*'
      if (part.startsWith(':')) return '[^/]+'
      return part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')
    })
    .join('')
  return new RegExp(`^${source}/?$`)
}

export class RouteTable {
  private readonly byUrl = new Map<string, Entry>()

  add(route: Pick<RouteOptions, 'method' | 'url'>): void {
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    let entry = this.byUrl.get(route.url)
    if (entry === undefined) {
      entry = { pattern: patternOf(route.url), methods: new Set() }
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
}

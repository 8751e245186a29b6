// Inline SVG charts for the validation report: no script, no font or stylesheet from anywhere else, so
// the page can be archived with the model and opened offline years later.

export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  )
}

export interface Series {
  readonly name: string
  readonly color: string
  readonly points: readonly (readonly [number, number])[]
  readonly dashed?: boolean
}

export interface ChartFrame {
  readonly title: string
  readonly xLabel: string
  readonly yLabel: string
  readonly x: readonly [number, number]
  readonly y: readonly [number, number]
}

const W = 420
const H = 300
const M = { left: 52, right: 14, top: 30, bottom: 44 }

function scale(frame: ChartFrame) {
  const [x0, x1] = frame.x
  const [y0, y1] = frame.y
  const sx = (x: number) => M.left + ((x - x0) / (x1 - x0 || 1)) * (W - M.left - M.right)
  const sy = (y: number) => H - M.bottom - ((y - y0) / (y1 - y0 || 1)) * (H - M.top - M.bottom)
  return { sx, sy }
}

const fmt = (v: number) => (Math.abs(v) >= 100 || Number.isInteger(v) ? v.toFixed(0) : v.toFixed(2))

function axes(frame: ChartFrame): string {
  const { sx, sy } = scale(frame)
  const ticks = [0, 0.25, 0.5, 0.75, 1]
  const parts: string[] = [
    `<text x="${W / 2}" y="18" text-anchor="middle" font-weight="bold">${escapeHtml(frame.title)}</text>`,
    `<line x1="${M.left}" y1="${H - M.bottom}" x2="${W - M.right}" y2="${H - M.bottom}" stroke="#444"/>`,
    `<line x1="${M.left}" y1="${M.top}" x2="${M.left}" y2="${H - M.bottom}" stroke="#444"/>`,
    `<text x="${W / 2}" y="${H - 8}" text-anchor="middle">${escapeHtml(frame.xLabel)}</text>`,
    `<text x="14" y="${H / 2}" text-anchor="middle" transform="rotate(-90 14 ${H / 2})">${escapeHtml(frame.yLabel)}</text>`,
  ]
  for (const t of ticks) {
    const xv = frame.x[0] + t * (frame.x[1] - frame.x[0])
    const yv = frame.y[0] + t * (frame.y[1] - frame.y[0])
    parts.push(
      `<text x="${sx(xv).toFixed(1)}" y="${H - M.bottom + 14}" text-anchor="middle">${fmt(xv)}</text>`,
    )
    parts.push(`<text x="${M.left - 4}" y="${(sy(yv) + 4).toFixed(1)}" text-anchor="end">${fmt(yv)}</text>`)
    parts.push(
      `<line x1="${M.left}" y1="${sy(yv).toFixed(1)}" x2="${W - M.right}" y2="${sy(yv).toFixed(1)}" stroke="#eee"/>`,
    )
  }
  return parts.join('')
}

function legend(series: readonly { name: string; color: string }[]): string {
  return series
    .map(
      (s, i) =>
        `<rect x="${M.left + 8}" y="${M.top + 6 + i * 16}" width="10" height="10" fill="${s.color}"/>` +
        `<text x="${M.left + 22}" y="${M.top + 15 + i * 16}">${escapeHtml(s.name)}</text>`,
    )
    .join('')
}

function svg(body: string): string {
  return `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="sans-serif" font-size="11">${body}</svg>`
}

/** Keeps at most `max` points, evenly spaced, first and last included. */
export function thin<T>(points: readonly T[], max = 400): T[] {
  if (points.length <= max) return [...points]
  const out: T[] = []
  for (let k = 0; k < max; k++) out.push(points[Math.round((k * (points.length - 1)) / (max - 1))]!)
  return out
}

export function lineChart(frame: ChartFrame, series: readonly Series[], extra = ''): string {
  const { sx, sy } = scale(frame)
  const lines = series.map((s) => {
    const d = thin(s.points)
      .map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`)
      .join('')
    return `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="4 3"' : ''}/>`
  })
  return svg(axes(frame) + lines.join('') + extra + legend(series))
}

/** Side-by-side bars per category, one colour per series; y from 0 to the largest value. */
export function barChart(
  frame: Omit<ChartFrame, 'x' | 'y'>,
  categories: readonly string[],
  series: readonly { name: string; color: string; values: readonly number[] }[],
): string {
  const top = Math.max(1e-9, ...series.flatMap((s) => s.values))
  const f: ChartFrame = { ...frame, x: [0, categories.length], y: [0, top] }
  const { sx, sy } = scale(f)
  const slot = (sx(1) - sx(0)) / (series.length + 1)
  const bars = series.flatMap((s, k) =>
    s.values.map((v, i) => {
      const x = sx(i) + slot * (k + 0.5)
      return `<rect x="${x.toFixed(1)}" y="${sy(v).toFixed(1)}" width="${slot.toFixed(1)}" height="${(sy(0) - sy(v)).toFixed(1)}" fill="${s.color}"><title>${escapeHtml(`${categories[i]}: ${s.name} ${v.toFixed(4)}`)}</title></rect>`
    }),
  )
  const every = Math.max(1, Math.ceil(categories.length / 8))
  const labels = categories
    .map((c, i) =>
      i % every === 0
        ? `<text x="${(sx(i) + (sx(1) - sx(0)) / 2).toFixed(1)}" y="${H - M.bottom + 14}" text-anchor="middle">${escapeHtml(c)}</text>`
        : '',
    )
    .join('')
  const yAxis = [0, 0.5, 1]
    .map(
      (t) =>
        `<text x="${M.left - 4}" y="${(sy(t * top) + 4).toFixed(1)}" text-anchor="end">${fmt(t * top)}</text>`,
    )
    .join('')
  const frameLines =
    `<text x="${W / 2}" y="18" text-anchor="middle" font-weight="bold">${escapeHtml(frame.title)}</text>` +
    `<line x1="${M.left}" y1="${H - M.bottom}" x2="${W - M.right}" y2="${H - M.bottom}" stroke="#444"/>` +
    `<text x="${W / 2}" y="${H - 8}" text-anchor="middle">${escapeHtml(frame.xLabel)}</text>` +
    `<text x="14" y="${H / 2}" text-anchor="middle" transform="rotate(-90 14 ${H / 2})">${escapeHtml(frame.yLabel)}</text>`
  return svg(frameLines + yAxis + bars.join('') + labels + legend(series))
}

/** A vertical marker line with a label, for use as `extra` in lineChart. */
export function marker(frame: ChartFrame, x: number, y0: number, y1: number, label: string): string {
  const { sx, sy } = scale(frame)
  return (
    `<line x1="${sx(x).toFixed(1)}" y1="${sy(y0).toFixed(1)}" x2="${sx(x).toFixed(1)}" y2="${sy(y1).toFixed(1)}" stroke="#000" stroke-dasharray="2 2"/>` +
    `<text x="${(sx(x) + 4).toFixed(1)}" y="${((sy(y0) + sy(y1)) / 2).toFixed(1)}">${escapeHtml(label)}</text>`
  )
}

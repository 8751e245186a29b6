// CPU time from /proc (Linux), for benchmarks that share the machine: what one process, a set of processes and
// the whole machine used over a run, so that a figure can say how much of the machine it had. Zero where /proc
// is not there.
import { readFileSync } from 'node:fs'

// USER_HZ: the unit of /proc's CPU times; 100 on every mainstream Linux.
const TICK_MS = 10

const read = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}

/** User plus system CPU time of a process so far, in ms; 0 when it is gone. */
export function processCpuMs(pid: number): number {
  const stat = read(`/proc/${pid}/stat`)
  // The command name, in parentheses, may hold spaces: the fields are counted after it.
  const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ')
  if (fields === undefined) return 0
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS
}

/** CPU time spent on anything but idling and waiting for I/O, over all cores, so far, in ms. */
export function machineBusyMs(): number {
  const line = read('/proc/stat')?.split('\n')[0]
  if (line === undefined) return 0
  const [user, nice, system, , , irq, softirq, steal] = line.split(/\s+/).slice(1).map(Number)
  return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) * TICK_MS
}

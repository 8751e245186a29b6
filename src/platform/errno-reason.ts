// The reason a file-system call failed, in words a person at a terminal reads in one line: the command's own
// table names the errno codes it expects; anything else keeps the system's message, on one line.

/** `table[code]` for the error's errno code, else its message with line breaks folded into spaces. */
export function errnoReason(e: unknown, table: Readonly<Record<string, string>>): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code
  const reason = code === undefined ? undefined : table[code]
  return reason ?? (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ')
}

// Property names that betray consumption, location, device or contact data (DESIGN.md principle 1: OpenBureau holds
// accounts, balances and repayment, never what was bought, where or from whom). An unknown property so named is
// refused as not credit data, which tells the furnisher to stop sending it rather than to rename it.
import { jsonlJsonSchema } from './jsonl.model.ts'

// Matched as whole words of a property name so that a misspelt credit field ("socialSecurityNumbr", "borderDate")
// stays a mere unknown property. Two adjacent words are tried joined too: "e_mail", "userAgent", "ip_address".
const NOT_CREDIT_WORDS: ReadonlySet<string> = new Set(
  [
    'merchant vendor retailer seller store shop mcc item basket cart checkout product sku purchase order goods',
    'transaction receipt invoice spent spending spend price payee counterparty shipping delivery',
    'location latitude longitude lat lng lon geo geolocation gps coordinate coordinates',
    'device ip ipaddress useragent browser browsing cookie imei',
    'contact email phone cellphone telephone tel mobile fax sms address addr socialmedia',
    'twitter facebook instagram linkedin tiktok snapchat whatsapp wechat weibo telegram skype',
  ]
    .join(' ')
    .split(' '),
)

/**
 * The lower-case words of a property name: camelCase, snake_case and kebab-case alike, once folded by NFKC, so
 * that a fullwidth "ＭＥＲＣＨＡＮＴ" is the merchant it shows.
 */
function wordsOf(name: string): string[] {
  return name
    .normalize('NFKC')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean)
}

/** A word of the list, or its plural by "-s" ("transactions") or "-es" ("addresses"). */
const isNotCreditWord = (w: string): boolean =>
  NOT_CREDIT_WORDS.has(w) ||
  (w.endsWith('s') && NOT_CREDIT_WORDS.has(w.slice(0, -1))) ||
  (w.endsWith('es') && NOT_CREDIT_WORDS.has(w.slice(0, -2)))

// Words that go with a non-credit one in a name written as one word ("merchantname", "MERCHANTID", "homeaddress",
// "userlocation": found by probing, passing as mere unknown properties). A word is split into these and the list
// above only when it is wholly made of them, so that a word that merely holds one stays whole: "allocation",
// "automobile", "border", "suspended", "orderly".
const JOINING_WORDS: ReadonlySet<string> = new Set(
  [
    'name names id ids no num number numbers code codes type list info information detail details data value',
    'user customer client consumer home work personal primary secondary billing mailing current last first full',
  ]
    .join(' ')
    .split(' '),
)
const LONGEST_PIECE = Math.max(...[...NOT_CREDIT_WORDS, ...JOINING_WORDS].map((w) => w.length)) + 2
// A longer word is no name anyone writes; the limit keeps the split cheap on a hostile line.
const LONGEST_SPLIT_WORD = 60

/** Whether `word` is wholly made of listed words, at least one of them not credit data ("storeid"). */
function isRunTogether(word: string): boolean {
  if (word.length > LONGEST_SPLIT_WORD) return false
  // reached[i]: the first i letters split into listed words; 1 without, 2 with a non-credit word among them.
  const reached = new Uint8Array(word.length + 1)
  reached[0] = 1
  for (let i = 0; i < word.length; i++) {
    if (reached[i] === 0) continue
    for (let j = i + 1; j <= Math.min(word.length, i + LONGEST_PIECE); j++) {
      const piece = word.slice(i, j)
      const state = isNotCreditWord(piece) ? 2 : JOINING_WORDS.has(piece) ? reached[i]! : 0
      if (state > reached[j]!) reached[j] = state
    }
  }
  return reached[word.length] === 2
}

/** Whether the words of the name alone say consumption or contact data. */
export function hasNotCreditWord(name: string): boolean {
  const words = wordsOf(name)
  return words.some(
    (w, i) => isNotCreditWord(w) || (i > 0 && isNotCreditWord(words[i - 1]! + w)) || isRunTogether(w),
  )
}

let formatNames: ReadonlySet<string> | undefined
let formatLetters: ReadonlySet<string> | undefined

/** The letters and digits of a name, lower-cased: "TELEPHONE_NUMBER" and "telephoneNumber" are the same name. */
const lettersOf = (name: string): string =>
  name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')

/** Every property name that the format defines somewhere in a line, read from its own JSON Schema once. */
export function formatPropertyNames(): ReadonlySet<string> {
  if (formatNames) return formatNames
  const names = new Set<string>()
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return
    const properties = (node as { properties?: unknown }).properties
    if (properties !== null && typeof properties === 'object')
      for (const k of Object.keys(properties)) names.add(k)
    for (const v of Object.values(node)) walk(v)
  }
  walk(jsonlJsonSchema())
  return (formatNames = names)
}

/**
 * An unknown property named as consumption or contact data. A name the format defines elsewhere is credit data
 * by definition, though Metro 2 has an address and a telephone field (CRRG base fields 41-46): a
 * "firstLineAddress" misplaced at the top of a line is an unknown property, not a contact to refuse, and so is
 * one spelt in other case or with separators ("telephonenumber", "FIRST_LINE_ADDRESS").
 */
export function isConsumptionField(name: string): boolean {
  formatLetters ??= new Set([...formatPropertyNames()].map(lettersOf))
  return (
    !formatPropertyNames().has(name.normalize('NFKC')) &&
    !formatLetters.has(lettersOf(name)) &&
    hasNotCreditWord(name)
  )
}

/** The path of a consumption-data key inside an unknown property's value, looked for at most 4 levels and
 * 200 keys deep, so that a hostile line cannot make the check costly. The keys as sent: escape before showing. */
export function consumptionKeyIn(value: unknown, depth = 4, budget = { keys: 200 }): string | undefined {
  if (depth === 0 || value === null || typeof value !== 'object') return undefined
  for (const [k, v] of Object.entries(value)) {
    if (--budget.keys < 0) return undefined
    const label = Array.isArray(value) ? `[${k}]` : `.${k}`
    if (!Array.isArray(value) && isConsumptionField(k)) return label
    const inner = consumptionKeyIn(v, depth - 1, budget)
    if (inner !== undefined) return label + inner
  }
  return undefined
}

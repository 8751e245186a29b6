// The spellings a name is compared in at enrolment. compactText (identity module) strips accents, so "Müller"
// is MULLER; but Metro 2 text is upper-case ASCII and German furnishers transliterate umlauts as two letters
// (DIN 5007-2, and ICAO Doc 9303 part 3 for passports: Ä AE, Ö OE, Ü UE, ß SS), so the file may say MUELLER.
// Each name is folded both ways, and two names are the same when any folding of one equals one of the other:
// "Müller" meets MULLER and MUELLER, "Mueller" meets "Müller" on file, but MULLER never meets "Mueller", since
// nothing says that the U of MULLER stood for Ü.
import { compactText } from '../identity/index.ts'

const GERMAN: Readonly<Record<string, string>> = {
  Ä: 'AE',
  Ö: 'OE',
  Ü: 'UE',
  ä: 'ae',
  ö: 'oe',
  ü: 'ue',
  ß: 'ss',
  ẞ: 'SS',
}

/** The name as compactText folds it and, when it holds an umlaut or ß, as German transliteration spells it. */
export function nameFoldings(name: string): Set<string> {
  // NFC first: an umlaut typed as U + U+0308 (combining diaeresis) is the same letter as Ü.
  const composed = name.normalize('NFC')
  return new Set([
    compactText(composed),
    compactText(composed.replace(/[ÄÖÜäöüßẞ]/gu, (c) => GERMAN[c] ?? c)),
  ])
}

/** Two names are one when a folding of each agrees; a name that folds to nothing matches nothing. */
export function sameName(a: string, b: string): boolean {
  const ofB = nameFoldings(b)
  for (const x of nameFoldings(a)) if (x !== '' && ofB.has(x)) return true
  return false
}

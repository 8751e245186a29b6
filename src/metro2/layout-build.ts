// How a Metro 2 layout is written down and built: each field with its type, length and flags, in record order;
// build() computes the start positions, so that a layout cannot have a gap or an overlap, and gives every spec
// the same shape. The layouts themselves, from the CRRG, are in layouts.ts.
import type { FieldSpec, FieldType, PackedFieldSpec, PackedType } from './metro2.model.ts'

export type Flag = 'required' | 'zeroFill' | 'omitEmpty'

export interface Draft<N extends string> {
  readonly name: N
  readonly type: FieldType
  readonly length: number
  readonly flags: readonly Flag[]
  /** The packed form when it differs from the character one. */
  readonly packed?: {
    readonly type: PackedType
    readonly length: number
    readonly valueType?: 'N' | 'D' | 'T'
  }
}

/** A field spec whose name is known to TypeScript, so that decoders can look fields up by name. */
export type Spec<N extends string = string> = (FieldSpec | PackedFieldSpec) & { readonly name: N }

const field =
  (type: FieldType) =>
  <const N extends string>(name: N, length: number, ...flags: Flag[]): Draft<N> => ({
    name,
    type,
    length,
    flags,
  })

export const A = field('A')
export const N = field('N')
export const D = field('D')
export const T = field('T')
export const W = <const Name extends string>(name: Name): Draft<Name> => ({
  name,
  type: 'W',
  length: 4,
  flags: ['required'],
  packed: { type: 'B', length: 4 },
})
export const packs = <Name extends string>(
  draft: Draft<Name>,
  length: number,
  valueType: 'N' | 'D' | 'T' = draft.type === 'D' ? 'D' : draft.type === 'T' ? 'T' : 'N',
): Draft<Name> => ({ ...draft, packed: { type: 'P', length, valueType } })
export const reserved = <const Name extends string>(
  name: Name,
  length: number,
  packedLength = length,
): Draft<Name> => ({
  name,
  type: 'A',
  length,
  flags: [],
  ...(packedLength === length ? {} : { packed: { type: 'A', length: packedLength } }),
})

const valueOf = (t: FieldType | PackedType): 'N' | 'D' | 'T' => (t === 'D' || t === 'T' ? t : 'N')

export function build<const Drafts extends readonly Draft<string>[]>(
  drafts: Drafts,
  packed: boolean,
): readonly Spec<Drafts[number]['name']>[] {
  let start = 0
  return drafts.map((d) => {
    const form = packed && d.packed ? d.packed : { type: d.type, length: d.length }
    // Every spec has every property, in one order: the decoders read them in hot loops, and objects of one
    // shape keep those reads monomorphic (V8 hidden classes).
    const spec: Spec<Drafts[number]['name']> = {
      name: d.name,
      start,
      length: form.length,
      type: form.type,
      required: d.flags.includes('required'),
      zeroFill: d.flags.includes('zeroFill'),
      omitEmpty: d.flags.includes('omitEmpty'),
      reserved: d.name.startsWith('reserved'),
      valueType: 'valueType' in form && form.valueType ? form.valueType : valueOf(form.type),
    }
    start += form.length
    return spec
  })
}

/** The fields of a layout by name, typed, for the decoders. */
export function fieldsByName<const Name extends string>(
  layout: readonly Spec<Name>[],
): { readonly [K in Name]: Spec<K> } {
  return Object.fromEntries(layout.map((s) => [s.name, s])) as { readonly [K in Name]: Spec<K> }
}

/** Total length of a layout, in bytes. */
export const layoutLength = (layout: readonly Spec[]): number => {
  const last = layout[layout.length - 1]
  return last ? last.start + last.length : 0
}

/** What a field holds, whatever its recording: a packed field holds its valueType, a binary word is a descriptor. */
export const valueTypeOf = (s: Spec): FieldType =>
  s.type === 'P' ? (s.valueType ?? 'N') : s.type === 'B' ? 'W' : s.type

/**
 * First-occurrence index of composite record keys (internal), for the duplicate-key check of
 * record validation. A key of several fields used to be one joined string per row
 * (`caller\0callee\0month`), allocated, hashed and stored for every row: at millions of call
 * edges that string traffic was most of the validation time and a large part of its memory.
 *
 * Here each field's value (as `String(v)`, so the same values collide as before) is interned to a
 * small integer per field; the integers are folded left to right through open-addressing tables
 * of int32 pairs, `(code so far, next field's code) → code`, so each distinct key prefix gets a
 * dense code without any per-row allocation; the last code indexes the row where the key was
 * first seen. Unlike the joined string, values containing the separator character cannot collide.
 *
 * @module
 * @internal
 */

/** A growable open-addressing table from int32 pairs to dense codes 0, 1, 2, … in insertion order. */
interface PairTable {
  a: Int32Array;
  b: Int32Array;
  /** code + 1; 0 marks an empty slot */
  code: Int32Array;
  mask: number;
  size: number;
}

const INITIAL_SLOTS = 1024;

/** Slots for `expected` pairs at most half full (a power of two, at least {@link INITIAL_SLOTS}, at most 2²⁶ up front). */
function slotsFor(expected: number): number {
  let n = INITIAL_SLOTS;
  const want = Math.min(2 * expected, 2 ** 26);
  while (n < want) n *= 2;
  return n;
}

function createPairTable(expected: number): PairTable {
  const n = slotsFor(expected);
  return { a: new Int32Array(n), b: new Int32Array(n), code: new Int32Array(n), mask: n - 1, size: 0 };
}

/** A 32-bit mix of two int32s (multiply–xorshift, constants from MurmurHash3's finaliser). */
function slotOf(x: number, y: number, mask: number): number {
  let h = Math.imul(x, 0xcc9e2d51) ^ Math.imul(y ^ (y >>> 15), 0x1b873593);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h & mask;
}

function grow(t: PairTable): void {
  const { a, b, code } = t;
  const n = code.length * 2;
  t.a = new Int32Array(n);
  t.b = new Int32Array(n);
  t.code = new Int32Array(n);
  t.mask = n - 1;
  for (let s = 0; s < code.length; s++) {
    if (code[s] === 0) continue;
    let p = slotOf(a[s]!, b[s]!, t.mask);
    while (t.code[p] !== 0) p = (p + 1) & t.mask;
    t.a[p] = a[s]!;
    t.b[p] = b[s]!;
    t.code[p] = code[s]!;
  }
}

/** The code of the pair (x, y), adding it with the next code when new. */
function pairCode(t: PairTable, x: number, y: number): number {
  let p = slotOf(x, y, t.mask);
  for (;;) {
    const c = t.code[p]!;
    if (c === 0) break;
    if (t.a[p] === x && t.b[p] === y) return c - 1;
    p = (p + 1) & t.mask;
  }
  const c = t.size++;
  t.a[p] = x;
  t.b[p] = y;
  t.code[p] = c + 1;
  // at most half full: linear probes stay short
  if (t.size * 2 > t.code.length) grow(t);
  return c;
}

/** Where each key was first seen. @internal */
export interface KeyIndex {
  /**
   * The row where the key made of `record[fields[0]], record[fields[1]], …` was first seen, or -1
   * when it is new (it is then recorded as seen at `row`).
   */
  firstSeen(record: Readonly<Record<string, unknown>>, row: number): number;
}

/**
 * An empty index of keys made of `fields` (at least one). `expected` (the number of rows about to
 * be checked, when known) sizes the tables up front so they are not rehashed while they fill.
 * @internal
 */
export function createKeyIndex(fields: readonly string[], expected = 0): KeyIndex {
  const n = fields.length;
  const values = fields.map(() => new Map<string, number>());
  const pairs = fields.slice(1).map(() => createPairTable(expected));
  let rows = new Float64Array(slotsFor(expected) / 2);
  let nKeys = 0;
  const intern = (f: number, v: unknown): number => {
    const s = String(v);
    const m = values[f]!;
    let c = m.get(s);
    if (c === undefined) {
      c = m.size;
      m.set(s, c);
    }
    return c;
  };
  return {
    firstSeen(record, row) {
      let c = intern(0, record[fields[0]!]);
      for (let f = 1; f < n; f++) c = pairCode(pairs[f - 1]!, c, intern(f, record[fields[f]!]));
      // with one field the codes come from the value map, with several from the last pair table
      const distinct = n === 1 ? values[0]!.size : pairs[n - 2]!.size;
      if (distinct > nKeys) {
        // a new key (codes are dense and in order, so c === nKeys)
        if (c >= rows.length) {
          const bigger = new Float64Array(rows.length * 2);
          bigger.set(rows);
          rows = bigger;
        }
        rows[c] = row;
        nKeys = distinct;
        return -1;
      }
      return rows[c]!;
    },
  };
}

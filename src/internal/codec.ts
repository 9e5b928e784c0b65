/**
 * JSON text that round-trips models bit for bit: typed arrays travel as base64 of their bytes
 * (little-endian, as every platform telcokit targets), and the numbers JSON cannot hold
 * (NaN, ±Infinity, -0) travel as tagged objects.
 */

const TYPED = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
} as const;
type TypedName = keyof typeof TYPED;
export type AnyTypedArray = InstanceType<(typeof TYPED)[TypedName]>;

function typedName(v: unknown): TypedName | undefined {
  if (!ArrayBuffer.isView(v) || v instanceof DataView) return undefined;
  const name = v.constructor.name;
  return name in TYPED ? (name as TypedName) : undefined;
}

function bytesToBase64(bytes: Uint8Array): string {
  let s = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[]);
  }
  return btoa(s);
}

/** The bytes of base64 text `b64` (atob, no Node Buffer). */
export function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function encodeNumber(v: number): unknown {
  if (Number.isNaN(v)) return { $num: 'NaN' };
  if (v === Infinity) return { $num: 'Infinity' };
  if (v === -Infinity) return { $num: '-Infinity' };
  if (Object.is(v, -0)) return { $num: '-0' };
  return v;
}

/** Serialises a plain-data value (objects, arrays, typed arrays, numbers incl. NaN) to JSON text. */
export function encodeJSON(value: unknown, space?: number): string {
  return JSON.stringify(
    value,
    function (this: unknown, _key: string, v: unknown) {
      if (typeof v === 'number') return encodeNumber(v);
      const name = typedName(v);
      if (name) {
        const t = v as AnyTypedArray;
        return { $typed: name, length: t.length, base64: bytesToBase64(new Uint8Array(t.buffer, t.byteOffset, t.byteLength)) };
      }
      return v;
    },
    space,
  );
}

/** Inverse of {@link encodeJSON}. */
export function decodeJSON(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      if (typeof o.$num === 'string' && Object.keys(o).length === 1) {
        return o.$num === '-0' ? -0 : Number(o.$num);
      }
      if (typeof o.$typed === 'string' && typeof o.base64 === 'string' && o.$typed in TYPED) {
        const Ctor = TYPED[o.$typed as TypedName];
        const bytes = base64ToBytes(o.base64);
        if (bytes.length % Ctor.BYTES_PER_ELEMENT !== 0) throw new Error(`bad ${o.$typed} payload`);
        // `bytes` owns a fresh buffer at offset 0, so every element type is aligned
        return new Ctor(bytes.buffer as ArrayBuffer, 0, bytes.length / Ctor.BYTES_PER_ELEMENT);
      }
    }
    return v;
  });
}

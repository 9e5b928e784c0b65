/**
 * MurmurHash3 x86 32-bit (Austin Appleby, public domain algorithm) over the UTF-8 bytes of a
 * string, without TextEncoder or allocation: the same 32 bits in every runtime, so an assignment
 * made in Node equals the one made in a browser or Deno (internal).
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** MurmurHash3_x86_32 of the UTF-8 encoding of `s` with `seed`, as an unsigned 32-bit integer. */
export function murmur3(s: string, seed: number): number {
  const len = s.length;
  // fast path: ASCII strings are their own UTF-8 bytes; four characters per block, no closure
  let h = seed | 0;
  let i = 0;
  for (; i + 4 <= len; i += 4) {
    const c0 = s.charCodeAt(i);
    const c1 = s.charCodeAt(i + 1);
    const c2 = s.charCodeAt(i + 2);
    const c3 = s.charCodeAt(i + 3);
    if ((c0 | c1 | c2 | c3) >= 0x80) return murmur3Utf8(s, seed);
    let k = c0 | (c1 << 8) | (c2 << 16) | (c3 << 24);
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  let k = 0;
  const rest = len - i;
  for (let j = 0; j < rest; j++) {
    const c = s.charCodeAt(i + j);
    if (c >= 0x80) return murmur3Utf8(s, seed);
    k |= c << (8 * j);
  }
  if (rest > 0) {
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
  }
  return fmix(h, len);
}

function fmix(h0: number, len: number): number {
  let h = h0 ^ len;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The general path: UTF-8 bytes produced on the fly. */
function murmur3Utf8(s: string, seed: number): number {
  let h = seed >>> 0;
  let k = 0; // bytes pending in the current 4-byte block
  let nk = 0; // how many
  let len = 0;
  const push = (b: number): void => {
    k |= b << (8 * nk);
    nk++;
    len++;
    if (nk === 4) {
      k = Math.imul(k, C1);
      k = (k << 15) | (k >>> 17);
      k = Math.imul(k, C2);
      h ^= k;
      h = (h << 13) | (h >>> 19);
      h = (Math.imul(h, 5) + 0xe6546b64) | 0;
      k = 0;
      nk = 0;
    }
  };
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) push(c);
    else if (c < 0x800) {
      push(0xc0 | (c >> 6));
      push(0x80 | (c & 63));
    } else {
      if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d < 0xe000) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          i++;
          push(0xf0 | (c >> 18));
          push(0x80 | ((c >> 12) & 63));
          push(0x80 | ((c >> 6) & 63));
          push(0x80 | (c & 63));
          continue;
        }
      }
      // a lone surrogate is encoded as U+FFFD, as TextEncoder does
      if (c >= 0xd800 && c < 0xe000) c = 0xfffd;
      push(0xe0 | (c >> 12));
      push(0x80 | ((c >> 6) & 63));
      push(0x80 | (c & 63));
    }
  }
  if (nk > 0) {
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
  }
  return fmix(h, len);
}

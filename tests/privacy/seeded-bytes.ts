/**
 * A seeded byte source FOR TESTS ONLY (the `unsafeRandomBytes` option): SplitMix32-style mixing of
 * a counter, so distribution tests are reproducible. Never use it for real noise.
 */
export function seededBytes(seed: number): (b: Uint8Array) => void {
  let s = seed >>> 0;
  return (b) => {
    const w = new Uint32Array(b.buffer, b.byteOffset, b.byteLength >>> 2);
    for (let i = 0; i < w.length; i++) {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      w[i] = (z ^ (z >>> 16)) >>> 0;
    }
  };
}

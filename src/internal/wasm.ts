/** Compiling the hand-written WebAssembly kernels that the build embeds as base64 (internal). */
import { base64ToBytes } from './codec.js';

/**
 * The module whose bytes are `base64`, compiled, or null where this runtime has no WebAssembly
 * (or no `atob`) or rejects the module (SIMD, a shared memory); callers then take their
 * TypeScript path.
 */
export function compileEmbeddedWasm(base64: string): WebAssembly.Module | null {
  try {
    const wa = (globalThis as { WebAssembly?: typeof WebAssembly }).WebAssembly;
    if (wa === undefined || typeof globalThis.atob !== 'function') return null;
    const bytes = base64ToBytes(base64);
    return wa.validate(bytes) ? new wa.Module(bytes) : null;
  } catch {
    return null;
  }
}

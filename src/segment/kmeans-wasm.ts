/**
 * The k-means distance blocks in the WebAssembly SIMD kernel of `kmeans.wat` (embedded as base64
 * in `kmeans-wasm.generated.ts`, compiled once per process, nothing fetched at run time; a fresh
 * small instance per fit, so its memory goes with the fit). Returns `undefined` where the runtime
 * has no WebAssembly or rejects SIMD modules; `lloyd` then uses the TypeScript block kernel, whose
 * distances are the same doubles (same terms added in the same order).
 *
 * @module
 */
import { compileEmbeddedWasm } from '../internal/wasm.js';
import { WASM_BASE64 } from './kmeans-wasm.generated.js';

/**
 * Squared distances from blocks of rows to the centres: the WebAssembly SIMD kernel
 * (kmeans-wasm.ts) or its TypeScript twin
 * (createTsBlockDistances in kmeans-kernel.ts); both give the same doubles.
 */
export interface BlockDistances {
  /** Rows per block (the most `first` and `dist` take at once). */
  readonly rows: number;
  /** Results: `count` × `stride` squared distances (`first`) or `count` × k (`dist`). */
  readonly out: Float64Array;
  /** Doubles per row in `out` after `first` (k, or k rounded up to even). */
  readonly stride: number;
  /** Indices of the rows `dist` reads (filled by the caller). */
  readonly idx: Int32Array;
  /** Loads the k × p centres (after every move of the centres). */
  setCentres(C: Float64Array): void;
  /** Rows `[i0, i0 + count)`: distances in distancesToCentres's order (kmeans-kernel.ts). */
  first(i0: number, count: number): void;
  /** Rows `idx[0…count)`: distances in sqDist's order (kmeans-kernel.ts). */
  dist(count: number): void;
}

interface KMeansKernel {
  memory: WebAssembly.Memory;
  first(x: number, ct: number, out: number, rows: number, p: number, pairs: number): void;
  dist(xs: number, idx: number, cp: number, out: number, rows: number, p: number, k: number): void;
}

let compiled: WebAssembly.Module | null | undefined;

/** The compiled module, or null where WebAssembly SIMD is unavailable (decided once). */
function kernelModule(): WebAssembly.Module | null {
  if (compiled === undefined) compiled = compileEmbeddedWasm(WASM_BASE64);
  return compiled;
}

/** Whether the WebAssembly SIMD k-means kernel can run here (false: the TypeScript path is used). */
export function kmeansWasmAvailable(): boolean {
  return kernelModule() !== null;
}

const PAGE = 65_536;

/** Rows per staged block: at most 256, about 32 KB of rows. */
export function blockRows(p: number): number {
  return Math.max(1, Math.min(256, Math.floor(4096 / p)));
}

/**
 * The block kernel in WebAssembly over the n × p rows `X` and k centres, or undefined (see the
 * module comment). Rows are copied into a small staging block in the instance's memory (one
 * memory copy for the consecutive rows of `first`, a row at a time for the rows `dist` picks), so
 * the instance stays small and X is never duplicated.
 */
export function createWasmBlockDistances(X: Float64Array, k: number, p: number): BlockDistances | undefined {
  const mod = kernelModule();
  if (mod === null) return undefined;
  const rows = blockRows(p);
  const pairs = (k + 1) >> 1;
  const stride = 2 * pairs;
  // byte layout, every block 16-aligned
  let at = 16;
  const block = (doubles: number): number => {
    const start = at;
    at += Math.ceil(doubles / 2) * 16;
    return start;
  };
  const pC = block(k * p);
  const pCt = block(stride * p);
  const pSlots = block(rows >> 1);
  const pOut = block(rows * stride);
  const pX = block(rows * p);
  const pages = Math.ceil(at / PAGE);
  const inst = new WebAssembly.Instance(mod, {});
  const w = inst.exports as unknown as KMeansKernel;
  try {
    if (pages > 1) w.memory.grow(pages - 1);
  } catch {
    // the runtime would not give this much wasm memory: the TypeScript path needs none
    return undefined;
  }
  const buf = w.memory.buffer;
  const C = new Float64Array(buf, pC, k * p);
  const Ct = new Float64Array(buf, pCt, stride * p);
  const xs = new Float64Array(buf, pX, rows * p);
  const slots = new Int32Array(buf, pSlots, rows);
  for (let t = 0; t < rows; t++) slots[t] = t;
  const idx = new Int32Array(rows);
  return {
    rows,
    out: new Float64Array(buf, pOut, rows * stride),
    stride,
    idx,
    setCentres(c) {
      C.set(c.subarray(0, k * p));
      // pair q, column j: [C[2q][j], C[2q + 1][j]] (an odd k repeats its last centre in the spare lane)
      for (let q = 0; q < pairs; q++) {
        const c0 = 2 * q * p;
        const c1 = 2 * q + 1 < k ? c0 + p : c0;
        for (let j = 0; j < p; j++) {
          Ct[2 * (q * p + j)] = c[c0 + j]!;
          Ct[2 * (q * p + j) + 1] = c[c1 + j]!;
        }
      }
    },
    first(i0, count) {
      xs.set(X.subarray(i0 * p, (i0 + count) * p));
      w.first(pX, pCt, pOut, count, p, pairs);
    },
    dist(count) {
      for (let t = 0, so = 0; t < count; t++) {
        for (let j = 0, xo = idx[t]! * p; j < p; j++) xs[so++] = X[xo + j]!;
      }
      w.dist(pX, pSlots, pC, pOut, count, p, k);
    },
  };
}

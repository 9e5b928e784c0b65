/**
 * Runs the float32 ALS sweeps in the WebAssembly SIMD kernel of `als.wat` (embedded as base64 in
 * `als-wasm.generated.ts`, compiled once per process, nothing fetched at run time). Returns
 * `undefined` where the runtime has no WebAssembly, rejects SIMD modules, or the data would not fit
 * a 4 GiB wasm memory; `fitAls` then uses the TypeScript float32 path (als-f32.ts), whose results
 * agree with this one to float32 rounding.
 *
 * @module
 */
import { throwIfAborted, type LongRunOptions } from '../internal/model.js';
import { createRng } from '../internal/rng.js';
import type { InteractionMatrix } from './interaction-matrix.js';
import type { AlsResolvedOptions } from './model-schemas.js';
import { confidenceOf } from './als-shared.js';
import { WASM_BASE64 } from './als-wasm.generated.js';

interface AlsKernel {
  memory: WebAssembly.Memory;
  gram(y: number, nY: number, n: number, f: number, reg: number, g: number): void;
  solve(
    x: number, y: number, u0: number, u1: number, n: number, f: number,
    indptr: number, indices: number, conf: number, steps: number,
    g: number, r: number, p: number, ap: number,
  ): void;
}

let compiled: WebAssembly.Module | null | undefined;

/** The compiled module, or null where WebAssembly SIMD is unavailable (decided once). */
function kernelModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  try {
    const wa = (globalThis as { WebAssembly?: typeof WebAssembly }).WebAssembly;
    if (wa === undefined || typeof globalThis.atob !== 'function') return compiled;
    const text = globalThis.atob(WASM_BASE64);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    if (wa.validate(bytes)) compiled = new wa.Module(bytes);
  } catch {
    compiled = null;
  }
  return compiled;
}

/** Whether the WebAssembly SIMD kernel can run here (false: the TypeScript float32 path is used). */
export function alsWasmAvailable(): boolean {
  return kernelModule() !== null;
}

const PAGE = 65_536;

/** The float32 sweeps in WebAssembly, or undefined when the kernel cannot run here (see the module comment). */
export function alsCoreWasm(
  m: InteractionMatrix,
  o: AlsResolvedOptions,
  run: LongRunOptions,
  fn: string,
): { userFactors: Float64Array<ArrayBuffer>; itemFactors: Float64Array<ArrayBuffer> } | undefined {
  const mod = kernelModule();
  if (mod === null) return undefined;
  const f = o.factors;
  const n = (f + 3) & ~3;
  const nS = m.nSubscribers;
  const nO = m.nOffers;
  const nnz = m.data.length;
  // byte layout, every block 16-aligned
  let at = 16;
  const block = (floats: number): number => {
    const start = at;
    at += Math.ceil(floats / 4) * 16;
    return start;
  };
  const pX = block(nS * n);
  const pY = block(nO * n);
  const pRowPtr = block(nS + 1);
  const pRowIdx = block(nnz);
  const pRowConf = block(nnz);
  const pColPtr = block(nO + 1);
  const pColIdx = block(nnz);
  const pColConf = block(nnz);
  const pG = block(n * n);
  const pR = block(n);
  const pP = block(n);
  const pAp = block(n);
  const pages = Math.ceil(at / PAGE);
  if (pages > 65_536) return undefined;
  const inst = new WebAssembly.Instance(mod, {});
  const k = inst.exports as unknown as AlsKernel;
  if (pages > 1) k.memory.grow(pages - 1);
  const buf = k.memory.buffer;
  const X = new Float32Array(buf, pX, nS * n);
  const Y = new Float32Array(buf, pY, nO * n);
  // the same start as the other paths (row-major, f per row), placed in padded rows
  const rng = createRng(o.seed);
  for (let u = 0; u < nS; u++) for (let a = 0; a < f; a++) X[u * n + a] = rng.next() * 0.01;
  for (let i = 0; i < nO; i++) for (let a = 0; a < f; a++) Y[i * n + a] = rng.next() * 0.01;
  new Int32Array(buf, pRowPtr, nS + 1).set(m.indptr);
  new Int32Array(buf, pRowIdx, nnz).set(m.indices);
  new Int32Array(buf, pColPtr, nO + 1).set(m.cscIndptr);
  new Int32Array(buf, pColIdx, nnz).set(m.cscIndices);
  const cu = new Float32Array(buf, pRowConf, nnz);
  for (let q = 0; q < nnz; q++) cu[q] = confidenceOf(m.data[q]!, o);
  const ci = new Float32Array(buf, pColConf, nnz);
  for (let q = 0; q < nnz; q++) ci[q] = confidenceOf(m.cscData[q]!, o);
  for (let it = 0; it < o.maxIter; it++) {
    throwIfAborted(run.signal, fn);
    k.gram(pY, nO, n, f, o.l2, pG);
    k.solve(pX, pY, 0, nS, n, f, pRowPtr, pRowIdx, pRowConf, o.cgSteps, pG, pR, pP, pAp);
    throwIfAborted(run.signal, fn);
    k.gram(pX, nS, n, f, o.l2, pG);
    k.solve(pY, pX, 0, nO, n, f, pColPtr, pColIdx, pColConf, o.cgSteps, pG, pR, pP, pAp);
    run.onProgress?.({ stage: 'iteration', done: it + 1, total: o.maxIter });
  }
  const userFactors = new Float64Array(nS * f);
  for (let u = 0; u < nS; u++) for (let a = 0; a < f; a++) userFactors[u * f + a] = X[u * n + a]!;
  const itemFactors = new Float64Array(nO * f);
  for (let i = 0; i < nO; i++) for (let a = 0; a < f; a++) itemFactors[i * f + a] = Y[i * n + a]!;
  return { userFactors, itemFactors };
}

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
import { compileEmbeddedWasm } from '../internal/wasm.js';
import type { InteractionMatrix } from './interaction-matrix.js';
import type { AlsResolvedOptions } from './model-schemas.js';
import { confidenceOf } from './als-shared.js';
import { WASM_BASE64 } from './als-wasm.generated.js';
import { WASM_THREADS_BASE64 } from './als-wasm-threads.generated.js';
import type { Pool } from '../internal/parallel/pool.js';
import { alsSetupPart, alsSolvePart, type AlsSolveJob } from '../internal/parallel/als.js';

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
let compiledThreads: WebAssembly.Module | null | undefined;

/** The compiled module, or null where WebAssembly SIMD is unavailable (decided once). */
function kernelModule(): WebAssembly.Module | null {
  if (compiled === undefined) compiled = compileEmbeddedWasm(WASM_BASE64);
  return compiled;
}

/** The shared-memory variant (same instructions, memory imported as shared), or null where threads are unsupported. */
function threadsModule(): WebAssembly.Module | null {
  if (compiledThreads === undefined) compiledThreads = compileEmbeddedWasm(WASM_THREADS_BASE64);
  return compiledThreads;
}

/** A shared memory of `pages` pages with the kernel instantiated on it, or undefined where that fails. */
function sharedInstance(pages: number): { k: AlsKernel; module: WebAssembly.Module; memory: WebAssembly.Memory } | undefined {
  const module = threadsModule();
  if (module === null) return undefined;
  try {
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
    const k = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as AlsKernel;
    return { k: { ...k, memory }, module, memory };
  } catch {
    return undefined;
  }
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
  pool?: Pool,
): { userFactors: Float64Array<ArrayBuffer>; itemFactors: Float64Array<ArrayBuffer> } | undefined {
  const mod = kernelModule();
  if (mod === null) return undefined;
  const parts = pool ? pool.threads + 1 : 1;
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
  // per part: r, p and ap (n floats each), consecutive
  const pR = block(3 * n * parts);
  const pP = pR + 4 * n;
  const pAp = pP + 4 * n;
  const pages = Math.ceil(at / PAGE);
  if (pages > 65_536) return undefined;
  // with threads: the shared-memory variant of the same module on one shared memory (else one thread)
  const sh = pool ? sharedInstance(pages) : undefined;
  let k: AlsKernel;
  if (sh) {
    k = sh.k;
    pool!.run(fn, 'als/setup', alsSetupPart, { module: sh.module, memory: sh.memory });
  } else {
    k = new WebAssembly.Instance(mod, {}).exports as unknown as AlsKernel;
    if (pages > 1) k.memory.grow(pages - 1);
  }
  const solve = (x: number, y: number, nRows: number, indptr: number, indices: number, conf: number): void => {
    if (!sh) {
      k.solve(x, y, 0, nRows, n, f, indptr, indices, conf, o.cgSteps, pG, pR, pP, pAp);
      return;
    }
    const job: AlsSolveJob = { x, y, nRows, n, f, indptr, indices, conf, steps: o.cgSteps, g: pG, scratch: pR };
    pool!.run(fn, 'als/solve', (j: AlsSolveJob, part, q) => alsSolvePart(k, j, part, q), job);
  };
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
    solve(pX, pY, nS, pRowPtr, pRowIdx, pRowConf);
    throwIfAborted(run.signal, fn);
    k.gram(pX, nS, n, f, o.l2, pG);
    solve(pY, pX, nO, pColPtr, pColIdx, pColConf);
    run.onProgress?.({ stage: 'iteration', done: it + 1, total: o.maxIter });
  }
  const userFactors = new Float64Array(nS * f);
  for (let u = 0; u < nS; u++) for (let a = 0; a < f; a++) userFactors[u * f + a] = X[u * n + a]!;
  const itemFactors = new Float64Array(nO * f);
  for (let i = 0; i < nO; i++) for (let a = 0; a < f; a++) itemFactors[i * f + a] = Y[i * n + a]!;
  return { userFactors, itemFactors };
}

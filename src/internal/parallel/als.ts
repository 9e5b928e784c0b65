/**
 * The row-parallel ALS half-step over the WebAssembly kernel (internal; src/recommend/als-wasm.ts
 * drives it). Every thread instantiates the same module (the shared-memory variant of als.wat) on
 * the same shared memory; a half-step's rows are cut into contiguous parts, each solved with its
 * own scratch vectors, while the Gram matrix YᵀY + λI is computed once by the caller. Rows are
 * independent, so the factors are the same, bit for bit, for any number of parts.
 */
import { partRange } from './pool.js';
import { alsRowsPart } from './als64.js';

/** The kernel's solve export (see src/recommend/als.wat). */
export interface AlsSolveKernel {
  solve(
    x: number, y: number, u0: number, u1: number, n: number, f: number,
    indptr: number, indices: number, conf: number, steps: number,
    g: number, r: number, p: number, ap: number,
  ): void;
}

/** One half-step: rows `0…nRows` of the factors at byte address `x`, solved against `y`. */
export interface AlsSolveJob {
  readonly x: number;
  readonly y: number;
  readonly nRows: number;
  /** Floats per factor row (factors rounded up to a multiple of 4). */
  readonly n: number;
  readonly f: number;
  readonly indptr: number;
  readonly indices: number;
  readonly conf: number;
  readonly steps: number;
  readonly g: number;
  /** Byte address of part 0's scratch (r, p, ap: three rows of n floats); part q's is `scratch + 12·n·q`. */
  readonly scratch: number;
}

/** Solves one part's rows with `kernel` (the caller's instance or a worker's). */
export function alsSolvePart(kernel: AlsSolveKernel, j: AlsSolveJob, part: number, parts: number): void {
  const [u0, u1] = partRange(j.nRows, part, parts);
  if (u0 === u1) return;
  const row = 4 * j.n;
  const r = j.scratch + 3 * row * part;
  kernel.solve(j.x, j.y, u0, u1, j.n, j.f, j.indptr, j.indices, j.conf, j.steps, j.g, r, r + row, r + 2 * row);
}

/** A worker's instance of the kernel on the fit's shared memory (set by the `als/setup` task). */
let instance: AlsSolveKernel | undefined;

/** Instantiates the module on the shared memory in this worker (part 0, the caller, has its own). */
export function alsSetupPart(args: { module: WebAssembly.Module; memory: WebAssembly.Memory }, part: number): void {
  if (part === 0) return;
  instance = new WebAssembly.Instance(args.module, { env: { memory: args.memory } }).exports as unknown as AlsSolveKernel;
}

/** A worker's part of a half-step, on the instance `als/setup` made. */
export function alsWorkerSolvePart(j: AlsSolveJob, part: number, parts: number): void {
  if (!instance) throw new Error('als/solve before als/setup');
  alsSolvePart(instance, j, part, parts);
}

/** The ALS tasks a worker thread answers. */
export const ALS_TASKS = {
  'als/setup': alsSetupPart,
  'als/solve': alsWorkerSolvePart,
  'als/rows64': alsRowsPart,
} as const;

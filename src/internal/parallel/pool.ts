/**
 * A small synchronous thread pool for the heavy kernels (the `workers` option; internal).
 *
 * A fit stays a synchronous function: the calling thread hands each worker thread one part of a
 * phase (a `postMessage` carrying typed-array views over `SharedArrayBuffer`s), runs part 0
 * itself with the same kernel function, then blocks in `Atomics.wait` until every worker has
 * counted itself done in a shared control word (the pattern of synckit / make-synchronous). So
 * `workers: 2` starts one extra thread, and the caller's own thread is the second.
 *
 * Threads come from `process.getBuiltinModule('node:worker_threads')` with `eval: true` where the
 * runtime has it (Node ≥ 20.16; a runtime lookup, not an import, so the core stays free of `node:`
 * imports), else from `globalThis.Worker` over a Blob URL (browsers' workers; Bun). Deno runs the
 * single-thread path for now (see {@link parallelSupported}). Their code is embedded: each kernel family has
 * its own bundled source string (./worker-source.generated.ts, built by scripts/build-workers.mjs),
 * so nothing is fetched at run time and a bundle carries only the families it uses.
 *
 * Where the calling thread may not block (a browser's main thread), where `SharedArrayBuffer` is
 * missing (no cross-origin isolation), where no worker constructor exists, or where the threads do
 * not answer within {@link START_TIMEOUT_MS}, {@link getPool} returns `undefined` and the caller
 * runs the single-thread path: the same kernels over the whole range, so the same results.
 *
 * Threads are created lazily, kept per (source, size) and reused across calls; in Node they are
 * `unref()`ed, so an idle pool never keeps a process alive.
 */
import { DataError, DimensionError, TelcoError } from '../../errors.js';
import { MAX_WORKERS } from '../../limits.js';

/** A kernel run on one part of a phase: `part` in [0, parts). Must be the function the worker registered under the task's name. */
export type PartKernel<A> = (args: A, part: number, parts: number) => void;

/** Control words: done counter, error claimed, error length. */
const DONE = 0;
const ERR = 1;
const ERR_LEN = 2;
/** Bytes kept of a worker's error message (name + message). */
const ERR_BYTES = 2048;
/** How long a new pool's threads may take to answer before the pool is given up (single-thread fallback). */
export const START_TIMEOUT_MS = 20_000;

interface Thread {
  post(message: unknown): void;
  terminate(): void;
}

/** A pool of `threads` worker threads for one kernel family. */
export interface Pool {
  /** Worker threads (the caller's thread comes on top: parts = threads + 1). */
  readonly threads: number;
  /**
   * Runs `task` on `parts` parts (at most threads + 1): part 0 on the calling thread with
   * `kernel`, the others on the workers (registered under `task`); returns when all are done.
   * A failure in any part is thrown here after every part has finished.
   */
  run<A>(fn: string, task: string, kernel: PartKernel<A>, args: A, parts?: number): void;
}

interface PoolState extends Pool {
  readonly ctrl: Int32Array;
  readonly err: Uint8Array;
  readonly list: Thread[];
}

const pools = new Map<string, PoolState>();
let forceFallback = false;
let support: boolean | undefined;

let testMinSize: number | undefined;

/**
 * Test hook: every size threshold below which a kernel stays on the calling thread becomes `n`
 * (`undefined`: the tuned defaults again), so tests reach every parallel path on small data. @internal
 */
export function setParallelMinSizeForTests(n: number | undefined): void {
  testMinSize = n;
}

/** The size from which a kernel uses the pool: `tuned`, or the test hook's value. */
export function minParallelSize(tuned: number): number {
  return testMinSize ?? tuned;
}

/**
 * Test hook: `true` makes every {@link getPool} return `undefined` (the single-thread fallback, as
 * where shared memory or workers are missing) until it is called with `false`. @internal
 */
export function setParallelFallbackForTests(on: boolean): void {
  forceFallback = on;
}

type WorkerLike = { postMessage(m: unknown): void; terminate(): unknown; unref?: () => void; on?: (ev: string, f: (e: unknown) => void) => void };
type WorkerCtor = new (src: string, opts: Record<string, unknown>) => WorkerLike;

interface RuntimeGlobals {
  Worker?: WorkerCtor;
  Blob?: typeof Blob;
  URL?: { createObjectURL?: (b: Blob) => string };
  SharedArrayBuffer?: typeof SharedArrayBuffer;
  Atomics?: typeof Atomics;
  navigator?: { hardwareConcurrency?: number };
  process?: { getBuiltinModule?: (id: string) => unknown };
}

const G = globalThis as unknown as RuntimeGlobals;

function builtin<T>(id: string): T | undefined {
  try {
    return G.process?.getBuiltinModule?.(id) as T | undefined;
  } catch {
    return undefined;
  }
}

/** True when this thread can share memory and block on it, and some worker constructor exists. */
export function parallelSupported(): boolean {
  if (support !== undefined) return support;
  support = false;
  // Deno: its worker_threads deliver messages to a thread only now and then while the caller
  // blocks (a phase took ~0.3 s; 10× slower than one thread), and its Web Workers cannot be
  // unref()ed (an idle pool kept the process alive): one thread there, until either changes
  if ((globalThis as { Deno?: unknown }).Deno !== undefined) return false;
  if (typeof G.SharedArrayBuffer !== 'function' || typeof G.Atomics?.wait !== 'function') return false;
  try {
    // throws on a browser's main thread, where blocking is not allowed
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
  } catch {
    return false;
  }
  const web = typeof G.Worker === 'function' && typeof G.Blob === 'function' && typeof G.URL?.createObjectURL === 'function';
  support = web || typeof builtin<{ Worker?: unknown }>('node:worker_threads')?.Worker === 'function';
  return support;
}

/** Logical processors: `navigator.hardwareConcurrency`, else Node's `os.availableParallelism()`, else 1. */
export function hardwareThreads(): number {
  const h = G.navigator?.hardwareConcurrency;
  if (typeof h === 'number' && h >= 1) return Math.floor(h);
  const os = builtin<{ availableParallelism?: () => number; cpus?: () => unknown[] }>('node:os');
  const a = os?.availableParallelism?.() ?? os?.cpus?.().length ?? 1;
  return Math.max(1, Math.floor(a));
}

/** The thread count a resolved `workers` option asks for: `'auto'` is {@link hardwareThreads}, capped at MAX_WORKERS. */
export function resolveWorkers(workers: number | 'auto'): number {
  return workers === 'auto' ? Math.min(MAX_WORKERS, hardwareThreads()) : workers;
}

function createThread(source: string): Thread {
  // worker_threads first where the runtime has them (Node): their threads can be unref()ed, so an
  // idle pool never keeps the process alive; Web Workers otherwise
  const wt = builtin<{ Worker?: WorkerCtor }>('node:worker_threads');
  if (typeof wt?.Worker === 'function') {
    const w = new wt.Worker(source, { eval: true });
    // an uncaught error in a worker must not take the process down; phases report their own errors
    w.on?.('error', () => undefined);
    w.unref?.();
    return { post: (m) => w.postMessage(m), terminate: () => void w.terminate() };
  }
  const url = G.URL!.createObjectURL!(new G.Blob!([source], { type: 'text/javascript' }));
  const w = new G.Worker!(url, { type: 'module' });
  return { post: (m) => w.postMessage(m), terminate: () => void w.terminate() };
}

function waitDone(ctrl: Int32Array, expected: number, timeoutMs: number): boolean {
  const until = timeoutMs === Infinity ? Infinity : Date.now() + timeoutMs;
  for (;;) {
    const d = Atomics.load(ctrl, DONE);
    if (d >= expected) return true;
    const left = until - Date.now();
    if (left <= 0) return false;
    Atomics.wait(ctrl, DONE, d, left === Infinity ? 1000 : Math.min(left, 1000));
  }
}

const ERROR_CLASSES: Record<string, (m: string) => TelcoError> = {
  DataError: (m) => new DataError(m),
  DimensionError: (m) => new DimensionError(m),
};

function readError(fn: string, err: Uint8Array, ctrl: Int32Array): TelcoError {
  const len = Math.min(Atomics.load(ctrl, ERR_LEN), ERR_BYTES);
  // copy out of shared memory first: TextDecoder refuses shared views
  const text = new TextDecoder().decode(Uint8Array.from(err.subarray(0, len)));
  const cut = text.indexOf('\n');
  const name = cut >= 0 ? text.slice(0, cut) : 'Error';
  const message = cut >= 0 ? text.slice(cut + 1) : text;
  const make = ERROR_CLASSES[name];
  return make ? make(message) : new DataError(`${fn}: a worker thread failed: ${name}: ${message}`);
}

function makePool(source: string, threads: number): PoolState | undefined {
  const ctrl = new Int32Array(new SharedArrayBuffer(16));
  const err = new Uint8Array(new SharedArrayBuffer(ERR_BYTES));
  const list: Thread[] = [];
  try {
    for (let t = 0; t < threads; t++) {
      const th = createThread(source);
      list.push(th);
      th.post({ init: ctrl, err });
    }
  } catch {
    for (const th of list) th.terminate();
    return undefined;
  }
  if (!waitDone(ctrl, threads, START_TIMEOUT_MS)) {
    for (const th of list) th.terminate();
    return undefined;
  }
  const pool: PoolState = {
    threads,
    ctrl,
    err,
    list,
    run<A>(fn: string, task: string, kernel: PartKernel<A>, args: A, parts = threads + 1): void {
      const used = Math.max(1, Math.min(parts, threads + 1));
      Atomics.store(ctrl, DONE, 0);
      Atomics.store(ctrl, ERR, 0);
      for (let w = 1; w < used; w++) list[w - 1]!.post({ task, args, part: w, parts: used });
      let own: unknown;
      let failed = false;
      try {
        kernel(args, 0, used);
      } catch (e) {
        own = e;
        failed = true;
      }
      waitDone(ctrl, used - 1, Infinity);
      if (failed) throw own;
      if (Atomics.load(ctrl, ERR) !== 0) throw readError(fn, err, ctrl);
    },
  };
  return pool;
}

/**
 * The pool of `workers − 1` threads running `source` (the calling thread is the last worker), or
 * `undefined` when `workers ≤ 1` or this runtime cannot run the pool (the caller then takes the
 * single-thread path).
 */
export function getPool(source: string, workers: number): Pool | undefined {
  if (workers <= 1 || forceFallback || !parallelSupported()) return undefined;
  const threads = workers - 1;
  const key = `${threads}:${source.length}:${source.slice(0, 64)}:${source.slice(-64)}`;
  let pool = pools.get(key);
  if (!pool) {
    pool = makePool(source, threads);
    if (!pool) return undefined;
    pools.set(key, pool);
  }
  return pool;
}

/** Rows `lo…hi` of part `part` of `parts` over `n` rows (contiguous, in order, sizes differing by at most one). */
export function partRange(n: number, part: number, parts: number): [number, number] {
  const q = Math.floor(n / parts);
  const r = n % parts;
  const lo = part * q + Math.min(part, r);
  return [lo, lo + q + (part < r ? 1 : 0)];
}

/** A Float64Array over fresh shared memory (or ordinary memory when there is no pool). */
export function sharedFloat64(n: number, shared: boolean): Float64Array {
  return shared ? new Float64Array(new SharedArrayBuffer(8 * n)) : new Float64Array(n);
}

/** A Float32Array over fresh shared memory (or ordinary memory when there is no pool). */
export function sharedFloat32(n: number, shared: boolean): Float32Array {
  return shared ? new Float32Array(new SharedArrayBuffer(4 * n)) : new Float32Array(n);
}

/** An Int32Array over fresh shared memory (or ordinary memory when there is no pool). */
export function sharedInt32(n: number, shared: boolean): Int32Array {
  return shared ? new Int32Array(new SharedArrayBuffer(4 * n)) : new Int32Array(n);
}

/** A copy of `a` in shared memory. */
export function toSharedFloat64(a: Float64Array): Float64Array {
  const s = new Float64Array(new SharedArrayBuffer(8 * a.length));
  s.set(a);
  return s;
}

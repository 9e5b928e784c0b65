/**
 * The public types of long-running work: the `onProgress` report and the options every long fit
 * accepts (docs/conventions.md "Long work"). A leaf module: it imports nothing, so every layer,
 * src/internal included, may use it.
 * @module
 */

/**
 * Progress report passed to `onProgress` callbacks.
 * @category Models
 */
export interface Progress {
  /** What is being done, e.g. `'iteration'`, `'tree'`. */
  readonly stage: string;
  /** Units done so far. */
  readonly done: number;
  /** Units in all (may be an upper bound, e.g. max iterations). */
  readonly total: number;
  /** Optional extra numbers (loss, inertia…). */
  readonly metrics?: Readonly<Record<string, number>>;
}

/**
 * Options every long-running fit accepts.
 * @category Models
 */
export interface LongRunOptions {
  /** Called after each unit of work. */
  onProgress?: (p: Progress) => void;
  /** Stops the work between units; the function then throws an `AbortError`. */
  signal?: AbortSignal;
}

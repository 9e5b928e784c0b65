/**
 * The worker-thread side of the pool (./pool.ts; internal): bundled with a kernel family's task
 * table into the embedded worker source. The first message hands over the shared control words;
 * each later message names a task, its arguments (views over shared memory) and the part to run.
 * When the part ends — or throws — the worker counts itself done and wakes the caller; a thrown
 * error's name and message are written to the shared error buffer (the first one wins).
 */
import type { PartKernel } from './pool.js';

/** Task name → kernel, as registered in a worker entry. */
export type TaskTable = Readonly<Record<string, PartKernel<never>>>;

interface Message {
  readonly init?: Int32Array;
  readonly err?: Uint8Array;
  readonly task?: string;
  readonly args?: unknown;
  readonly part?: number;
  readonly parts?: number;
}

interface ServeState {
  ctrl?: Int32Array;
  err?: Uint8Array;
}

function report(s: ServeState, e: unknown): void {
  const ctrl = s.ctrl!;
  if (Atomics.compareExchange(ctrl, 1, 0, 1) !== 0) return;
  const name = e instanceof Error ? e.name : 'Error';
  const message = e instanceof Error ? e.message : String(e);
  const bytes = new TextEncoder().encode(`${name}\n${message}`).subarray(0, s.err!.length);
  s.err!.set(bytes);
  Atomics.store(ctrl, 2, bytes.length);
}

/** Handles one message (exported for tests: the same function the worker runs). */
export function handleMessage(tasks: TaskTable, s: ServeState, m: Message): void {
  if (m.init) {
    s.ctrl = m.init;
    s.err = m.err;
  } else {
    try {
      const kernel = tasks[m.task!] as PartKernel<unknown> | undefined;
      if (!kernel) throw new Error(`unknown task ${String(m.task)}`);
      kernel(m.args, m.part!, m.parts!);
    } catch (e) {
      report(s, e);
    }
  }
  Atomics.add(s.ctrl!, 0, 1);
  Atomics.notify(s.ctrl!, 0);
}

/** Starts answering the pool's messages with `tasks` (Node worker_threads or a Web Worker). */
export function serve(tasks: TaskTable): void {
  const s: ServeState = {};
  const g = globalThis as unknown as {
    process?: { getBuiltinModule?: (id: string) => unknown };
    onmessage?: (e: { data: Message }) => void;
  };
  let port: { on(ev: 'message', f: (m: Message) => void): void } | null | undefined;
  try {
    port = (g.process?.getBuiltinModule?.('node:worker_threads') as { parentPort?: typeof port } | undefined)?.parentPort;
  } catch {
    port = undefined;
  }
  if (port) port.on('message', (m) => handleMessage(tasks, s, m));
  else g.onmessage = (e) => handleMessage(tasks, s, e.data);
}

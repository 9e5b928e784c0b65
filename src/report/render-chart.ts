/**
 * `renderChart`: a Vega-Lite spec → SVG text, with `vega` and `vega-lite` (optional peer
 * dependencies, loaded on first use). No canvas, no network: a spec that asks to load data from a
 * URL is refused.
 * @module
 */
import { DataError, DependencyError, OptionsError } from '../errors.js';

/** Options of {@link renderChart}. @category Report */
export interface RenderChartOptions {
  /** Scale factor of the SVG's width and height, in [0.25, 8] (default 1). */
  readonly scale?: number;
  /** Prefix of the SVG's element ids (clip paths, gradients), renumbered from 1 so output is deterministic (default `'tk'`). */
  readonly idPrefix?: string;
  /**
   * The `vega` and `vega-lite` modules to use, for bundlers and browsers where a dynamic
   * `import('vega')` cannot be resolved (default: imported on first use).
   */
  readonly modules?: { readonly vega: unknown; readonly vegaLite: unknown };
  /** Receives each warning of the Vega-Lite compiler and the Vega runtime (default: dropped). */
  readonly onWarning?: (message: string) => void;
}

/** The parts of `vega` and `vega-lite` used here (their own types stay out of telcokit's). */
interface VegaView {
  toSVG(scale?: number): Promise<string>;
  finalize(): void;
}
interface VegaModule {
  View: new (runtime: unknown, options: Record<string, unknown>) => VegaView;
  parse(spec: unknown, config?: unknown): unknown;
  loader(options?: unknown): Record<string, unknown>;
}
interface VegaLiteModule {
  compile(spec: unknown, options?: { logger?: unknown }): { spec: unknown };
}

let loaded: Promise<{ vega: VegaModule; vl: VegaLiteModule }> | undefined;

/** Imports vega and vega-lite once; a missing package is a DependencyError saying how to install it. */
export function loadVega(fn: string): Promise<{ vega: VegaModule; vl: VegaLiteModule }> {
  loaded ??= (async () => {
    const missing: string[] = [];
    const get = async (name: string): Promise<unknown> => {
      try {
        return await import(/* @vite-ignore */ name);
      } catch (e) {
        missing.push(name);
        return e;
      }
    };
    const [vega, vl] = await Promise.all([get('vega'), get('vega-lite')]);
    if (missing.length > 0) {
      throw new DependencyError(
        `${fn}: needs the optional peer dependenc${missing.length === 1 ? 'y' : 'ies'} ${missing.join(' and ')}; install with \`npm install vega vega-lite\``,
        missing,
        { cause: missing.includes('vega') ? vega : vl },
      );
    }
    return { vega: vega as VegaModule, vl: vl as VegaLiteModule };
  })();
  const p = loaded;
  p.catch(() => {
    if (loaded === p) loaded = undefined; // try again next time (the user may install it)
  });
  return p;
}

/** The first `url` of a `data` object anywhere in the spec (depth-capped: specs are shallow). */
function findDataUrl(x: unknown, depth: number): string | undefined {
  if (depth > 64 || x === null || typeof x !== 'object') return undefined;
  if (Array.isArray(x)) {
    for (const v of x) {
      const u = findDataUrl(v, depth + 1);
      if (u !== undefined) return u;
    }
    return undefined;
  }
  for (const [k, v] of Object.entries(x)) {
    if (k === 'data' && v !== null && typeof v === 'object' && 'url' in v) return String((v as { url: unknown }).url);
    if (k === 'values') continue; // inline rows hold no specs
    const u = findDataUrl(v, depth + 1);
    if (u !== undefined) return u;
  }
  return undefined;
}

/**
 * Vega numbers clip paths and gradients with process-wide counters, so the same chart gets other
 * ids on a second render: give them `${prefix}1`, `${prefix}2`, … in order of appearance.
 */
function renumberIds(svg: string, prefix: string): string {
  const ids = new Map<string, string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) if (!ids.has(m[1]!)) ids.set(m[1]!, `${prefix}${ids.size + 1}`);
  if (ids.size === 0) return svg;
  return svg.replace(/(\sid="|url\(#|href="#)([^")]+)/g, (all, head: string, id: string) => (ids.has(id) ? head + ids.get(id)! : all));
}

/** A logger for vega-lite's compiler and vega's view: errors throw, warnings go to `onWarning`. */
function logger(fn: string, onWarning: ((m: string) => void) | undefined): Record<string, unknown> {
  let level = 2;
  const text = (args: unknown[]) => args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ');
  const self: Record<string, unknown> = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return self;
    },
    error(...args: unknown[]) {
      throw new DataError(`${fn}: ${text(args)}`);
    },
    warn(...args: unknown[]) {
      onWarning?.(text(args));
      return self;
    },
    info: () => self,
    debug: () => self,
  };
  return self;
}

/**
 * Renders a Vega-Lite v6 spec (such as any chart function's result) to standalone SVG text with
 * Vega's headless SVG renderer: Vega-Lite compiles the spec to Vega, a View renders it without a
 * canvas (text widths are estimated), and no data is fetched (inline `data.values` only).
 *
 * @param spec - a Vega-Lite spec, e.g. `rocChart(rocCurve(labels, scores))`
 * @param options - `scale` (1), `idPrefix` ('tk'), `modules` ({ vega, vegaLite } given explicitly), `onWarning`
 * @returns SVG text, `<svg …>…</svg>`
 * @throws DependencyError when `vega` or `vega-lite` is not installed (the message says `npm install vega vega-lite`); DataError when the spec does not compile or asks to load data; OptionsError for a bad `scale`
 * @example
 * const svg = await renderChart(tagCountsChart({ heavy_data: 120 }));
 * svg.startsWith('<svg') // => true
 * @category Report
 */
export async function renderChart(spec: object, options: RenderChartOptions = {}): Promise<string> {
  const fn = 'renderChart';
  const scale = options.scale ?? 1;
  if (typeof scale !== 'number' || !(scale >= 0.25 && scale <= 8)) throw new OptionsError(`${fn}: scale must be in [0.25, 8], got ${String(scale)}`, 'scale');
  if (options.onWarning !== undefined && typeof options.onWarning !== 'function') throw new OptionsError(`${fn}: onWarning must be a function`, 'onWarning');
  const idPrefix = options.idPrefix ?? 'tk';
  if (typeof idPrefix !== 'string' || !/^[A-Za-z][\w-]{0,40}$/.test(idPrefix)) throw new OptionsError(`${fn}: idPrefix must be a letter followed by up to 40 letters, digits, _ or -`, 'idPrefix');
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) throw new DataError(`${fn}: expected a Vega-Lite spec object`);
  const url = findDataUrl(spec, 0);
  if (url !== undefined) throw new DataError(`${fn}: the spec asks to load '${url}'; only inline data is rendered (no network)`);
  const mods = options.modules;
  if (mods !== undefined && (mods === null || typeof mods !== 'object' || !mods.vega || !mods.vegaLite)) {
    throw new OptionsError(`${fn}: modules must be { vega, vegaLite }`, 'modules');
  }
  const { vega, vl } = mods ? { vega: mods.vega as VegaModule, vl: mods.vegaLite as VegaLiteModule } : await loadVega(fn);
  const log = logger(fn, options.onWarning);
  let compiled: unknown;
  try {
    // a copy: vega tags every inline data row it ingests (Symbol(vega_id)), which would mutate the caller's spec
    compiled = vl.compile(structuredClone(spec), { logger: log }).spec;
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw new DataError(`${fn}: the spec does not compile (${(e as Error).message})`);
  }
  const loader = vega.loader();
  const refuse = (uri: unknown) => Promise.reject(new DataError(`${fn}: the spec asks to load '${String(uri)}'; only inline data is rendered (no network)`));
  loader.load = refuse;
  loader.sanitize = refuse;
  let view: VegaView;
  try {
    view = new vega.View(vega.parse(compiled), { renderer: 'none', loader, logger: log });
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw new DataError(`${fn}: the spec does not parse as Vega (${(e as Error).message})`);
  }
  try {
    return renumberIds(await view.toSVG(scale), idPrefix);
  } finally {
    view.finalize();
  }
}

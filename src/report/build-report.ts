/**
 * `buildReport`: sections of text, charts and tables → one self-contained HTML page.
 * @module
 */
import { DataError, OptionsError } from '../errors.js';
import type { ChartColumn, ChartRow, ChartSpec } from '../plot/chart-spec.js';
import { renderChart } from './render-chart.js';

/** A table in a report section. @category Report */
export interface ReportTable {
  readonly caption?: string;
  readonly columns: readonly ChartColumn[];
  readonly rows: readonly ChartRow[];
}

/** One section of a report. @category Report */
export interface ReportSection {
  /** Heading (required, non-empty). */
  readonly title: string;
  /** Paragraphs of plain text (escaped; blank lines separate paragraphs). */
  readonly text?: string;
  /** Charts, e.g. `rocChart(…)`: each is drawn as inline SVG with its data as a table for screen readers. */
  readonly charts?: readonly ChartSpec[];
  /** Tables shown as they are. */
  readonly tables?: readonly ReportTable[];
}

/** Options of {@link buildReport}. @category Report */
export interface BuildReportOptions {
  /** Page title and heading (default `'telcokit report'`). */
  readonly title?: string;
  /** A line under the heading, e.g. the data and date the report describes (no clock is read). */
  readonly subtitle?: string;
  /** Rows of each chart's data table, evenly spaced when there are more: an integer in [1, 500] (default 25). */
  readonly maxTableRows?: number;
  /** `lang` of the page (default `'en'`). */
  readonly lang?: string;
  /** Receives rendering warnings (see `renderChart`). */
  readonly onWarning?: (message: string) => void;
}

const MAX_SECTIONS = 200;
const MAX_CHARTS = 500;

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function cell(v: ChartRow[string]): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return v.toLocaleString('en-US');
    return Number(v.toPrecision(4)).toString();
  }
  return String(v);
}

/** Evenly spaced row indices: all when n ≤ max, else max indices from 0 to n − 1. */
function sample(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  if (max === 1) return [0];
  return Array.from({ length: max }, (_, i) => Math.round((i * (n - 1)) / (max - 1)));
}

function tableHtml(t: ReportTable, max: number, className: string, extraCaption = ''): string {
  const idx = sample(t.rows.length, max);
  const shown = idx.length < t.rows.length ? ` (${idx.length} of ${t.rows.length} rows, evenly spaced)` : '';
  const head = t.columns.map((c) => `<th scope="col">${escapeHtml(c.title)}</th>`).join('');
  const body = idx
    .map((i) => `<tr>${t.columns.map((c) => `<td>${escapeHtml(cell(t.rows[i]![c.field] ?? null))}</td>`).join('')}</tr>`)
    .join('\n');
  const caption = `${t.caption ?? ''}${extraCaption}${shown}`;
  return `<table class="${className}">${caption ? `<caption>${escapeHtml(caption)}</caption>` : ''}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function paragraphs(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join('\n');
}

const CSS = `
:root { color-scheme: light; --ink: #1a1a1a; --muted: #555; --rule: #ddd; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 24px 32px 64px; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--ink); background: #fff; }
h1 { font-size: 26px; margin: 0 0 4px; }
header p { color: var(--muted); margin: 0 0 16px; }
nav ol { columns: 2; padding-left: 20px; margin: 0 0 24px; }
nav a { color: #0072B2; }
section { border-top: 1px solid var(--rule); padding-top: 12px; margin-top: 24px; }
h2 { font-size: 20px; margin: 0 0 8px; }
figure { display: inline-block; vertical-align: top; max-width: 100%; margin: 16px 32px 16px 0; page-break-inside: avoid; break-inside: avoid; }
figure .chart svg { max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 13px; max-width: 60ch; }
table { border-collapse: collapse; font-size: 13px; margin: 12px 0; }
th, td { border-bottom: 1px solid var(--rule); padding: 3px 10px; text-align: left; vertical-align: top; }
th { background: #f5f5f5; }
td { font-variant-numeric: tabular-nums; }
caption { text-align: left; color: var(--muted); padding-bottom: 4px; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  nav { display: none; }
  section { page-break-before: auto; }
  h2 { page-break-after: avoid; break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
`.trim();

/**
 * Builds one self-contained HTML page from sections of text, charts and tables: every chart is
 * rendered to inline SVG with {@link renderChart} (labelled by its description for assistive
 * technology) and followed by its data as a visually hidden table for screen readers; the CSS is
 * inline, the page has no scripts and makes no requests, and it prints to PDF from the browser.
 *
 * @param sections - the report's sections, in order (at most 200; each needs a title)
 * @param options - `title`, `subtitle`, `maxTableRows` (25), `lang` ('en'), `onWarning`
 * @returns the HTML text of the page
 * @throws DataError for no sections, a section without a title, or a chart that does not render; DependencyError when `vega`/`vega-lite` are missing; OptionsError for bad options
 * @example
 * const html = await buildReport([{ title: 'Tags', charts: [tagCountsChart({ heavy_data: 120 })] }]);
 * html.includes('<script') // => false
 * @category Report
 */
export async function buildReport(sections: readonly ReportSection[], options: BuildReportOptions = {}): Promise<string> {
  const fn = 'buildReport';
  if (options === null || typeof options !== 'object') throw new OptionsError(`${fn}: options must be an object`, 'options');
  const known = ['title', 'subtitle', 'maxTableRows', 'lang', 'onWarning'];
  for (const k of Object.keys(options)) if (!known.includes(k)) throw new OptionsError(`${fn}: unknown option '${k}'`, k);
  const title = options.title ?? 'telcokit report';
  if (typeof title !== 'string' || title.trim() === '') throw new OptionsError(`${fn}: title must be a non-empty string`, 'title');
  if (options.subtitle !== undefined && typeof options.subtitle !== 'string') throw new OptionsError(`${fn}: subtitle must be a string`, 'subtitle');
  const maxRows = options.maxTableRows ?? 25;
  if (typeof maxRows !== 'number' || !Number.isInteger(maxRows) || maxRows < 1 || maxRows > 500) {
    throw new OptionsError(`${fn}: maxTableRows must be an integer in [1, 500], got ${String(maxRows)}`, 'maxTableRows');
  }
  const lang = options.lang ?? 'en';
  if (typeof lang !== 'string' || !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(lang)) throw new OptionsError(`${fn}: lang must be a language tag such as 'en' or 'zh-CN'`, 'lang');
  if (!Array.isArray(sections)) throw new DataError(`${fn}: expected an array of sections`);
  if (sections.length === 0) throw new DataError(`${fn}: no sections; expected at least one`);
  if (sections.length > MAX_SECTIONS) throw new DataError(`${fn}: ${sections.length} sections; at most ${MAX_SECTIONS}`);
  let nCharts = 0;
  sections.forEach((s, i) => {
    if (s === null || typeof s !== 'object') throw new DataError(`${fn}: sections[${i}] is not an object`);
    if (typeof s.title !== 'string' || s.title.trim() === '') throw new DataError(`${fn}: sections[${i}] has no title; every section needs a heading`);
    if (s.text !== undefined && typeof s.text !== 'string') throw new DataError(`${fn}: sections[${i}].text must be a string`);
    if (s.charts !== undefined && !Array.isArray(s.charts)) throw new DataError(`${fn}: sections[${i}].charts must be an array`);
    if (s.tables !== undefined && !Array.isArray(s.tables)) throw new DataError(`${fn}: sections[${i}].tables must be an array`);
    nCharts += s.charts?.length ?? 0;
  });
  if (nCharts > MAX_CHARTS) throw new DataError(`${fn}: ${nCharts} charts; at most ${MAX_CHARTS}`);

  const parts: string[] = [];
  let chartNo = 0;
  for (const [i, s] of sections.entries()) {
    const body: string[] = [`<section id="section-${i + 1}" aria-labelledby="h-${i + 1}">`, `<h2 id="h-${i + 1}">${escapeHtml(s.title)}</h2>`];
    if (s.text) body.push(paragraphs(s.text));
    for (const [j, spec] of (s.charts ?? []).entries()) {
      chartNo++;
      const meta = (spec as Partial<ChartSpec>).usermeta?.telcokit;
      const values = (spec as Partial<ChartSpec>).data?.values;
      let svg: string;
      try {
        svg = await renderChart(spec, { onWarning: options.onWarning, idPrefix: `c${chartNo}-` });
      } catch (e) {
        if (e instanceof DataError) throw new DataError(`${fn}: sections[${i}].charts[${j}]: ${e.message}`);
        throw e;
      }
      const chartTitle = typeof spec.title === 'object' && spec.title !== null ? spec.title.text : String(spec.title ?? `Chart ${chartNo}`);
      const description = typeof spec.description === 'string' ? spec.description : '';
      const notes = meta?.notes ?? [];
      const captionId = `chart-${chartNo}-caption`;
      svg = svg.replace(/^<svg /, `<svg role="img" aria-labelledby="${captionId}" `);
      const columns: ChartColumn[] = meta?.columns ? [...meta.columns] : Array.isArray(values) && values[0] ? Object.keys(values[0]).map((f) => ({ field: f, title: f })) : [];
      const table = Array.isArray(values) && columns.length > 0 ? tableHtml({ columns, rows: values }, maxRows, 'sr-only', `Data of the chart “${chartTitle}”`) : '';
      body.push(
        `<figure class="chart-figure" data-chart="${escapeHtml(meta?.chart ?? 'chart')}">`,
        `<div class="chart">${svg}</div>`,
        `<figcaption id="${captionId}"><strong>${escapeHtml(/[.?!]$/.test(chartTitle) ? chartTitle : `${chartTitle}.`)}</strong> ${escapeHtml(description)}${notes.length ? ` ${escapeHtml(notes.map((n) => `Note: ${n}.`).join(' '))}` : ''}</figcaption>`,
        table,
        '</figure>',
      );
    }
    for (const t of s.tables ?? []) body.push(tableHtml(t, 500, 'data'));
    body.push('</section>');
    parts.push(body.join('\n'));
  }
  const toc = sections.map((s, i) => `<li><a href="#section-${i + 1}">${escapeHtml(s.title)}</a></li>`).join('');
  return [
    '<!doctype html>',
    `<html lang="${lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>\n${CSS}\n</style>`,
    '</head>',
    '<body>',
    `<header><h1>${escapeHtml(title)}</h1>${options.subtitle ? `<p>${escapeHtml(options.subtitle)}</p>` : ''}</header>`,
    `<nav aria-label="Contents"><ol>${toc}</ol></nav>`,
    '<main>',
    ...parts,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

import { describe, expect, test, vi } from 'vitest';
import { DataError, DependencyError, OptionsError, tagCountsChart } from 'telcokit';
import { buildReport, renderChart } from 'telcokit/report';
import { chartFixtures } from '../plot/fixtures';

/** Items drawn by mark groups (not axes, legends or titles) in vega's SVG. */
function markItems(svg: string): number {
  let n = 0;
  for (const m of svg.matchAll(/<g class="mark-(\w+) role-mark[^"]*"[^>]*>([\s\S]*?)<\/g>/g)) {
    if (m[1] === 'group') continue;
    n += (m[2]!.match(/<(path|line|rect|text|circle)\b/g) ?? []).length;
  }
  return n;
}

describe('renderChart', () => {
  test.each(Object.keys(chartFixtures))('renderChart(%s(fixture)) gives SVG with marks and no warnings', async (name) => {
    const warnings: string[] = [];
    const svg = await renderChart(chartFixtures[name]!(), { onWarning: (m) => warnings.push(m) });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
    expect(markItems(svg)).toBeGreaterThan(0);
    expect(svg).not.toMatch(/<script|<foreignObject|href="http/);
    expect(warnings).toEqual([]);
  });

  test('renderChart draws one bar per tag', async () => {
    const svg = await renderChart(tagCountsChart({ a: 1, b: 2, c: 3 }));
    const bars = /<g class="mark-rect role-mark[^>]*>([\s\S]*?)<\/g>/.exec(svg)![1]!;
    expect(bars.match(/<path/g)).toHaveLength(3);
  });

  test('renderChart is deterministic: the same spec gives the same SVG', async () => {
    const spec = chartFixtures.rocChart!();
    expect(await renderChart(spec)).toBe(await renderChart(spec));
  });

  test('renderChart(spec, { scale: 2 }) doubles the size', async () => {
    const spec = tagCountsChart({ a: 1 }, { width: 100, height: 50 });
    const w = (svg: string) => Number(/width="(\d+(?:\.\d+)?)"/.exec(svg)![1]);
    expect(w(await renderChart(spec, { scale: 2 }))).toBe(2 * w(await renderChart(spec)));
  });

  test('renderChart refuses a spec that loads data from a URL (no network)', async () => {
    const spec = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', data: { url: 'https://example.invalid/data.csv' }, mark: 'point' };
    await expect(renderChart(spec)).rejects.toThrow(/renderChart: the spec asks to load 'https:\/\/example\.invalid\/data\.csv'; only inline data/);
  });

  test('renderChart rejects a spec that does not compile and bad options', async () => {
    await expect(renderChart({ mark: 'no-such-mark', data: { values: [] } })).rejects.toThrow(DataError);
    await expect(renderChart(null as never)).rejects.toThrow(/renderChart: expected a Vega-Lite spec object/);
    await expect(renderChart(tagCountsChart({ a: 1 }), { scale: 100 })).rejects.toThrow(OptionsError);
  });
});

describe('renderChart with the modules given', () => {
  test('renderChart(spec, { modules }) uses the given vega and vega-lite', async () => {
    const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
    const spec = tagCountsChart({ a: 1, b: 2 });
    expect(await renderChart(spec, { modules: { vega, vegaLite } })).toBe(await renderChart(spec));
    await expect(renderChart(spec, { modules: { vega } as never })).rejects.toThrow(OptionsError);
  });
});

describe('renderChart without vega installed', () => {
  test('throws a DependencyError saying how to install it', async () => {
    vi.resetModules();
    vi.doMock('vega', () => {
      throw new Error("Cannot find package 'vega'");
    });
    try {
      const fresh = await import('../../src/report/index.js');
      const err = await fresh.renderChart(tagCountsChart({ a: 1 })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DependencyError);
      expect((err as DependencyError).message).toBe('renderChart: needs the optional peer dependency vega; install with `npm install vega vega-lite`');
      expect((err as DependencyError).packages).toEqual(['vega']);
    } finally {
      vi.doUnmock('vega');
      vi.resetModules();
    }
  });
});

describe('buildReport', () => {
  const sections = () => [
    { title: 'Churn model', text: 'Held-out quarter.\n\nSecond paragraph <b>escaped</b>.', charts: [chartFixtures.rocChart!(), chartFixtures.gainsChart!()] },
    { title: 'Everything else', charts: Object.keys(chartFixtures).filter((n) => n !== 'rocChart' && n !== 'gainsChart').map((n) => chartFixtures[n]!()) },
    { title: 'Watchlist', tables: [{ caption: 'Top subscribers', columns: [{ field: 'id', title: 'Subscriber' }], rows: [{ id: 'S1' }, { id: 'S2' }] }] },
  ];

  test('buildReport(sections) is one self-contained page: inline SVG and CSS, no scripts, no external references', async () => {
    const html = await buildReport(sections(), { title: 'Demo operator', subtitle: 'Synthetic data, seed 7' });
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.match(/<svg /g)).toHaveLength(Object.keys(chartFixtures).length);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\bsrc=|@import|url\([^#]/i);
    // every href is an in-page anchor
    for (const m of html.matchAll(/href="([^"]*)"/g)) expect(m[1]!.startsWith('#')).toBe(true);
    expect(html).toContain('<title>Demo operator</title>');
    expect(html).toContain('<p>Second paragraph &lt;b&gt;escaped&lt;/b&gt;.</p>');
  });

  test('buildReport gives each chart its data as a table for screen readers and labels the SVG', async () => {
    const html = await buildReport([{ title: 'Tags', charts: [tagCountsChart({ heavy_data: 120, churn_risk: 35 })] }]);
    expect(html).toContain('<table class="sr-only"><caption>Data of the chart “Subscribers per tag”</caption><thead><tr><th scope="col">Tag</th><th scope="col">Subscribers (count)</th></tr></thead>');
    expect(html).toContain('<tr><td>heavy_data</td><td>120</td></tr>');
    expect(html).toMatch(/<svg role="img" aria-labelledby="chart-1-caption" /);
    expect(html).toContain('<figcaption id="chart-1-caption"><strong>Subscribers per tag.</strong> Number of subscribers carrying each tag.</figcaption>');
  });

  test('buildReport samples long chart data evenly and says so', async () => {
    const n = 101;
    const { rocChart } = await import('telcokit');
    const fpr = Array.from({ length: n }, (_, i) => i / (n - 1));
    const html = await buildReport([{ title: 'ROC', charts: [rocChart({ fpr, tpr: fpr })] }], { maxTableRows: 5 });
    expect(html).toContain('(5 of 101 rows, evenly spaced)');
    expect(html.match(/<tr><td>model<\/td>/g)).toHaveLength(5);
  });

  test('buildReport is deterministic', async () => {
    expect(await buildReport(sections())).toBe(await buildReport(sections()));
  });

  test('buildReport rejects a section without a title, no sections, and bad options', async () => {
    await expect(buildReport([{ title: 'ok' }, { charts: [] } as never])).rejects.toThrow(new DataError('buildReport: sections[1] has no title; every section needs a heading'));
    await expect(buildReport([{ title: '  ' }])).rejects.toThrow(/sections\[0\] has no title/);
    await expect(buildReport([])).rejects.toThrow(/buildReport: no sections/);
    await expect(buildReport([{ title: 'a' }], { maxTableRows: 0 })).rejects.toThrow(OptionsError);
    await expect(buildReport([{ title: 'a' }], { lang: '"><script>' })).rejects.toThrow(OptionsError);
    await expect(buildReport([{ title: 'a' }], { theme: 'dark' } as never)).rejects.toThrow(/unknown option 'theme'/);
  });

  test('buildReport names the section and chart that failed to render', async () => {
    const bad = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', data: { url: 'x.csv' }, mark: 'point' } as never;
    await expect(buildReport([{ title: 'a', charts: [bad] }])).rejects.toThrow(/^buildReport: sections\[0\]\.charts\[0\]: renderChart: the spec asks to load/);
  });

  test('buildReport does not mutate frozen sections', async () => {
    const s = Object.freeze([Object.freeze({ title: 'Tags', charts: Object.freeze([Object.freeze(tagCountsChart({ a: 1 }))]) })]);
    await expect(buildReport(s)).resolves.toContain('<h2 id="h-1">Tags</h2>');
  });
});

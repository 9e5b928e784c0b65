/**
 * The report in a real browser: Debian's chromium driven by playwright-core, network off.
 * Skips (with the reason in the test name) when /usr/bin/chromium is missing; .ci/run installs it.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildReport, renderChart } from 'telcokit/report';
import { chartFixtures } from '../plot/fixtures';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const repo = fileURLToPath(new URL('../../', import.meta.url));
const outDir = join(repo, 'out');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const why = hasChromium ? '' : ` — SKIPPED: ${CHROMIUM} not found (apt-get install -y chromium; .ci/run does this)`;
if (!hasChromium) console.warn(`tests/report/browser.test.ts skipped: ${CHROMIUM} not found; install it with \`apt-get update && apt-get install -y chromium\``);

/** Counts the items drawn by mark groups (not axes, legends or titles) in every svg under `root`. */
const COUNT_MARKS = (root: string) =>
  `Array.from(document.querySelectorAll(${JSON.stringify(root)})).map((svg) => svg.querySelectorAll('g.role-mark:not(.mark-group) > *').length)`;

describe.skipIf(!hasChromium)(`the report in headless Chromium${why}`, () => {
  let profile: string;
  let close: () => Promise<void>;
  let context: import('playwright-core').BrowserContext;
  let server: Server;
  let base: string;
  const specs = Object.keys(chartFixtures).map((n) => chartFixtures[n]!());

  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    profile = mkdtempSync(join(tmpdir(), 'telcokit-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS });
    close = () => context.close();
    // vega, vega-lite and vega-embed from node_modules on a loopback server (the only origin allowed)
    const files: Record<string, string> = {
      '/vega.js': join(repo, 'node_modules/vega/build/vega.min.js'),
      '/vega-lite.js': join(repo, 'node_modules/vega-lite/build/vega-lite.min.js'),
      '/vega-embed.js': join(repo, 'node_modules/vega-embed/build/vega-embed.min.js'),
    };
    server = createServer((req, res) => {
      const f = files[req.url ?? ''];
      if (req.url === '/embed.html') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(embedPage);
      } else if (f) {
        res.writeHead(200, { 'content-type': 'text/javascript' });
        res.end(readFileSync(f));
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 60_000);

  afterAll(async () => {
    await close?.();
    await new Promise((ok) => server?.close(ok));
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  let embedPage = '';

  test('the report renders every chart with marks, with the network off: no requests, no console errors', async () => {
    const html = await buildReport(
      Object.keys(chartFixtures).map((n, i) => ({ title: n, text: `Chart ${i + 1}.`, charts: [specs[i]!] })),
      { title: 'telcokit charts', subtitle: 'one fixture per chart function' },
    );
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'browser-report.html'), html);
    const page = await context.newPage();
    const requests: string[] = [];
    const problems: string[] = [];
    await page.route('**/*', (route) => {
      requests.push(route.request().url());
      return route.abort();
    });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()}`));
    await page.setViewportSize({ width: 1200, height: 900 });
    await page.setContent(html, { waitUntil: 'load' });
    const counts = (await page.evaluate(COUNT_MARKS('figure .chart > svg'))) as number[];
    expect(counts).toHaveLength(specs.length);
    expect(counts.filter((c) => c === 0)).toEqual([]);
    // the SVG is laid out: each chart has a visible size
    const sizes = (await page.evaluate(`Array.from(document.querySelectorAll('figure .chart > svg')).map((s) => { const r = s.getBoundingClientRect(); return r.width * r.height; })`)) as number[];
    expect(sizes.every((a) => a > 1000)).toBe(true);
    await page.screenshot({ path: join(outDir, 'report-screenshot.png'), fullPage: true });
    expect(requests).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  test('a spec embedded live with vega-embed draws as many marks as renderChart’s SVG', async () => {
    const spec = chartFixtures.rocChart!();
    const svg = await renderChart(spec);
    embedPage = `<!doctype html><html><head><meta charset="utf-8"><script src="/vega.js"></script><script src="/vega-lite.js"></script><script src="/vega-embed.js"></script></head>
<body><div id="vis"></div><script>
vegaEmbed('#vis', ${JSON.stringify(spec).replace(/</g, '\\u003c')}, { renderer: 'svg', actions: false })
  .then(() => { document.body.dataset.done = 'yes'; }, (e) => { document.body.dataset.done = 'error: ' + e.message; });
</script></body></html>`;
    const page = await context.newPage();
    const foreign: string[] = [];
    const problems: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`${base}/`)) return route.continue();
      foreign.push(url);
      return route.abort();
    });
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${base}/embed.html`);
    await page.waitForSelector('body[data-done]');
    expect(await page.getAttribute('body', 'data-done')).toBe('yes');
    const live = (await page.evaluate(COUNT_MARKS('#vis svg'))) as number[];
    await page.setContent(`<div id="static">${svg}</div>`);
    const rendered = (await page.evaluate(COUNT_MARKS('#static svg'))) as number[];
    expect(live).toHaveLength(1);
    expect(live[0]).toBeGreaterThan(0);
    expect(live).toEqual(rendered);
    expect(foreign).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});

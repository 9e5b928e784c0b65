// Loads an ES module bundle in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core, network off) and prints what its exported `fingerprint()` returns, as JSON.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';

const bundle = readFileSync(process.argv[2], 'utf8');
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
}); // playwright gives each launch a fresh temporary profile
try {
  const page = await browser.newPage();
  await page.route('**/*', (route) => (route.request().url() === 'http://127.0.0.1/' ? route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>t</title>' }) : route.abort()));
  await page.goto('http://127.0.0.1/');
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const out = await page.evaluate(async (code) => {
    const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
    const m = await import(url);
    return JSON.stringify(await m.fingerprint());
  }, bundle);
  if (errors.length) throw new Error(errors.join('\n'));
  console.log(out);
} finally {
  await browser.close();
}

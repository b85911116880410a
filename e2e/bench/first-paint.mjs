// Benchmark: first paint of the landing page and time until the IDE is usable,
// over loopback, in Debian's Chromium. Prints figures only.
// Usage: node e2e/bench/first-paint.mjs http://127.0.0.1:PORT [runs]
import { chromium } from 'playwright';

const [base = 'http://127.0.0.1:4000', runsText = '10'] = process.argv.slice(2);
const runs = Number(runsText);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)];
const paints = [];
const ready = [];
try {
  for (let i = 0; i < runs; i++) {
    // A fresh context each time: nothing cached, as for a first visit.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(base, { waitUntil: 'load' });
    await page.getByTestId('start-blank').waitFor();
    paints.push(await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN));
    // From the click to a terminal that answers: what a learner waits for.
    const started = Date.now();
    await page.getByTestId('start-blank').click();
    await page.getByTestId('connection-status').filter({ hasText: 'connected' }).waitFor({ timeout: 60_000 });
    await page.locator('[data-testid="terminal"] .xterm-rows').filter({ hasText: '$' }).waitFor({ timeout: 60_000 });
    ready.push(Date.now() - started);
    // End the session through the API, as the learner's token allows.
    await page.evaluate(async () => {
      const { id, token } = JSON.parse(localStorage.getItem('dockyard.session') ?? '{}');
      await fetch(`/api/sessions/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    });
    await context.close();
  }
} finally {
  await browser.close();
}
const row = (name, v) => console.log(`${name.padEnd(44)}${percentile(v, 50).toFixed(0).padStart(6)}  ${percentile(v, 95).toFixed(0).padStart(6)}`);
console.log(`\nWeb, ${runs} fresh visits over loopback (ms)          p50     p95`);
row('landing page first contentful paint', paints);
row('"Blank playground" click to a live shell', ready);

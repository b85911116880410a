// Benchmark: a class arriving at once. N sessions requested at the same
// moment from a server whose warm pool (default size) is full: time until
// every one is ready, each request's own time, then ending them all.
// Usage: node dist/bench/burst.js   (BENCH_BURST=30)
import type { CreateSessionResponse } from '../protocol.js';
import { benchConfig, createSession, endSession, setting, startServer } from './harness.js';
import { ms, percentile, printTable } from './stats.js';

const burst = setting('BENCH_BURST', 30);

async function main(): Promise<void> {
  const server = await startServer(benchConfig({ DOCKYARD_POOL_SIZE: 'auto' }));
  const created: CreateSessionResponse[] = [];
  try {
    await server.app.pool.waitUntilReady();
    const started = performance.now();
    const results = await Promise.allSettled(
      Array.from({ length: burst }, async () => {
        const session = await createSession(server.base);
        created.push(session);
        return performance.now() - started;
      }),
    );
    const all = performance.now() - started;
    const times = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
    const ending = performance.now();
    await Promise.all(created.splice(0).map((s) => endSession(server.base, s)));
    const ended = performance.now() - ending;
    printTable(
      `Burst: ${burst} sessions requested at once, warm pool of ${server.config.pool.size} full (ms)`,
      ['', 'ms'],
      [
        ['all ready', ms(all)],
        ['one session ready, p50', ms(percentile(times, 50))],
        ['one session ready, p95', ms(percentile(times, 95))],
        ['fastest (from the pool)', ms(Math.min(...times))],
        ['all ended (DELETE, at once)', ms(ended)],
      ],
      failures.length ? [`${failures.length} of ${burst} failed; first: ${failures[0]}`] : [],
    );
  } finally {
    await Promise.all(created.map((s) => endSession(server.base, s).catch(() => {})));
    await server.close();
  }
}

await main();

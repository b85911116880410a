// Benchmark: how long until a session is ready, next to starting the same
// engine container by hand in the same run, and what an idle session costs.
// Prints figures only; targets are read by people, not asserted.
// Usage: node dist/bench/session-ready.js   (BENCH_SESSIONS=10, BENCH_IDLE=5)
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import WebSocket from 'ws';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';
import { boundingSet, engineCapabilities } from '../engines/capabilities.js';
import type { CreateSessionResponse } from '../protocol.js';

const sessionsToTime = Number(process.env.BENCH_SESSIONS ?? 10);
const warmSessions = Number(process.env.BENCH_WARM ?? 30);
const idleSessions = Number(process.env.BENCH_IDLE ?? 5);
const docker = new Docker();
const stateDir = mkdtempSync(join(tmpdir(), 'dockyard-bench-'));
// Cold figures without a pool; the warm pool is measured on a server of its own.
const config = loadConfig({
  ...process.env, PORT: '0', HOST: '127.0.0.1', DOCKYARD_STATE: stateDir, DOCKYARD_CREATE_PER_MINUTE: '100000', DOCKYARD_POOL_SIZE: '0',
});

/** The engine container alone, as a person would start it: same image, caps and limits, no session around it. */
async function rawEngineStart(network: string): Promise<number> {
  const started = performance.now();
  const container = await docker.createContainer({
    Image: config.engine.image,
    Labels: { 'dockyard.bench': '1' },
    HostConfig: {
      NetworkMode: network,
      CapAdd: engineCapabilities(boundingSet(), config.engine.capDrop),
      SecurityOpt: ['seccomp=unconfined', 'apparmor=unconfined'],
      CgroupnsMode: 'private',
      Memory: config.session.memoryBytes,
      NanoCpus: config.session.cpus * 1e9,
      PidsLimit: config.session.pids,
    } as Docker.HostConfig,
  });
  await container.start();
  const logs = await container.logs({ follow: true, stdout: true, stderr: true });
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    logs.on('data', (chunk: Buffer) => {
      seen += chunk.toString('latin1');
      if (seen.includes('dockyard: engine ready')) resolve();
    });
    logs.on('end', () => reject(new Error(`engine stopped: ${seen}`)));
  });
  (logs as unknown as { destroy(): void }).destroy();
  const elapsed = performance.now() - started;
  await container.remove({ force: true, v: true });
  return elapsed;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function post(base: string, path: string): Promise<CreateSessionResponse> {
  const res = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as CreateSessionResponse;
}

async function attachTerminal(base: string, s: CreateSessionResponse): Promise<WebSocket> {
  const ws = new WebSocket(`${base.replace('http', 'ws')}/api/sessions/${s.id}/terminal?token=${s.token}&term=1`);
  await new Promise((resolve, reject) => {
    ws.once('message', resolve);
    ws.once('error', reject);
  });
  return ws;
}

async function engineMemory(name: string): Promise<number> {
  const stats = (await docker.getContainer(name).stats({ stream: false })) as {
    memory_stats: { usage?: number; stats?: { cache?: number; inactive_file?: number } };
  };
  const { usage = 0, stats: detail = {} } = stats.memory_stats;
  // Page cache is reclaimable; count what the engine really holds.
  return usage - (detail.cache ?? detail.inactive_file ?? 0);
}

/** Resident memory of this process's children: the `docker exec` clients behind terminals. */
function childrenRss(): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      if (Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]) !== process.pid) continue;
      total += Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
    } catch {
      // The process ended while we looked.
    }
  }
  return total;
}

/** Session-ready times taken from a warm pool: each request finds an engine waiting. */
async function warmStarts(): Promise<number[]> {
  const warmState = mkdtempSync(join(tmpdir(), 'dockyard-bench-warm-'));
  const app = await createApp({ ...config, stateDir: warmState, pool: { size: 2, maxAgeSeconds: 3600 }, engine: { ...config.engine, instance: `bench-warm-${process.pid}` } });
  const base = `http://127.0.0.1:${await app.listen()}`;
  const times: number[] = [];
  try {
    for (let i = 0; i < warmSessions; i++) {
      await app.pool.waitUntilReady(1);
      const started = performance.now();
      const session = await post(base, '/api/sessions');
      times.push(performance.now() - started);
      await fetch(`${base}/api/sessions/${session.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${session.token}` } });
    }
  } finally {
    await app.close();
    rmSync(warmState, { recursive: true, force: true });
  }
  return times;
}

const mib = (bytes: number) => (bytes / 1024 ** 2).toFixed(1);
const ms = (v: number) => v.toFixed(0).padStart(6);

async function main(): Promise<void> {
  const app = await createApp(config);
  const base = `http://127.0.0.1:${await app.listen()}`;
  const network = `dockyard-bench-${process.pid}`;
  await docker.createNetwork({ Name: network, Labels: { 'dockyard.bench': '1' } });
  const created: CreateSessionResponse[] = [];
  try {
    // Warm the page cache for both paths alike, then alternate them.
    await rawEngineStart(network);
    const raw: number[] = [];
    const cold: number[] = [];
    for (let i = 0; i < sessionsToTime; i++) {
      raw.push(await rawEngineStart(network));
      const started = performance.now();
      const session = await post(base, '/api/sessions');
      cold.push(performance.now() - started);
      await fetch(`${base}/api/sessions/${session.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${session.token}` } });
    }

    const rssBefore = process.memoryUsage().rss;
    const sockets: WebSocket[] = [];
    for (let i = 0; i < idleSessions; i++) {
      const session = await post(base, '/api/sessions');
      created.push(session);
      sockets.push(await attachTerminal(base, session));
    }
    await new Promise((r) => setTimeout(r, 5000)); // let engines settle into idle
    const engineBytes = await Promise.all(created.map((s) => engineMemory(`dockyard-${s.id}`)));
    const serverPerSession = (process.memoryUsage().rss - rssBefore + childrenRss()) / idleSessions;
    const perEngine = engineBytes.reduce((a, b) => a + b, 0) / idleSessions;
    for (const ws of sockets) ws.close();

    const warm = warmSessions > 0 ? await warmStarts() : [];
    const ratio = percentile(cold, 50) / percentile(raw, 50);
    console.log(`\nSession start-up, ${sessionsToTime} sessions each (ms)`);
    console.log('                                    p50     p95     min     max');
    const row = (name: string, v: number[]) =>
      console.log(`${name.padEnd(34)}${ms(percentile(v, 50))}  ${ms(percentile(v, 95))}  ${ms(Math.min(...v))}  ${ms(Math.max(...v))}`);
    row('engine container by hand', raw);
    row('session ready via API (cold)', cold);
    if (warm.length) row(`session ready, warm pool (${warm.length})`, warm);
    console.log(`cold / by hand (p50)               ${ratio.toFixed(2)}x   (target: within 1.30x)`);
    if (warm.length) console.log(`warm pool p50                      ${percentile(warm, 50).toFixed(0)} ms  (target: under 200 ms)`);
    console.log(`\nIdle session memory, ${idleSessions} sessions with a terminal attached`);
    console.log(`engine (container, page cache excluded)  ${mib(perEngine)} MiB`);
    console.log(`server (RSS growth + terminal clients)   ${mib(serverPerSession)} MiB`);
    console.log(`idle sessions that fit in 24 GiB         ${Math.floor((24 * 1024 ** 3) / (perEngine + Math.max(serverPerSession, 0)))}`);
  } finally {
    for (const s of created) {
      await fetch(`${base}/api/sessions/${s.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${s.token}` } });
    }
    await docker.getNetwork(network).remove().catch(() => {});
    await app.close();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

await main();

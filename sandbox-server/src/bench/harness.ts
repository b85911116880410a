// Set-up shared by the benchmarks: a private server on loopback with its own
// state directory (released with every engine it started, even after a
// failure), and the session calls each bench makes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, createApp } from '../app.js';
import { type Config, loadConfig } from '../config.js';
import { DockerEngineProvider } from '../engines/docker.js';
import type { CreateSessionRequest, CreateSessionResponse, StepProgress } from '../protocol.js';

export interface BenchServer {
  app: App;
  config: Config;
  base: string;
  close(): Promise<void>;
}

/**
 * Benchmark settings: the environment's, on a fresh state directory, without
 * a rate limit and (unless `env` says otherwise) without a warm pool.
 */
export function benchConfig(env: Record<string, string> = {}): Config {
  return loadConfig(benchEnv(env));
}

/** The environment of a benchmark server, for one in this process or a child. */
export function benchEnv(env: Record<string, string> = {}): NodeJS.ProcessEnv {
  const stateDir = mkdtempSync(join(tmpdir(), 'dockyard-bench-'));
  return {
    ...process.env, PORT: '0', HOST: '127.0.0.1', DOCKYARD_STATE: stateDir, DOCKYARD_CREATE_PER_MINUTE: '100000', DOCKYARD_POOL_SIZE: '0', ...env,
  };
}

export async function startServer(config: Config = benchConfig()): Promise<BenchServer> {
  const app = await createApp(config);
  const base = `http://127.0.0.1:${await app.listen()}`;
  return { app, config, base, close: () => app.close().finally(() => releaseEngines(config)) };
}

/** Removes every engine, network and disk of the state directory's instance, then the directory. */
export async function releaseEngines(config: Config): Promise<void> {
  const provider = new DockerEngineProvider({ config: config.engine, sessionsDir: join(config.stateDir, 'sessions') });
  for (const engine of await provider.list()) await provider.remove(engine.session).catch(() => {});
  rmSync(config.stateDir, { recursive: true, force: true });
}

export async function createSession(base: string, body: CreateSessionRequest = {}): Promise<CreateSessionResponse> {
  const res = await fetch(`${base}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 201) throw new Error(`POST /api/sessions: ${res.status} ${await res.text()}`);
  return (await res.json()) as CreateSessionResponse;
}

export async function endSession(base: string, session: CreateSessionResponse): Promise<void> {
  const res = await fetch(`${base}/api/sessions/${session.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${session.token}` } });
  if (res.status !== 204) throw new Error(`DELETE /api/sessions/${session.id}: ${res.status} ${await res.text()}`);
}

/** One full round of the session's lesson checks. */
export async function checkSession(base: string, session: CreateSessionResponse): Promise<StepProgress[]> {
  const res = await fetch(`${base}/api/sessions/${session.id}/check`, { method: 'POST', headers: { authorization: `Bearer ${session.token}` } });
  if (res.status !== 200) throw new Error(`POST /api/sessions/${session.id}/check: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { steps: StepProgress[] }).steps;
}

/** A whole-number setting from the environment. */
export function setting(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got ${process.env[name]}`);
  return value;
}

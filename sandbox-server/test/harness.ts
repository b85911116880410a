// Test helpers for service tests: a real server (in-process or as a child
// process) on a private state directory, an API client, and a terminal
// client that types commands and waits for their results.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { type App, createApp } from '../src/app.js';
import { type Config, loadConfig } from '../src/config.js';
import { DockerEngineProvider } from '../src/engines/docker.js';
import type { CommandLogEntry, CreateSessionResponse, SessionInfo, TerminalServerMessage } from '../src/protocol.js';

export function testConfig(overrides: Partial<Config['session']> = {}): Config {
  const base = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', DOCKYARD_STATE: mkdtempSync(join(tmpdir(), 'dockyard-test-')) });
  // Small disks keep tests light; the sparse file costs only what is written.
  // No warm pool unless a test asks: pools fill in the background and would
  // slow every other test on two cores.
  return { ...base, createPerMinute: 1000, pool: { ...base.pool, size: 0 }, session: { ...base.session, diskBytes: 4 * 1024 ** 3, ...overrides } };
}

export async function startApp(config = testConfig()): Promise<{ app: App; api: Api; stop(): Promise<void> }> {
  const app = await createApp(config);
  const port = await app.listen();
  return {
    app,
    api: new Api(`http://127.0.0.1:${port}`),
    async stop() {
      await app.close();
      await releaseEngines(config);
    },
  };
}

/**
 * Removes every engine, network and disk a test server left behind, even when
 * a failing test never reached its DELETE; the state directory is removed too.
 */
export async function releaseEngines(config: Config): Promise<void> {
  const provider = new DockerEngineProvider({ config: config.engine, sessionsDir: join(config.stateDir, 'sessions') });
  for (const engine of await provider.list()) await provider.remove(engine.session);
  rmSync(config.stateDir, { recursive: true, force: true });
}

/** Polls until check returns a value other than undefined/false, or fails after timeoutMs. */
export async function pollFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export class Api {
  constructor(readonly base: string) {}

  async request(method: string, path: string, options: { token?: string; body?: unknown; raw?: Buffer | string } = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: RequestInit['body'];
    if (options.raw !== undefined) body = typeof options.raw === 'string' ? options.raw : new Blob([Uint8Array.from(options.raw)]);
    else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    return fetch(this.base + path, { method, headers, body });
  }

  async createSession(body: unknown = {}): Promise<CreateSessionResponse> {
    const res = await this.request('POST', '/api/sessions', { body });
    if (res.status !== 201) throw new Error(`create session: ${res.status} ${await res.text()}`);
    return (await res.json()) as CreateSessionResponse;
  }

  /** GET /api/sessions/:id, which must answer 200. */
  async sessionInfo(session: CreateSessionResponse): Promise<SessionInfo> {
    const res = await this.request('GET', `/api/sessions/${session.id}`, { token: session.token });
    if (res.status !== 200) throw new Error(`GET session: ${res.status} ${await res.text()}`);
    return (await res.json()) as SessionInfo;
  }

  terminal(session: CreateSessionResponse, term = '1'): Promise<TerminalProbe> {
    const url = `${this.base.replace(/^http/, 'ws')}/api/sessions/${session.id}/terminal?token=${session.token}&term=${term}`;
    return TerminalProbe.connect(url);
  }
}

/** A terminal client for tests: keeps all output and finished commands. */
export class TerminalProbe {
  output = '';
  readonly commands: CommandLogEntry[] = [];
  readonly messages: TerminalServerMessage[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (raw) => {
      const message = JSON.parse(raw.toString()) as TerminalServerMessage;
      this.messages.push(message);
      if (message.type === 'output') this.output += message.data;
      if (message.type === 'command') this.commands.push(message.command);
    });
  }

  static connect(url: string): Promise<TerminalProbe> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const probe = new TerminalProbe(ws);
      ws.once('open', () => resolve(probe));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`websocket refused: ${res.statusCode}`)));
    });
  }

  send(message: unknown): void {
    this.ws.send(JSON.stringify(message));
  }

  type(text: string): void {
    this.send({ type: 'input', data: text });
  }

  /** Types a command line and resolves with its command log entry once it finishes. */
  async run(line: string, timeoutMs = 60_000): Promise<CommandLogEntry> {
    const seen = this.commands.length;
    this.type(`${line}\r`);
    return pollFor(`command ${JSON.stringify(line)}`, () => this.commands.slice(seen).find((c) => c.line === line), timeoutMs);
  }

  /** Runs a command line that must succeed; on failure the error shows the end of the terminal. */
  async ok(line: string, timeoutMs?: number): Promise<CommandLogEntry> {
    const entry = await this.run(line, timeoutMs);
    if (entry.exitCode !== 0) {
      throw new Error(`${JSON.stringify(line)} exited ${entry.exitCode}\n--- terminal ---\n${this.output.slice(-2000)}`);
    }
    return entry;
  }

  /** Runs a command line that must fail; resolves with what it printed. */
  async fails(line: string, timeoutMs?: number): Promise<string> {
    const before = this.output.length;
    const entry = await this.run(line, timeoutMs);
    if (entry.exitCode === 0) throw new Error(`${JSON.stringify(line)} succeeded, but must fail\n--- terminal ---\n${this.output.slice(-2000)}`);
    return this.output.slice(before);
  }

  waitForOutput(pattern: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> {
    return pollFor(`output matching ${pattern}`, () => pattern.exec(this.output) ?? undefined, timeoutMs);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) return resolve();
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}

/** The server as a separate process, for tests that kill it. */
export class ServerProcess {
  private child: ChildProcess | null = null;

  constructor(
    readonly port: number,
    readonly stateDir: string,
  ) {}

  get api(): Api {
    return new Api(`http://127.0.0.1:${this.port}`);
  }

  async start(): Promise<void> {
    const main = new URL('../dist/main.js', import.meta.url).pathname;
    const child = spawn(process.execPath, [main], {
      env: { ...process.env, PORT: String(this.port), HOST: '127.0.0.1', DOCKYARD_STATE: this.stateDir, DOCKYARD_SESSION_DISK_GB: '4', DOCKYARD_POOL_SIZE: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    let log = '';
    child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    await pollFor('server to listen', async () => {
      if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}: ${log}`);
      return (await fetch(`${this.api.base}/healthz`).catch(() => null))?.ok;
    });
  }

  /** SIGKILL: no clean-up of any kind, as in a crash. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  /** Stops the server and releases whatever engines it left. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await releaseEngines(loadConfig({ ...process.env, DOCKYARD_STATE: this.stateDir }));
  }
}

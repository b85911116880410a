// Benchmark: a class at work. N sessions requested at once, each with a
// terminal and an nginx container published on 8080, then for a bounded time
// every terminal runs commands one after another (the engine, the container,
// the published port and the shell itself). Records when sessions were ready,
// each command's latency, and what the load costs: the server's memory, its
// terminal clients', the engines' and host load, sampled every second.
// The outcome is checked, not the timings: it exits 1 if a session failed to
// start, a command failed, or an engine outlived the bench.
// The server runs as a child process so that only its own memory is counted.
// Usage: node dist/bench/load.js   (BENCH_LOAD_SESSIONS=30, BENCH_LOAD_SECONDS=60)
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import Docker from 'dockerode';
import { engineName } from '../engines/docker.js';
import type { CreateSessionResponse } from '../protocol.js';
import { createSession, endSession, setting } from './harness.js';
import { spawnServer } from './server-process.js';
import { keepTail, stripEscapes, waitForPrompt } from './shell-link.js';
import { mib, ms, percentile, printTable } from './stats.js';
import { TerminalClient } from './terminal-client.js';

const sessions = setting('BENCH_LOAD_SESSIONS', 30);
const seconds = setting('BENCH_LOAD_SECONDS', 60);
/** A command not finished by then is stuck, not slow: its session's loop ends there. */
const COMMAND_TIMEOUT_MS = 60_000;
/**
 * How long the output a command must show, and the prompt after it, may trail
 * its exit report: the server reports the exit as soon as it parses it, before
 * the rest of the same PTY read goes out, so the report can overtake them.
 */
const OUTPUT_GRACE_MS = 5000;
/** The end of the learner's prompt (learner@dockyard:/workspace$ ). */
const PROMPT = /[$#] $/;
const FAILURES_SHOWN = 5;
const docker = new Docker();

/** Each session's web server, as a tutorial starts it (nginx comes from the registry mirror). */
const START_WEB = 'docker run -d --name load-web -p 8080:80 nginx';
/** Waits in the engine until nginx answers, bounded so a broken engine fails rather than hangs. */
const AWAIT_WEB = "timeout 50 sh -c 'until curl -fs localhost:8080 -o /dev/null; do sleep 0.2; done'";

interface LoadCommand {
  /** As the figures show it. */
  name: string;
  line(mark: string): string;
  /** Output it must show besides exiting 0; `mark` is unique to the session and run. */
  shows?(mark: string): RegExp;
}

/** What every terminal runs in turn: the engine, the container, the published port, the shell itself. */
const LOOP: LoadCommand[] = [
  { name: 'docker exec load-web nginx -v', line: () => 'docker exec load-web nginx -v', shows: () => /nginx version: nginx\// },
  { name: 'curl -fsS localhost:8080', line: () => 'curl -fsS localhost:8080 -o /dev/null' },
  // The quotes keep the typed line's own echo from matching the marker.
  { name: 'echo a marker', line: (mark) => `echo mark-"${mark}"`, shows: (mark) => new RegExp(`mark-${mark}\\r\\n`) },
  // Readline may put a carriage return before the first line of output.
  { name: 'docker ps -q | wc -l (shows 1)', line: () => 'docker ps -q | wc -l', shows: () => /\n\r*1\r\n/ },
];

interface Learner {
  index: number;
  session: CreateSessionResponse;
  client: TerminalClient;
  commands: number;
}

/** When a session reached each stage, in ms since the burst began. */
interface Startup {
  created: number;
  prompt: number;
  ready: number;
}

class CommandFailed extends Error {
  constructor(
    message: string,
    readonly output: string,
    /** No exit report came: the shell is not taking commands. */
    readonly stuck = false,
  ) {
    super(message);
  }
}

// Ctrl-C or SIGTERM ends the load early, never the clean-up: every session is
// still ended and every engine released (the server may already be gone, being
// in the same process group; releasing engines does not need it).
let interrupted = false;
const interruption = new Promise<null>((resolve) => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      interrupted = true;
      resolve(null);
    });
  }
});

/**
 * Types a command line and waits for its exit report, the output it must show
 * and the next prompt, as a learner waits before typing again; returns that
 * latency in ms, or null if the bench was interrupted.
 */
async function timeCommand(client: TerminalClient, line: string, shows?: RegExp): Promise<number | null> {
  let output = '';
  let shown = () => {};
  const seen = new Promise<void>((resolve) => (shown = resolve));
  const stopReading = client.onOutput((data) => {
    output = keepTail(output, data);
    const text = stripEscapes(output);
    if (PROMPT.test(text) && (!shows || shows.test(text))) shown();
  });
  const finished = client.next('command', COMMAND_TIMEOUT_MS);
  const started = performance.now();
  client.write(`${line}\r`);
  try {
    const report = await Promise.race([finished, interruption]).catch((err: Error) => {
      throw new CommandFailed(err.message, stripEscapes(output), true);
    });
    if (!report) return null;
    const { exitCode, line: reported } = report.command;
    if (reported !== line) throw new CommandFailed(`the shell reported ${JSON.stringify(reported)} instead`, stripEscapes(output));
    if (exitCode !== 0) throw new CommandFailed(`exited ${exitCode}`, stripEscapes(output));
    if (!(await within(seen, OUTPUT_GRACE_MS))) {
      throw new CommandFailed(`exited 0, then no ${shows ? `${shows} and ` : ''}prompt within ${OUTPUT_GRACE_MS} ms`, stripEscapes(output));
    }
    return performance.now() - started;
  } finally {
    stopReading();
  }
}

/** Resolves true once `promise` does, false if `ms` pass first. */
async function within(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** One failure, for the report: what ran, why it failed, the end of what the terminal showed. */
function describe(index: number, line: string, err: unknown): string {
  const output = err instanceof CommandFailed ? `; output: ${JSON.stringify(err.output.slice(-300))}` : '';
  return `session ${index}: ${JSON.stringify(line)}: ${err instanceof Error ? err.message : String(err)}${output}`;
}

/** Samples every second what the load costs, keeping the peak of each figure. */
class Monitor {
  readonly peak: Sample;
  /** The engines' memory cgroups: cgroup v1, as on the host of docs/BENCHMARKS.md (on v2, engine rows read 0). */
  private readonly cgroups = new Set<string>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pid: number) {
    this.peak = this.read();
    this.timer = setInterval(() => this.sample(), 1000);
  }

  async watch(session: string): Promise<void> {
    const { State } = await docker.getContainer(engineName(session)).inspect();
    const memory = readFileSync(`/proc/${State.Pid}/cgroup`, 'utf8').split('\n').find((l) => /^\d+:memory:/.test(l));
    if (memory) this.cgroups.add(`/sys/fs/cgroup/memory${memory.split(':')[2]}`);
  }

  sample(): Sample {
    const now = this.read();
    for (const key of Object.keys(now) as (keyof Sample)[]) this.peak[key] = Math.max(this.peak[key], now[key]);
    return now;
  }

  stop(): Sample {
    clearInterval(this.timer);
    return this.sample();
  }

  private read(): Sample {
    let engines = 0;
    let enginesHeld = 0;
    for (const cgroup of this.cgroups) {
      try {
        const usage = Number(readFileSync(`${cgroup}/memory.usage_in_bytes`, 'utf8'));
        // Page cache is reclaimable; count what the engine really holds (as session-ready does).
        const cache = Number(/^total_cache (\d+)$/m.exec(readFileSync(`${cgroup}/memory.stat`, 'utf8'))?.[1] ?? 0);
        engines += usage;
        enginesHeld += usage - cache;
      } catch {
        // The engine has ended.
      }
    }
    const terminals = childPids(this.pid).reduce((sum, pid) => sum + residentBytes(pid), 0);
    return { server: residentBytes(this.pid), terminals, engines, enginesHeld, load: loadavg()[0] ?? 0 };
  }
}

interface Sample {
  server: number;
  /** The server's children: the `docker exec` client behind each terminal, mostly. */
  terminals: number;
  engines: number;
  enginesHeld: number;
  load: number;
}

function residentBytes(pid: number): number {
  try {
    return Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  } catch {
    return 0; // it ended while we looked
  }
}

/** Children of every thread of `pid` (node-pty may fork from any of them). */
function childPids(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).flatMap((task) => {
    try {
      return readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
    } catch {
      return [];
    }
  });
}

async function main(): Promise<void> {
  const server = await spawnServer();
  const monitor = new Monitor(server.pid);
  const created: CreateSessionResponse[] = [];
  const clients: TerminalClient[] = [];
  const failures: string[] = [];
  const outcome: string[] = [];
  let completed = false;
  try {
    const idle = monitor.sample();

    /** Session, terminal, web server: what a learner's first minute does. */
    const start = async (index: number, began: number): Promise<Learner & Startup> => {
      const session = await createSession(server.base);
      created.push(session);
      const createdAt = performance.now() - began;
      await monitor.watch(session.id);
      const client = await TerminalClient.connect(server.base, session, { ack: true });
      clients.push(client);
      await waitForPrompt(client, COMMAND_TIMEOUT_MS);
      const prompt = performance.now() - began;
      for (const line of [START_WEB, AWAIT_WEB]) {
        try {
          if ((await timeCommand(client, line)) === null) throw new Error('interrupted');
        } catch (err) {
          throw new Error(describe(index, line, err));
        }
      }
      return { index, session, client, commands: 0, created: createdAt, prompt, ready: performance.now() - began };
    };
    const began = performance.now();
    const started = await Promise.allSettled(Array.from({ length: sessions }, (_, index) => start(index, began)));
    const allReady = performance.now() - began;
    const learners = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const startFailures = started.flatMap((r) => (r.status === 'rejected' ? [String(r.reason instanceof Error ? r.reason.message : r.reason)] : []));

    const figures = LOOP.map((command) => ({ command, times: [] as number[], failed: 0 }));
    /** One terminal's loop until the deadline; a stuck command ends it. */
    const run = async (learner: Learner, deadline: number): Promise<void> => {
      for (let n = 0; performance.now() < deadline && !interrupted; n++) {
        const figure = figures[n % figures.length];
        if (!figure) return;
        const mark = `${learner.index}-${n}`;
        const line = figure.command.line(mark);
        try {
          const took = await timeCommand(learner.client, line, figure.command.shows?.(mark));
          if (took === null) return;
          figure.times.push(took);
        } catch (err) {
          figure.failed++;
          failures.push(describe(learner.index, line, err));
          if (err instanceof CommandFailed && err.stuck) return;
        }
        learner.commands++;
      }
    };
    const loadStart = monitor.sample();
    const loadBegan = performance.now();
    await Promise.all(learners.map((learner) => run(learner, loadBegan + seconds * 1000)));
    const loadSeconds = (performance.now() - loadBegan) / 1000;
    const loadEnd = monitor.sample();

    for (const client of clients.splice(0)) client.close();
    const ending = performance.now();
    const endings = await Promise.allSettled(created.splice(0).map((s) => endSession(server.base, s)));
    const ended = performance.now() - ending;
    const endFailures = endings.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
    const after = monitor.stop();

    const startRow = (name: string, pick: (s: Startup) => number) => {
      const v = learners.map(pick);
      return [name, ms(percentile(v, 50)), ms(percentile(v, 95)), ms(Math.max(...v))];
    };
    printTable(
      `Load: ${sessions} sessions requested at once, each with a terminal and nginx, no warm pool (ms since the burst began)`,
      ['', 'p50', 'p95', 'max'],
      [
        startRow('session created (POST 201)', (s) => s.created),
        startRow('terminal prompt', (s) => s.prompt),
        startRow('nginx answering in the engine (ready)', (s) => s.ready),
      ],
      [
        `${learners.length} of ${sessions} ready after ${ms(allReady)} ms; ended all at once (DELETE) in ${ms(ended)} ms`,
        ...startFailures.slice(0, FAILURES_SHOWN).map((f) => `failed to start: ${f}`),
        ...endFailures.slice(0, FAILURES_SHOWN).map((f) => `failed to end: ${f}`),
      ],
    );

    const all = figures.flatMap((f) => f.times);
    const failed = figures.reduce((sum, f) => sum + f.failed, 0);
    const commandRow = (name: string, times: number[], failedRuns: number) => [
      name, String(times.length + failedRuns), String(failedRuns), ...[50, 95, 99].map((p) => ms(percentile(times, p))), ms(Math.max(...times)),
    ];
    const perSession = learners.map((l) => l.commands);
    printTable(
      `Load: commands for ${seconds} s in ${learners.length} terminals at once, each waiting for the previous (ms)`,
      ['', 'runs', 'failed', 'p50', 'p95', 'p99', 'max'],
      [...figures.map((f) => commandRow(f.command.name, f.times, f.failed)), commandRow('all', all, failed)],
      [
        `${all.length + failed} commands in ${loadSeconds.toFixed(1)} s: ${((all.length + failed) / loadSeconds).toFixed(1)}/s` +
          (perSession.length ? `; per session ${Math.min(...perSession)} to ${Math.max(...perSession)}` : ''),
        ...failures.slice(0, FAILURES_SHOWN).map((f) => `failed: ${f}`),
      ],
    );

    const memoryRow = (name: string, pick: (s: Sample) => number) => [name, ...[idle, loadStart, monitor.peak, loadEnd].map((s) => mib(pick(s)))];
    printTable(
      'Load: memory, sampled every second (MiB)',
      ['', 'idle server', 'load start', 'peak', 'load end'],
      [
        memoryRow('server RSS', (s) => s.server),
        memoryRow('terminal clients (docker exec) RSS', (s) => s.terminals),
        memoryRow('engines, sum of usage', (s) => s.engines),
        memoryRow('engines, page cache excluded', (s) => s.enginesHeld),
      ],
      [
        `server RSS from load start to load end: ${mib(loadEnd.server - loadStart.server)} MiB; once every session ended: ${mib(after.server)} MiB`,
        ...(learners.length
          ? [
              `per session: engine ${mib(loadEnd.enginesHeld / learners.length)} MiB at load end (page cache excluded), ` +
                `terminal client ${mib(loadEnd.terminals / learners.length)} MiB at load end, ` +
                `server ${mib((monitor.peak.server - idle.server) / learners.length)} MiB (its peak over idle)`,
            ]
          : []),
        `host load average (1 min, ${availableParallelism()} cores): idle ${idle.load.toFixed(2)}, load start ${loadStart.load.toFixed(2)}, ` +
          `peak ${monitor.peak.load.toFixed(2)}, load end ${loadEnd.load.toFixed(2)}`,
      ],
    );

    if (startFailures.length) outcome.push(`${startFailures.length} of ${sessions} sessions failed to start`);
    if (failed) outcome.push(`${failed} of ${all.length + failed} commands failed`);
    if (endFailures.length) outcome.push(`${endFailures.length} sessions could not be ended (DELETE)`);
    completed = true;
  } finally {
    monitor.stop();
    for (const client of clients) client.close();
    await Promise.all(created.map((s) => endSession(server.base, s).catch(() => {})));
    await server.stop();
    // Every engine of this server's instance, and its network, must be gone now.
    const ours = { label: ['dockyard.session', `dockyard.instance=${server.config.engine.instance}`] };
    const [engines, networks] = await Promise.all([docker.listContainers({ all: true, filters: ours }), docker.listNetworks({ filters: ours })]);
    const left = [...engines.map((c) => c.Names.join(',')), ...networks.map((n) => `network ${n.Name}`)];
    if (left.length) outcome.push(`left behind: ${left.join(' ')}`);
    if (!completed) outcome.push('the bench stopped on an error');
    if (interrupted) outcome.push('interrupted');
    // The outcome, not the timings, decides the exit status.
    console.log(outcome.length ? `\nFAILED: ${outcome.join('; ')}` : '\nOK: every session started, every command succeeded, no engine left behind');
    if (outcome.length) process.exitCode = 1;
  }
}

await main();
// An interrupted command's wait may still hold a timer; nothing is left to wait for.
if (interrupted) process.exit();

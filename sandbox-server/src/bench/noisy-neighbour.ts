// Benchmark: what a hostile session costs its neighbour. One session attacks
// its own engine (spinning CPUs, a fork bomb, a memory hog, a disk filled to
// its cap) while a second session's learner types; for each attack it prints
// what the attacker's limit held it to, the neighbour's keystroke echo and how
// long the neighbour's `docker run` took, next to the same with no attack.
// Usage: node dist/bench/noisy-neighbour.js   (BENCH_NEIGHBOUR_KEYS=100)
import { engineName } from '../engines/docker.js';
import type { EngineUsage } from '../engines/provider.js';
import { benchConfig, createSession, endSession, setting, startServer } from './harness.js';
import { ECHO_LINE, type ShellLink, typeLine, waitForOutput, waitForPrompt } from './shell-link.js';
import { ms, percentile, printTable } from './stats.js';
import { TerminalClient } from './terminal-client.js';

const keys = setting('BENCH_NEIGHBOUR_KEYS', 100);
/** A small disk, so filling it takes seconds, not minutes. */
const DISK_GB = '2';

interface Attack {
  name: string;
  /** Commands run in the attacker's engine, as its learner, to start the attack. */
  start: string[];
  /** Resolves once the attack bites, with what the attacker's limits held it to. */
  bites(usage: () => Promise<EngineUsage>): Promise<string>;
  stop: string[];
}

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const ATTACKS: Attack[] = [
  {
    name: 'none (baseline)',
    start: [],
    bites: async () => '',
    stop: [],
  },
  {
    name: 'CPU: 4 containers spinning',
    start: [1, 2, 3, 4].map((i) => `docker run -d --name spin${i} busybox sh -c 'while :; do :; done'`),
    bites: async () => {
      await new Promise((r) => setTimeout(r, 2000));
      return 'held to its 1 CPU';
    },
    stop: ['docker rm -f spin1 spin2 spin3 spin4'],
  },
  {
    name: 'fork bomb in a container',
    start: [`docker run -d --name bomb busybox sh -c 'b() { b | b & }; b; sleep 600'`],
    bites: async (usage) => {
      const u = await until('the bomb to reach its cap', async () => {
        const now = await usage();
        return now.containerPids >= now.containerPidsLimit - 2 ? now : undefined;
      });
      return `pids capped at ${u.containerPidsLimit} (engine ${u.pids} of ${u.pidsLimit})`;
    },
    stop: ['docker rm -f bomb'],
  },
  {
    name: 'memory hog (OOM again and again)',
    start: [`docker run -d --name hog busybox sh -c 'while :; do tail /dev/zero; done'`],
    bites: async (usage) => {
      await until('the engine to reach its memory limit', async () => ((await usage()).memoryLimitHits > 0 ? true : undefined));
      return 'killed at the engine memory limit, again and again';
    },
    stop: ['docker rm -f hog'],
  },
  {
    name: 'disk filled to its cap',
    start: ['docker run --rm -v /workspace:/w busybox dd if=/dev/zero of=/w/fill bs=1M'],
    bites: async (usage) => {
      const u = await usage();
      return `stopped at its ${DISK_GB} GiB disk, ${((u.diskFreeBytes ?? 0) / 1024 ** 2).toFixed(0)} MiB free`;
    },
    stop: ['rm -f /workspace/fill'],
  },
];

/** Times the neighbour's `docker run --rm busybox true`, by its marker. */
async function timeDockerRun(link: ShellLink): Promise<number> {
  const started = performance.now();
  const done = waitForOutput(link, 'docker run to finish', (seen) => seen.includes('ran-ok\r\n'), 120_000);
  link.write('docker run --rm busybox true && echo ran-"ok"\r');
  await done;
  return performance.now() - started;
}

async function main(): Promise<void> {
  const server = await startServer(benchConfig({ DOCKYARD_SESSION_DISK_GB: DISK_GB }));
  const { app } = server;
  const [attacker, neighbour] = await Promise.all([createSession(server.base), createSession(server.base)]);
  const engine = engineName(attacker.id);
  const run = async (line: string) => {
    const result = await app.engines.exec(engine, ['bash', '-c', line], { timeoutMs: 120_000 });
    return result.exitCode;
  };
  const usage = async () => {
    const u = await app.engines.usage(engine);
    if (!u) throw new Error('the attacker engine stopped');
    return u;
  };
  const socket = await TerminalClient.connect(server.base, neighbour, { ack: true });
  const rows: string[][] = [];
  try {
    await waitForPrompt(socket);
    await Promise.all([run('docker pull -q busybox'), timeDockerRun(socket)]);
    await typeLine(socket, 5);
    for (const attack of ATTACKS) {
      // The disk fill ends by itself (dd stops at the cap); the others run until stopped.
      await Promise.all(attack.start.map(run));
      const held = await attack.bites(usage);
      const echo: number[] = [];
      for (let done = 0; done < keys; done += ECHO_LINE) echo.push(...(await typeLine(socket, Math.min(ECHO_LINE, keys - done))));
      const dockerRun = await timeDockerRun(socket);
      const stopped = performance.now();
      for (const line of attack.stop) await run(line);
      const recovery = performance.now() - stopped;
      rows.push([
        attack.name,
        held,
        ms(percentile(echo, 50)),
        ms(percentile(echo, 99)),
        ms(dockerRun),
        attack.stop.length ? ms(recovery) : '',
      ]);
    }
  } finally {
    socket.close();
    await Promise.all([endSession(server.base, attacker), endSession(server.base, neighbour)]).catch(() => {});
    await server.close();
  }
  printTable(
    `A hostile session next to a learner's (neighbour: ${keys} keys; ms)`,
    ['attack', "attacker's limit", 'echo p50', 'echo p99', 'docker run', 'attacker stops it'],
    rows,
    ['echo and docker run: the neighbour session, during the attack; "stops it": the attacker\'s own docker rm -f (or rm).'],
  );
}

await main();

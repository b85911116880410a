// Benchmark: how long a full round of lesson checks takes (POST /check: every
// step's checks against the session's engine), on a fresh session following
// hello-docker and again after the learner has done its first two steps.
// Usage: node dist/bench/lesson-checks.js   (BENCH_CHECKS=20)
import type { CreateSessionResponse } from '../protocol.js';
import { type BenchServer, checkSession, createSession, endSession, setting, startServer } from './harness.js';
import { waitForPrompt } from './shell-link.js';
import { ms, percentile, printTable } from './stats.js';
import { TerminalClient } from './terminal-client.js';

const rounds = setting('BENCH_CHECKS', 20);
const LESSON = 'hello-docker';
/** The commands of the lesson's first two steps, as its solutions give them. */
const FIRST_STEPS = ['docker run busybox echo hello', 'docker run -d -p 8080:80 nginx'];

/** Times `rounds` check rounds one after another; returns them with how many steps passed. */
async function timeRounds(server: BenchServer, session: CreateSessionResponse): Promise<{ times: number[]; passed: string }> {
  const times: number[] = [];
  let passed = '';
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    const steps = await checkSession(server.base, session);
    times.push(performance.now() - started);
    passed = `${steps.filter((s) => s.passed).length}/${steps.length}`;
  }
  return { times, passed };
}

async function main(): Promise<void> {
  const server = await startServer();
  try {
    const session = await createSession(server.base, { lesson: LESSON });
    const client = await TerminalClient.connect(server.base, session, { ack: true });
    try {
      await waitForPrompt(client);
      const fresh = await timeRounds(server, session);
      for (const line of FIRST_STEPS) await client.run(line);
      // Each command schedules a round, started once the server's debounce
      // (250 ms) has passed; a round started after that queues behind it, so
      // one untimed round lets the learner's own rounds finish first.
      await new Promise((resolve) => setTimeout(resolve, 500));
      await checkSession(server.base, session);
      const done = await timeRounds(server, session);
      const row = (name: string, r: { times: number[]; passed: string }) => [
        name, r.passed, ...[50, 95].map((p) => ms(percentile(r.times, p))), ms(Math.min(...r.times)), ms(Math.max(...r.times)),
      ];
      printTable(
        `Lesson checks (${LESSON}), ${rounds} rounds each (ms)`,
        ['', 'steps passed', 'p50', 'p95', 'min', 'max'],
        [row('fresh session', fresh), row('after the first two steps', done)],
      );
    } finally {
      client.close();
      await endSession(server.base, session);
    }
  } finally {
    await server.close();
  }
}

await main();

// Benchmark: keystroke echo round trip through the terminal websocket on
// loopback, next to a PTY of this process running the server's own
// `docker exec` shell command (no server, no websocket) on the same engine,
// alternating between the two in blocks so both see the same host load.
// Usage: node dist/bench/keystroke-echo.js   (BENCH_KEYS=200)
import { engineName } from '../engines/docker.js';
import { createSession, endSession, setting, startServer } from './harness.js';
import { type ShellLink, ptyLink, waitForOutput, waitForPrompt, waitForQuiet } from './shell-link.js';
import { ms, percentile, printTable } from './stats.js';
import { TerminalClient } from './terminal-client.js';

const keys = setting('BENCH_KEYS', 200);
/** Typed at the prompt; a letter the prompt (root@dockyard:/workspace#) does not contain. */
const KEY = 'z';
/** Keys per line before Ctrl-U clears it: prompt plus line stay within 80 columns, so every echo is a plain echo, not a wrap. */
const LINE = 50;
const CTRL_U = '\x15';

/** Types `count` keys one at a time and times each until its echo arrives. */
async function typeLine(link: ShellLink, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const echoed = waitForOutput(link, `the echo of key ${i + 1}`, (seen) => seen.includes(KEY), 5000);
    const started = performance.now();
    link.write(KEY);
    await echoed;
    times.push(performance.now() - started);
  }
  link.write(CTRL_U);
  await waitForQuiet(link, 100);
  return times;
}

async function main(): Promise<void> {
  const server = await startServer();
  const links: ShellLink[] = [];
  try {
    const session = await createSession(server.base);
    try {
      const socket = await TerminalClient.connect(server.base, session, { ack: true });
      links.push(socket);
      await waitForPrompt(socket);
      const direct = ptyLink(server.app.engines.shellCommand(engineName(session.id), 'bench-direct'));
      links.push(direct);
      await waitForPrompt(direct);
      // A first line of each, untimed: the first keys of a fresh shell page in readline's code.
      await typeLine(socket, 5);
      await typeLine(direct, 5);

      const viaServer: number[] = [];
      const viaExec: number[] = [];
      for (let done = 0; done < keys; done += LINE) {
        const count = Math.min(LINE, keys - done);
        viaServer.push(...(await typeLine(socket, count)));
        viaExec.push(...(await typeLine(direct, count)));
      }
      const row = (name: string, v: number[]) => [name, ...[50, 95, 99].map((p) => ms(percentile(v, p))), ms(Math.max(...v))];
      printTable(
        `Keystroke echo, ${keys} keys each (ms)`,
        ['', 'p50', 'p95', 'p99', 'max'],
        [row('terminal websocket via the server', viaServer), row('docker exec PTY alone (baseline)', viaExec)],
        [`server p99                         ${ms(percentile(viaServer, 99))} ms  (target: under 15 ms)`],
      );
    } finally {
      for (const link of links) link.close();
      await endSession(server.base, session);
    }
  } finally {
    await server.close();
  }
}

await main();

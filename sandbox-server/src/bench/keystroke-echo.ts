// Benchmark: keystroke echo round trip through the terminal websocket on
// loopback, next to a PTY of this process running the server's own
// `docker exec` shell command (no server, no websocket) on the same engine,
// alternating between the two in blocks so both see the same host load.
// Usage: node dist/bench/keystroke-echo.js   (BENCH_KEYS=200)
import { engineName } from '../engines/docker.js';
import { createSession, endSession, setting, startServer } from './harness.js';
import { ECHO_LINE as LINE, type ShellLink, ptyLink, typeLine, waitForPrompt } from './shell-link.js';
import { ms, percentile, printTable } from './stats.js';
import { TerminalClient } from './terminal-client.js';

const keys = setting('BENCH_KEYS', 200);
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

// Benchmark: a flood of terminal output through the server with flow control,
// read by a websocket client that acks what it read and by one that does not,
// with the server's resident memory sampled throughout; baseline: the same
// flood through a PTY running the server's `docker exec` command directly.
// The server runs as a child process so that only its own memory is counted.
// Usage: node dist/bench/output-flood.js   (BENCH_FLOOD_MB=100)
import { join } from 'node:path';
import { DockerEngineProvider, engineName } from '../engines/docker.js';
import { createSession, endSession, setting } from './harness.js';
import { RssSampler, spawnServer } from './server-process.js';
import { type ShellLink, ptyLink, waitForOutput, waitForPrompt } from './shell-link.js';
import { mib, printTable } from './stats.js';
import { TerminalClient } from './terminal-client.js';

const megabytes = setting('BENCH_FLOOD_MB', 100);
const bytes = megabytes * 1e6;
// The quotes keep the typed command's own echo from matching the marker.
const FLOOD = `head -c ${bytes} /dev/zero | tr '\\0' y; echo flood-"end"\r`;

interface Flood {
  megabytesPerSecond: number;
  received: number;
}

async function flood(link: ShellLink): Promise<Flood> {
  let received = 0;
  const stopCounting = link.onOutput((data) => (received += data.length));
  const ended = waitForOutput(link, 'the end of the flood', (seen) => seen.includes('flood-end'), 600_000);
  const started = performance.now();
  link.write(FLOOD);
  await ended;
  const seconds = (performance.now() - started) / 1000;
  stopCounting();
  await waitForPrompt(link);
  return { megabytesPerSecond: bytes / 1e6 / seconds, received };
}

async function main(): Promise<void> {
  const server = await spawnServer();
  const rows: string[][] = [];
  try {
    const session = await createSession(server.base);
    try {
      for (const ack of [true, false]) {
        const client = await TerminalClient.connect(server.base, session, { ack });
        try {
          await waitForPrompt(client);
          const rss = new RssSampler(server.pid);
          const before = rss.now();
          const result = await flood(client);
          rss.stop();
          const name = ack ? 'websocket client that acks' : 'websocket client without acks';
          rows.push([name, result.megabytesPerSecond.toFixed(1), mib(before), mib(rss.peak), mib(rss.peak - before)]);
        } finally {
          client.close();
        }
      }
      // The server runs elsewhere: ask a provider of the same settings for its shell command.
      const provider = new DockerEngineProvider({ config: server.config.engine, sessionsDir: join(server.config.stateDir, 'sessions') });
      const direct = ptyLink(provider.shellCommand(engineName(session.id), 'bench-direct'));
      try {
        await waitForPrompt(direct);
        const result = await flood(direct);
        rows.push(['docker exec PTY alone (baseline)', result.megabytesPerSecond.toFixed(1), '-', '-', '-']);
      } finally {
        direct.close();
      }
    } finally {
      await endSession(server.base, session);
    }
  } finally {
    await server.stop();
  }
  printTable(`Output flood, ${megabytes} MB through the terminal`, ['', 'MB/s', 'RSS before', 'RSS peak', 'growth (MiB)'], rows, [
    'RSS: the server process, sampled every 50 ms (the docker exec client behind the terminal not included).',
  ]);
}

await main();

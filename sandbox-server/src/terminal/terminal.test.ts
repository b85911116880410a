// Flow control of a real PTY (a local shell, not an engine) against fake
// clients: a stalled client holds the producer back instead of letting
// output pile up, and everything arrives once it drains.
import { describe, expect, it } from 'vitest';
import type { TerminalServerMessage } from '../protocol.js';
import { Terminal, type TerminalClient } from './terminal.js';

/** A fake browser connection whose send buffer we control. */
class FakeClient implements TerminalClient {
  received = 0;
  /** The last output, across message boundaries (a marker may be split between batches). */
  tail = '';
  bufferedAmount = 0;
  closed: string | null = null;
  readonly messages: TerminalServerMessage[] = [];

  send(message: TerminalServerMessage): void {
    this.messages.push(message);
    if (message.type === 'output') {
      this.received += message.data.length;
      this.tail = (this.tail + message.data).slice(-200);
    }
  }

  close(_code: number, reason: string): void {
    this.closed = reason;
  }
}

async function until(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// Several times the high-water mark: enough to show output held back.
const FLOOD = 8 * 1024 * 1024;

function flood(onExit: (code: number) => void): Terminal {
  return new Terminal({
    // The shell stays open after the flood, as a learner's does: node-pty can
    // lose the last output of a process that exits at once (a separate matter).
    command: { file: 'bash', args: ['-c', `sleep 0.2; head -c ${FLOOD} /dev/zero | tr '\\0' 'y'; echo; echo flood-done; sleep 30`] },
    scrollback: 100,
    onCommand: () => {},
    onExit,
  });
}

describe('Terminal flow control', () => {
  it('pauses the shell while a client is stalled, then delivers everything', async () => {
    let exited = false;
    const terminal = flood(() => (exited = true)); // must not exit while held back
    const client = new FakeClient();
    client.bufferedAmount = 8 * 1024 * 1024; // the network is not taking anything
    terminal.attach(client);
    try {
      await until('some output', () => client.received > 0);
      await new Promise((r) => setTimeout(r, 1500));
      // Held back: far less than the flood, bounded by the high-water mark and a batch.
      expect(client.received).toBeLessThan(2 * 1024 * 1024);
      expect(exited).toBe(false);
      client.bufferedAmount = 0; // the network drains
      await until('the whole flood', () => client.tail.includes('flood-done'), 60_000);
      expect(client.received).toBeGreaterThan(FLOOD);
    } finally {
      terminal.dispose();
    }
  });

  it('paces a client by its acks', async () => {
    const terminal = flood(() => {});
    const client = new FakeClient();
    terminal.attach(client);
    try {
      terminal.ack(client, 0); // this client acks: it is never more than the high-water mark behind
      await until('output', () => client.received > 0);
      await new Promise((r) => setTimeout(r, 1000));
      const heldAt = client.received;
      expect(heldAt).toBeLessThan(2 * 1024 * 1024);
      terminal.ack(client, heldAt);
      await until('more output after the ack', () => client.received > heldAt);
    } finally {
      terminal.dispose();
    }
  });

  it('drops a client that stays stalled, so it cannot hold the shell for ever', async () => {
    const terminal = flood(() => {});
    const stalled = new FakeClient();
    stalled.bufferedAmount = 8 * 1024 * 1024;
    terminal.attach(stalled);
    try {
      await until('the stalled client to be dropped', () => stalled.closed !== null, 30_000);
      expect(stalled.closed).toMatch(/too slow/);
    } finally {
      terminal.dispose();
    }
  }, 40_000);

  it('replays the screen to a client that attaches later', async () => {
    const terminal = new Terminal({ command: { file: 'bash', args: ['-c', 'echo replay-me; sleep 30'] }, onCommand: () => {}, onExit: () => {} });
    const first = new FakeClient();
    terminal.attach(first);
    try {
      await until('output', () => first.messages.some((m) => m.type === 'output' && m.data.includes('replay-me')));
      const later = new FakeClient();
      terminal.attach(later);
      await until('replay', () => later.messages.some((m) => m.type === 'output' && m.data.includes('replay-me')));
    } finally {
      terminal.dispose();
    }
  });
});

describe('Terminal command reports', () => {
  it("announce a command only after its output went out, even when both arrive in one read", async () => {
    const client = new FakeClient();
    let outputSeenAtReport: string | null = null;
    // Output and the OSC 633 end report written by one printf: one PTY read.
    const report = '\\033]633;E;make\\007\\033]633;D;0\\007';
    const terminal = new Terminal({
      command: { file: 'bash', args: ['-c', `sleep 0.3; printf 'built-it\\r\\n${report}'; sleep 30`] },
      scrollback: 100,
      onCommand: () => {
        outputSeenAtReport = client.tail;
      },
      onExit: () => {},
    });
    terminal.attach(client);
    try {
      await until('the report', () => outputSeenAtReport !== null);
      expect(outputSeenAtReport).toContain('built-it');
    } finally {
      terminal.dispose();
    }
  });
});

describe('Terminal input', () => {
  it('refuses a flood the shell does not read, and still lets Ctrl-C through', async () => {
    let exitCode: number | null = null;
    const terminal = new Terminal({
      // A foreground program that reads nothing; Ctrl-C ends it (and the terminal).
      command: { file: 'bash', args: ['-c', 'sleep 30'] },
      scrollback: 100,
      onCommand: () => {},
      onExit: (code) => (exitCode = code),
    });
    const client = new FakeClient();
    terminal.attach(client);
    try {
      await new Promise((r) => setTimeout(r, 300));
      const chunk = 'x'.repeat(60 * 1024);
      let accepted = 0;
      let refused = 0;
      for (let i = 0; i < 200; i++) {
        if (terminal.input(chunk)) accepted += chunk.length;
        else refused++;
        await new Promise((r) => setImmediate(r));
      }
      // 12 MB offered: what the kernel's buffers take, plus at most 256 KiB held here.
      expect(refused).toBeGreaterThan(150);
      expect(accepted).toBeLessThan(2 * 1024 * 1024);
      expect(terminal.input('\x03')).toBe(true);
      await until('Ctrl-C to stop the program', () => exitCode !== null, 10_000);
    } finally {
      terminal.dispose();
    }
  });
});

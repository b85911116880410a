// One shell in a session's engine: a PTY on the server that outlives any one
// browser connection. It mirrors output into a headless terminal so a client
// that (re)attaches gets the screen and recent scrollback, reads the shell's
// command reports, and applies flow control so a flood of output neither
// freezes a browser tab nor grows this process's memory without bound.
import nodePty from 'node-pty';
import xtermHeadless from '@xterm/headless';
import serializeAddon from '@xterm/addon-serialize';
import type { TerminalServerMessage } from '../protocol.js';
import { type FinishedCommand, ShellIntegrationParser } from './shell-integration.js';

const { Terminal: HeadlessTerminal } = xtermHeadless;
const { SerializeAddon } = serializeAddon;

/** A browser connection attached to a terminal (a websocket in production, a fake in tests). */
export interface TerminalClient {
  send(message: TerminalServerMessage): void;
  /** Bytes queued for this client but not yet handed to the network. */
  readonly bufferedAmount: number;
  close(code: number, reason: string): void;
}

export interface TerminalOptions {
  command: { file: string; args: string[] };
  cols?: number;
  rows?: number;
  scrollback?: number;
  /** Screen saved by an earlier server process, replayed before new output. */
  restored?: string;
  onCommand(command: FinishedCommand): void;
  onExit(code: number): void;
  /** Called, at most every few seconds, with the serialized screen to keep. */
  onSnapshot?(screen: string): void;
}

/** Pause the shell when a client is this far behind; resume below the low mark. */
const HIGH_WATER = 1024 * 1024;
const LOW_WATER = 128 * 1024;
/** Output is sent in batches of at most this much. */
const MAX_BATCH = 64 * 1024;
const SNAPSHOT_MS = 2000;
/** After the shell exits, wait for its output to go quiet this long (at most EXIT_DRAIN_MAX_MS). */
const EXIT_QUIET_MS = 100;
const EXIT_DRAIN_MAX_MS = 2000;
const FLOW_POLL_MS = 10;
/** A client that holds the shell paused this long is dropped; it re-attaches with a replay. */
const STALL_MS = 15_000;
/** Typed or pasted input the shell has not read yet, past which more is refused. */
const MAX_PENDING_INPUT = 256 * 1024;

interface Attached {
  client: TerminalClient;
  sent: number;
  /** Bytes the client reported rendered; null until it sends its first ack. */
  acked: number | null;
  /** Output held back until the client's replay is sent; null once it is. */
  queued: string[] | null;
}

export class Terminal {
  private readonly pty: nodePty.IPty;
  private readonly screen: InstanceType<typeof HeadlessTerminal>;
  private readonly serializer: InstanceType<typeof SerializeAddon>;
  private readonly parser: ShellIntegrationParser;
  /** Commands whose end the last read reported, announced once its output is out. */
  private readonly finished: FinishedCommand[] = [];
  private readonly clients = new Set<Attached>();
  private batch = '';
  private flushTimer: NodeJS.Immediate | null = null;
  private flowTimer: NodeJS.Timeout | null = null;
  private snapshotTimer: NodeJS.Timeout | null = null;
  /** Bytes written to the headless screen whose parsing has not finished. */
  private screenBacklog = 0;
  private pausedAt = 0;
  private lastOutputAt = 0;
  private paused = false;
  private exited = false;

  constructor(private readonly options: TerminalOptions) {
    const cols = options.cols ?? 80;
    const rows = options.rows ?? 24;
    this.screen = new HeadlessTerminal({ cols, rows, scrollback: options.scrollback ?? 2000, allowProposedApi: true });
    this.serializer = new SerializeAddon();
    this.screen.loadAddon(this.serializer as unknown as Parameters<typeof this.screen.loadAddon>[0]);
    if (options.restored) this.writeScreen(options.restored);
    this.parser = new ShellIntegrationParser((command) => this.finished.push(command));
    this.pty = nodePty.spawn(options.command.file, options.command.args, {
      name: 'xterm-256color',
      cols,
      rows,
      env: { ...process.env, TERM: 'xterm-256color' },
    });
    this.pty.onData((data) => this.output(data));
    this.pty.onExit(({ exitCode }) => this.drainThenExit(exitCode));
  }

  get alive(): boolean {
    return !this.exited;
  }

  attach(client: TerminalClient): () => void {
    // The replay must hold exactly the output written to the screen so far,
    // and the screen parses asynchronously: serialize once it has caught up,
    // and queue output that arrives meanwhile for after the replay.
    this.flush();
    const entry: Attached = { client, sent: 0, acked: null, queued: [] };
    this.clients.add(entry);
    this.screen.write('', () => {
      if (!this.clients.has(entry)) return;
      const replay = this.serializer.serialize();
      for (const data of [replay, ...(entry.queued ?? [])]) if (data) this.sendOutput(entry, data);
      entry.queued = null;
    });
    return () => this.clients.delete(entry);
  }

  /** Sends a message to every attached client, after the output before it. */
  broadcast(message: TerminalServerMessage): void {
    this.flush();
    for (const { client } of this.clients) client.send(message);
  }

  /**
   * Types into the shell. Refuses (false) input past MAX_PENDING_INPUT that
   * the shell has not read yet: a program that reads nothing (a `sleep` in
   * the foreground) would otherwise make this server hold a flood of it.
   * Ctrl-C first discards what is pending, as a terminal's interrupt does
   * with typeahead, so it gets through.
   */
  input(data: string): boolean {
    if (this.exited) return true;
    if (data.includes('\x03')) discardPendingInput(this.pty);
    if (pendingInput(this.pty) + Buffer.byteLength(data) > MAX_PENDING_INPUT) return false;
    this.pty.write(data);
    return true;
  }

  resize(cols: number, rows: number): void {
    if (this.exited) return;
    this.pty.resize(cols, rows);
    this.screen.resize(cols, rows);
  }

  ack(client: TerminalClient, bytes: number): void {
    for (const entry of this.clients) {
      if (entry.client === client) entry.acked = Math.min(entry.sent, (entry.acked ?? 0) + bytes);
    }
  }

  /**
   * Ends the PTY connection and releases everything this terminal holds,
   * telling attached clients why (e.g. the session ended).
   */
  dispose(reason = 'The terminal was closed.'): void {
    this.stopTimers();
    if (!this.exited) {
      this.exited = true;
      this.pty.kill();
    }
    for (const { client } of this.clients) {
      client.send({ type: 'error', error: 'terminal_closed', message: reason });
      client.close(1000, 'terminal closed');
    }
    this.clients.clear();
    this.screen.dispose();
  }

  /**
   * node-pty may report the exit before the shell's last output is read (and
   * a paused PTY is not read at all): resume it, and handle the exit once the
   * output has gone quiet.
   */
  private drainThenExit(code: number): void {
    const exitedAt = Date.now();
    if (this.paused) this.pty.resume();
    const check = () => {
      const now = Date.now();
      if (now - this.lastOutputAt >= EXIT_QUIET_MS || now - exitedAt >= EXIT_DRAIN_MAX_MS) this.exit(code);
      else setTimeout(check, EXIT_QUIET_MS / 4);
    };
    check();
  }

  private output(data: string): void {
    // A killed PTY can still deliver a last read; nothing may start timers then.
    if (this.exited) return;
    this.lastOutputAt = Date.now();
    const visible = this.parser.push(data);
    if (visible) this.queueOutput(visible);
    if (this.finished.length) {
      // A command's output goes out before its end is announced: whoever
      // reads the report (the web app, lesson checks) has seen the output.
      this.flush();
      for (const command of this.finished.splice(0)) this.options.onCommand(command);
    }
  }

  private queueOutput(visible: string): void {
    this.writeScreen(visible);
    this.batch += visible;
    // Output read in one turn of the event loop goes out as one message at its
    // end: an echoed keystroke waits for nothing, a flood is still batched.
    if (this.batch.length >= MAX_BATCH) this.flush();
    else this.flushTimer ??= setImmediate(() => {
      this.flushTimer = null;
      this.flush();
    });
    this.snapshotTimer ??= setTimeout(() => this.snapshot(), SNAPSHOT_MS);
  }

  private writeScreen(data: string): void {
    this.screenBacklog += data.length;
    this.screen.write(data, () => {
      this.screenBacklog -= data.length;
    });
  }

  private flush(): void {
    if (!this.batch) return;
    const data = this.batch;
    this.batch = '';
    for (const entry of this.clients) {
      if (entry.queued) entry.queued.push(data);
      else this.sendOutput(entry, data);
    }
    this.regulate();
  }

  private sendOutput(entry: Attached, data: string): void {
    entry.client.send({ type: 'output', data });
    entry.sent += data.length;
  }

  /** Pauses the PTY while any client or the headless screen is too far behind. */
  private regulate(): void {
    const lag = this.maxLag();
    if (!this.paused && lag > HIGH_WATER) {
      this.paused = true;
      this.pausedAt = Date.now();
      this.pty.pause();
    }
    if (this.paused && Date.now() - this.pausedAt > STALL_MS) this.dropStalledClients();
    if (this.paused && lag < LOW_WATER) {
      this.paused = false;
      this.pty.resume();
    }
    if (this.paused) this.flowTimer ??= setTimeout(() => {
      this.flowTimer = null;
      this.regulate();
    }, FLOW_POLL_MS);
  }

  private maxLag(): number {
    let lag = this.screenBacklog;
    for (const entry of this.clients) lag = Math.max(lag, clientLag(entry));
    return lag;
  }

  private dropStalledClients(): void {
    for (const entry of this.clients) {
      if (clientLag(entry) > LOW_WATER) {
        this.clients.delete(entry);
        entry.client.close(4408, 'terminal client too slow');
      }
    }
  }

  private snapshot(): void {
    this.snapshotTimer = null;
    this.options.onSnapshot?.(this.serializer.serialize());
  }

  private exit(code: number): void {
    if (this.exited) return;
    this.flush();
    this.exited = true;
    this.stopTimers();
    for (const { client } of this.clients) {
      client.send({ type: 'exit', code });
      client.close(1000, 'shell exited');
    }
    this.clients.clear();
    this.options.onExit(code);
  }

  private stopTimers(): void {
    if (this.flushTimer) clearImmediate(this.flushTimer);
    for (const timer of [this.flowTimer, this.snapshotTimer]) if (timer) clearTimeout(timer);
    this.flushTimer = this.flowTimer = this.snapshotTimer = null;
  }
}

function clientLag({ client, sent, acked }: Attached): number {
  return Math.max(client.bufferedAmount, acked === null ? 0 : sent - acked);
}

/**
 * node-pty (1.x) queues what the shell has not taken yet in its write stream;
 * the queue is not public API, so every use checks its shape and, if it ever
 * changes, input is simply no longer bounded (terminal.test.ts would say so).
 */
interface WriteStream {
  _writeQueue: { buffer: Buffer; offset: number }[];
  /** Set while waiting to retry after EAGAIN: no write is in flight then. */
  _writeImmediate?: NodeJS.Immediate;
}

function writeStream(pty: nodePty.IPty): WriteStream | null {
  const stream = (pty as unknown as { _writeStream?: Partial<WriteStream> })._writeStream;
  return stream && Array.isArray(stream._writeQueue) ? (stream as WriteStream) : null;
}

function pendingInput(pty: nodePty.IPty): number {
  return (writeStream(pty)?._writeQueue ?? []).reduce((bytes, task) => bytes + task.buffer.length - task.offset, 0);
}

function discardPendingInput(pty: nodePty.IPty): void {
  const stream = writeStream(pty);
  if (!stream) return;
  if (stream._writeImmediate) {
    // Nothing in flight, only a retry waiting: drop it all, retry included.
    clearImmediate(stream._writeImmediate);
    stream._writeImmediate = undefined;
    stream._writeQueue.length = 0;
  } else {
    // The first entry may be part-way through a write; drop the rest.
    stream._writeQueue.splice(1);
  }
}

// A terminal websocket client for the benchmarks, as a browser would attach:
// it counts what it reads, acks it when asked to (as the web client does
// after rendering), and runs command lines until the server reports them done.
import WebSocket from 'ws';
import type { CommandLogEntry, CreateSessionResponse, TerminalClientMessage, TerminalServerMessage } from '../protocol.js';
import { type ShellLink, keepTail } from './shell-link.js';

export interface TerminalClientOptions {
  term?: string;
  /** Send {type:"ack"} for every output message read; without, the server sees only the socket's buffer. */
  ack?: boolean;
}

export class TerminalClient implements ShellLink {
  /** Output read so far, in JavaScript string length (what acks count). */
  received = 0;
  tail = '';
  private readonly outputListeners = new Set<(data: string) => void>();
  private readonly messageListeners = new Set<(message: TerminalServerMessage) => void>();

  private constructor(
    private readonly ws: WebSocket,
    ack: boolean,
  ) {
    ws.on('message', (raw) => {
      const message = JSON.parse(raw.toString()) as TerminalServerMessage;
      if (message.type === 'output') {
        this.received += message.data.length;
        this.tail = keepTail(this.tail, message.data);
        if (ack) this.send({ type: 'ack', bytes: message.data.length });
        for (const listener of this.outputListeners) listener(message.data);
      }
      for (const listener of this.messageListeners) listener(message);
    });
  }

  static connect(base: string, session: CreateSessionResponse, options: TerminalClientOptions = {}): Promise<TerminalClient> {
    const url = `${base.replace(/^http/, 'ws')}/api/sessions/${session.id}/terminal?token=${session.token}&term=${options.term ?? '1'}`;
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const client = new TerminalClient(ws, options.ack ?? false);
      ws.once('open', () => resolve(client));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`terminal websocket refused: ${res.statusCode}`)));
    });
  }

  send(message: TerminalClientMessage): void {
    this.ws.send(JSON.stringify(message));
  }

  write(data: string): void {
    this.send({ type: 'input', data });
  }

  onOutput(listener: (data: string) => void): () => void {
    this.outputListeners.add(listener);
    return () => this.outputListeners.delete(listener);
  }

  /** Types a command line and resolves with its log entry once it finishes; it must exit 0. */
  run(line: string, timeoutMs = 120_000): Promise<CommandLogEntry> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`timed out running ${JSON.stringify(line)}`)), timeoutMs);
      const listener = (message: TerminalServerMessage) => {
        if (message.type !== 'command' || message.command.line !== line) return;
        if (message.command.exitCode === 0) done(null, message.command);
        else done(new Error(`${JSON.stringify(line)} exited ${message.command.exitCode}`));
      };
      const done = (err: Error | null, entry?: CommandLogEntry) => {
        clearTimeout(timer);
        this.messageListeners.delete(listener);
        if (entry) resolve(entry);
        else reject(err);
      };
      this.messageListeners.add(listener);
      this.write(`${line}\r`);
    });
  }

  /** Resolves with the next message of the given type. */
  next<T extends TerminalServerMessage['type']>(type: T, timeoutMs = 60_000): Promise<Extract<TerminalServerMessage, { type: T }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.messageListeners.delete(listener);
        reject(new Error(`timed out waiting for a ${type} message`));
      }, timeoutMs);
      const listener = (message: TerminalServerMessage) => {
        if (message.type !== type) return;
        clearTimeout(timer);
        this.messageListeners.delete(listener);
        resolve(message as Extract<TerminalServerMessage, { type: T }>);
      };
      this.messageListeners.add(listener);
    });
  }

  close(): void {
    this.ws.close();
  }
}

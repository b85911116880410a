// Websocket transport for terminals: authorizes the upgrade, then relays
// protocol messages between one socket and the session's terminal. An
// instructor may watch a learner's terminal, read-only.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { toAppError } from '../errors.js';
import { parseTerminalClientMessage, TERMINAL_LIMITS, type TerminalServerMessage } from '../protocol.js';
import type { SessionService } from '../sessions.js';
import type { TerminalClient } from '../terminal/terminal.js';
import type { TerminalService } from '../terminal/terminals.js';
import { sessionToken } from './request.js';

const TERMINAL_ROUTE = /^\/api\/sessions\/([a-z0-9]{1,32})\/terminal$/;
const WATCH_ROUTE = /^\/api\/workshops\/([a-z0-9]{1,32})\/sessions\/([a-z0-9]{1,32})\/terminal$/;

/** Authorizes an instructor to watch a learner's session; resolves with its engine. */
export type WatchAuthorizer = (req: IncomingMessage, workshop: string, session: string) => Promise<string>;
/** Input larger than the protocol allows is refused by ws itself, with room for JSON. */
const MAX_FRAME = TERMINAL_LIMITS.maxInputBytes * 2;

export class TerminalSockets {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME });

  constructor(
    private readonly sessions: SessionService,
    private readonly terminals: TerminalService,
    private readonly authorizeWatch: WatchAuthorizer,
  ) {}

  /** Handles an HTTP upgrade; returns false if it is not a terminal route. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): boolean {
    const term = url.searchParams.get('term') ?? '1';
    const match = TERMINAL_ROUTE.exec(url.pathname);
    if (match) {
      const id = match[1] ?? '';
      void this.open(req, socket, head, async () => {
        const session = this.sessions.authorize(id, sessionToken(req, id, url));
        return { session: id, engine: await this.sessions.runningEngine(session), term, readOnly: false };
      });
      return true;
    }
    const watch = WATCH_ROUTE.exec(url.pathname);
    if (watch) {
      const [, workshop = '', session = ''] = watch;
      void this.open(req, socket, head, async () => ({ session, engine: await this.authorizeWatch(req, workshop, session), term, readOnly: true }));
      return true;
    }
    return false;
  }

  close(): void {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }

  private async open(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    authorize: () => Promise<{ session: string; engine: string; term: string; readOnly: boolean }>,
  ): Promise<void> {
    let target;
    try {
      target = await authorize();
    } catch (err) {
      const error = toAppError(err);
      const body = JSON.stringify(error.toBody());
      socket.end(
        `HTTP/1.1 ${error.status} ${error.code}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
      return;
    }
    const { session, engine, term, readOnly } = target;
    this.wss.handleUpgrade(req, socket, head, (ws) => this.relay(ws, session, engine, term, readOnly));
  }

  /** Relays one socket; a read-only one (an instructor watching) sees everything and types nothing. */
  private relay(ws: WebSocket, session: string, engine: string, term: string, readOnly: boolean): void {
    const client: TerminalClient = {
      send: (message: TerminalServerMessage) => {
        if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
      },
      get bufferedAmount() {
        return ws.bufferedAmount;
      },
      close: (code, reason) => ws.close(code, reason),
    };
    let terminal;
    try {
      terminal = this.terminals.open(session, engine, term);
    } catch (err) {
      const error = toAppError(err);
      client.send({ type: 'error', error: error.code, message: error.message });
      ws.close(1008, error.code);
      return;
    }
    const detach = terminal.attach(client);
    ws.on('message', (raw, isBinary) => {
      const message = parseTerminalClientMessage(isBinary ? '' : raw.toString());
      if (typeof message === 'string') {
        client.send({ type: 'error', error: 'bad_message', message });
        return;
      }
      if (readOnly && message.type !== 'ack') {
        client.send({ type: 'error', error: 'read_only', message: 'This view of the terminal is read-only.' });
        return;
      }
      switch (message.type) {
        case 'input':
          this.sessions.touch(session);
          if (!terminal.input(message.data)) {
            client.send({
              type: 'error',
              error: 'input_dropped',
              message: 'The program in the foreground is not reading what you type, so this input was dropped. Press Ctrl-C to stop it.',
            });
          }
          break;
        case 'resize':
          terminal.resize(message.cols, message.rows);
          break;
        case 'ack':
          terminal.ack(client, message.bytes);
          break;
      }
    });
    ws.on('close', detach);
    ws.on('error', detach);
  }
}

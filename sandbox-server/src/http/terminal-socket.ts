// Websocket transport for terminals: authorizes the upgrade, then relays
// protocol messages between one socket and the session's terminal.
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
/** Input larger than the protocol allows is refused by ws itself, with room for JSON. */
const MAX_FRAME = TERMINAL_LIMITS.maxInputBytes * 2;

export class TerminalSockets {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME });

  constructor(
    private readonly sessions: SessionService,
    private readonly terminals: TerminalService,
  ) {}

  /** Handles an HTTP upgrade; returns false if it is not a terminal route. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): boolean {
    const match = TERMINAL_ROUTE.exec(url.pathname);
    if (!match) return false;
    const id = match[1] ?? '';
    void this.open(id, req, socket, head, url);
    return true;
  }

  close(): void {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }

  private async open(id: string, req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): Promise<void> {
    let engine: string;
    try {
      const session = this.sessions.authorize(id, sessionToken(req, id, url));
      engine = await this.sessions.runningEngine(session);
    } catch (err) {
      const error = toAppError(err);
      const body = JSON.stringify(error.toBody());
      socket.end(
        `HTTP/1.1 ${error.status} ${error.code}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.relay(ws, id, engine, url.searchParams.get('term') ?? '1'));
  }

  private relay(ws: WebSocket, session: string, engine: string, term: string): void {
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
      switch (message.type) {
        case 'input':
          this.sessions.touch(session);
          terminal.input(message.data);
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

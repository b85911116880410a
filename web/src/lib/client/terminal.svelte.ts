// One terminal tab: an xterm in the page attached to a shell on the server
// over a websocket, re-attaching with backoff when the connection drops and
// acknowledging rendered output so a flood cannot freeze the tab. Read-only
// tabs (an instructor watching a learner) only show what the shell prints.
import { FitAddon } from '@xterm/addon-fit';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import {
  TERMINAL_LIMITS,
  type CommandLogEntry,
  type StepProgress,
  type TerminalClientMessage,
  type TerminalServerMessage,
} from '@dockyard/sandbox-server/protocol';
import { Backoff } from './backoff';
import { terminalTheme } from './theme.svelte';

export type ConnectionStatus =
  /** First connection, or re-attaching right after a drop. */
  | 'connecting'
  | 'connected'
  /** Dropped; waiting `retryAt` before the next attempt. */
  | 'reconnecting'
  /** The shell exited; Enter starts a new one. */
  | 'exited'
  /** A read-only view with nothing to re-attach to: the session ended, or the server kept refusing. */
  | 'ended'
  /** Released for good (tab closed). */
  | 'closed';

export interface TerminalEvents {
  command(entry: CommandLogEntry): void;
  /** The lesson's checks ran (after a command or a save): every step's result. */
  progress(steps: StepProgress[]): void;
  /** The socket could not be opened or dropped: the session may have ended. */
  trouble(): void;
  /** Something was typed into the shell (it counts as activity on the server). */
  input(): void;
  /** A message from the workshop's instructor. */
  broadcast(message: Broadcast): void;
  /** The server closed the terminal, saying why (the session ended, the server restarts). */
  closed(reason: string): void;
}

/**
 * Whether a terminal_closed reason means the session itself ended. The
 * protocol has one error code for every close, so the server's sentence
 * ("The session has ended (the workshop ended).") is what tells.
 */
export function endsSession(reason: string): boolean {
  return /^The session has ended\b/.test(reason);
}

export interface Broadcast {
  message: string;
  at: string;
}

export interface TerminalOptions {
  /** Watch only: no input, no resizes (the shell keeps its owner's size). */
  readOnly?: boolean;
}

/** Acknowledge rendered output in batches: every 64 KiB or 100 ms, whichever first. */
const ACK_BYTES = 64 * 1024;
const ACK_MS = 100;
/** Pastes are split below the server's per-message limit. */
const INPUT_CHUNK = Math.floor(TERMINAL_LIMITS.maxInputBytes / 2);
/** A watcher gives up after this many attempts in a row that the server refused. */
const WATCH_ATTEMPTS = 3;

export class TerminalTab {
  status = $state<ConnectionStatus>('connecting');
  /** When the next re-attach attempt happens, while reconnecting. */
  retryAt = $state(0);
  /** A note from the server, e.g. why the terminal was closed. */
  notice = $state<string | null>(null);
  /** Whether "input dropped" was said since the last command finished: once is enough. */
  private inputDroppedShown = false;

  readonly element: HTMLDivElement;
  private readonly term: Terminal;
  private readonly fit = new FitAddon();
  private socket: WebSocket | null = null;
  private readonly backoff = new Backoff();
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private ackTimer: ReturnType<typeof setTimeout> | null = null;
  private unacked = 0;
  private refusals = 0;
  private opened = false;
  private disposed = false;
  private readonly disposables: { dispose(): void }[] = [];

  readonly readOnly: boolean;

  constructor(
    /** Opens a new socket to the shell (on every attach and re-attach). */
    private readonly openSocket: () => WebSocket,
    readonly name: string,
    private readonly events: TerminalEvents,
    dark: boolean,
    options: TerminalOptions = {},
  ) {
    this.readOnly = options.readOnly ?? false;
    this.element = document.createElement('div');
    this.element.className = 'xterm-host';
    this.term = new Terminal({
      cursorBlink: !this.readOnly,
      disableStdin: this.readOnly,
      fontFamily: 'ui-monospace, "Cascadia Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace',
      fontSize: 13,
      lineHeight: 1.15,
      scrollback: 5000,
      theme: terminalTheme(dark),
      allowProposedApi: false,
    });
    this.term.loadAddon(this.fit);
    this.term.loadAddon(new WebLinksAddon((event, uri) => {
      event.preventDefault();
      window.open(uri, '_blank', 'noopener');
    }));
    this.term.attachCustomKeyEventHandler((e) => this.onKey(e));
    this.disposables.push(
      this.term.onData((data) => this.onData(data)),
      this.term.onResize(({ cols, rows }) => this.sendResize(cols, rows)),
    );
    this.connect();
  }

  /** Shows the terminal inside `container` (it stays the same xterm across re-mounts). */
  mount(container: HTMLElement): void {
    container.appendChild(this.element);
    if (!this.opened) {
      this.term.open(this.element);
      this.opened = true;
    }
    this.resize();
  }

  /** Fits the terminal to its container; a hidden container keeps the old size. */
  resize(): void {
    if (!this.opened || this.element.offsetWidth === 0 || this.element.offsetHeight === 0) return;
    try {
      this.fit.fit();
    } catch {
      // The renderer is not measured yet; the next resize fits.
    }
  }

  focus(): void {
    this.term.focus();
  }

  /**
   * Types command lines into the shell and runs them (the guide's run
   * buttons); several lines run one after the other. False when the shell is
   * not connected, so nothing was typed.
   */
  run(command: string): boolean {
    if (this.status !== 'connected' || this.readOnly) return false;
    this.events.input();
    // Enter is a carriage return on a terminal.
    this.send({ type: 'input', data: `${command.replace(/\r?\n/g, '\r')}\r` });
    return true;
  }

  setTheme(dark: boolean): void {
    this.term.options.theme = terminalTheme(dark);
  }

  /** Ends the shell on the server (the learner closed the tab), then releases everything. */
  endShell(): void {
    // Interrupt whatever runs, then exit; there is no API to close a terminal.
    this.send({ type: 'input', data: '\x03' });
    this.send({ type: 'input', data: 'exit\r' });
    this.dispose();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.status = 'closed';
    this.clearTimers();
    this.flushAck();
    this.dropSocket();
    for (const d of this.disposables) d.dispose();
    this.term.dispose();
    this.element.remove();
  }

  private connect(): void {
    if (this.disposed) return;
    this.clearRetry();
    this.status = 'connecting';
    const socket = (this.socket = this.openSocket());
    let attached = false;
    socket.onopen = () => {
      attached = true;
      this.refusals = 0;
      this.status = 'connected';
      this.notice = null;
      this.backoff.reset();
      this.unacked = 0;
      // The server replays the screen on attach: start from a clean slate.
      this.term.reset();
      this.sendResize(this.term.cols, this.term.rows);
      this.resize();
    };
    socket.onmessage = (event) => {
      if (typeof event.data !== 'string') return;
      let message: TerminalServerMessage;
      try {
        message = JSON.parse(event.data) as TerminalServerMessage;
      } catch {
        return;
      }
      this.receive(message);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.disposed || this.status === 'exited') return;
      if (!attached || this.notice) this.events.trouble();
      // A watcher does not knock on a closed session's door: the owner's page tells its learner.
      if (this.readOnly && this.notice && endsSession(this.notice)) return void (this.status = 'ended');
      if (this.readOnly && !attached && ++this.refusals >= WATCH_ATTEMPTS) {
        this.notice = 'The learner’s terminal cannot be opened; their session may have ended.';
        return void (this.status = 'ended');
      }
      this.scheduleReconnect();
    };
  }

  private receive(message: TerminalServerMessage): void {
    switch (message.type) {
      case 'output': {
        const bytes = message.data.length;
        this.term.write(message.data, () => this.rendered(bytes));
        break;
      }
      case 'exit': {
        this.status = 'exited';
        this.flushAck();
        const how = `shell exited${message.code ? ` with code ${message.code}` : ''}`;
        this.term.write(`\r\n\x1b[2m[${how}${this.readOnly ? '' : ' — press Enter to start a new one'}]\x1b[0m\r\n`);
        this.dropSocket();
        break;
      }
      case 'command':
        this.inputDroppedShown = false;
        this.events.command(message.command);
        break;
      case 'progress':
        this.events.progress(message.steps);
        break;
      case 'broadcast':
        this.events.broadcast({ message: message.message, at: message.at });
        break;
      case 'error':
        if (message.error === 'terminal_closed') {
          this.notice = message.message;
          this.term.write(`\r\n\x1b[33m${message.message}\x1b[0m\r\n`);
          this.events.closed(message.message);
        } else if (message.error === 'input_dropped') {
          // Said in the terminal itself, where the learner is looking, once per stuck program.
          if (!this.inputDroppedShown) this.term.write(`\r\n\x1b[33m${message.message}\x1b[0m\r\n`);
          this.inputDroppedShown = true;
        } else {
          console.warn(`[dockyard] terminal ${this.name}: ${message.error}: ${message.message}`);
        }
        break;
    }
  }

  private rendered(bytes: number): void {
    this.unacked += bytes;
    if (this.unacked >= ACK_BYTES) this.flushAck();
    else this.ackTimer ??= setTimeout(() => this.flushAck(), ACK_MS);
  }

  private flushAck(): void {
    if (this.ackTimer) clearTimeout(this.ackTimer);
    this.ackTimer = null;
    if (this.unacked > 0) this.send({ type: 'ack', bytes: this.unacked });
    this.unacked = 0;
  }

  private onData(data: string): void {
    if (this.readOnly) return;
    if (this.status === 'exited') {
      if (data.includes('\r')) this.connect();
      return;
    }
    this.events.input();
    for (let i = 0; i < data.length; i += INPUT_CHUNK) this.send({ type: 'input', data: data.slice(i, i + INPUT_CHUNK) });
  }

  /** Ctrl+Shift+C/V copy and paste; app shortcuts are left to the page. */
  private onKey(e: KeyboardEvent): boolean {
    if (e.type !== 'keydown') return true;
    const mod = e.ctrlKey || e.metaKey;
    if (mod && e.shiftKey && e.code === 'KeyC') {
      // Chrome would open the element inspector; copy the selection instead.
      e.preventDefault();
      const selection = this.term.getSelection();
      if (!selection) return false;
      // The clipboard API needs a secure context; elsewhere xterm answers the copy command itself.
      if (navigator.clipboard) void navigator.clipboard.writeText(selection).catch(() => document.execCommand('copy'));
      else document.execCommand('copy');
      return false;
    }
    // Ctrl+Shift+V is the browser's own paste, which xterm handles: only keep xterm from sending a key.
    if (mod && e.shiftKey && e.code === 'KeyV') return false;
    // Ctrl+S and Ctrl+` belong to the IDE, not the shell.
    if (mod && (e.code === 'KeyS' || e.code === 'Backquote')) return false;
    return true;
  }

  private sendResize(cols: number, rows: number): void {
    // A watcher must not resize the shell under the learner who owns it.
    if (!this.readOnly) this.send({ type: 'resize', cols, rows });
  }

  private send(message: TerminalClientMessage): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private scheduleReconnect(): void {
    const delay = this.backoff.next();
    this.status = 'reconnecting';
    this.retryAt = Date.now() + delay;
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  /** Reconnect now instead of waiting for the backoff (the learner asked). */
  reconnectNow(): void {
    if (this.status === 'reconnecting' || (this.readOnly && this.status === 'exited')) this.connect();
  }

  private dropSocket(): void {
    const socket = this.socket;
    this.socket = null;
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onclose = null;
    if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.close(1000, 'closed');
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private clearTimers(): void {
    this.clearRetry();
    if (this.ackTimer) clearTimeout(this.ackTimer);
    this.ackTimer = null;
  }
}

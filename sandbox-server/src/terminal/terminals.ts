// Every terminal of every session: created on first attach, kept while the
// session lives, so a reload or a dropped connection finds the same shell.
import type { EngineProvider } from '../engines/provider.js';
import { BadRequest } from '../errors.js';
import type { CommandLogEntry, TerminalServerMessage } from '../protocol.js';
import type { Store } from '../store.js';
import { Terminal } from './terminal.js';

const TERM_NAME = /^[a-zA-Z0-9_-]{1,32}$/;
const MAX_TERMINALS_PER_SESSION = 8;

export interface TerminalEvents {
  /** A command finished in one of the session's terminals. */
  onCommand(session: string, entry: CommandLogEntry): void;
}

export class TerminalService {
  private readonly sessions = new Map<string, Map<string, Terminal>>();

  constructor(
    private readonly engines: EngineProvider,
    private readonly store: Store,
    private readonly events: TerminalEvents,
  ) {}

  /** The session's terminal named `term`, started if it is not running. */
  open(session: string, engine: string, term: string): Terminal {
    if (!TERM_NAME.test(term)) throw new BadRequest('Terminal names are 1-32 letters, digits, "-" or "_".');
    let terms = this.sessions.get(session);
    if (!terms) this.sessions.set(session, (terms = new Map()));
    const existing = terms.get(term);
    if (existing?.alive) return existing;
    if (terms.size >= MAX_TERMINALS_PER_SESSION && !existing) {
      throw new BadRequest(`A session has at most ${MAX_TERMINALS_PER_SESSION} terminals; close one first.`);
    }
    const terminal = new Terminal({
      command: this.engines.shellCommand(engine, term),
      restored: this.store.scrollback(session, term),
      onCommand: (command) => {
        const entry: CommandLogEntry = { term, ...command, at: new Date().toISOString() };
        this.store.addCommand(session, entry);
        this.broadcast(session, { type: 'command', command: entry });
        this.events.onCommand(session, entry);
      },
      onSnapshot: (screen) => this.store.saveScrollback(session, term, screen),
      onExit: () => {
        if (terms.get(term) === terminal) terms.delete(term);
        this.store.deleteScrollback(session, term);
      },
    });
    terms.set(term, terminal);
    return terminal;
  }

  /** Sends a message to every client of every terminal of the session. */
  broadcast(session: string, message: TerminalServerMessage): void {
    for (const terminal of this.sessions.get(session)?.values() ?? []) terminal.broadcast(message);
  }

  /** Releases every terminal of the session (its engine is going away). */
  closeSession(session: string, reason?: string): void {
    for (const terminal of this.sessions.get(session)?.values() ?? []) terminal.dispose(reason);
    this.sessions.delete(session);
  }

  closeAll(): void {
    for (const session of [...this.sessions.keys()]) this.closeSession(session, 'The server is restarting; reconnecting.');
  }
}

// The session's terminal tabs: named "1", "2", ... as the server's `term`
// parameter, restored after a reload so each tab finds its own shell again.
import type { CommandLogEntry, StepProgress } from '@dockyard/sandbox-server/protocol';
import * as api from './api';
import type { Credentials } from './api';
import { Channel } from './events';
import { type Broadcast, TerminalTab } from './terminal.svelte';

/** The server keeps at most this many terminals per session. */
export const MAX_TERMINALS = 8;

export class Terminals {
  tabs = $state<TerminalTab[]>([]);
  active = $state('1');
  /** A finished command, from whichever terminal ran it (each one is reported once). */
  readonly commands = new Channel<CommandLogEntry>();
  /** Lesson check results; every attached terminal carries each round, so a round may come more than once. */
  readonly progress = new Channel<StepProgress[]>();
  readonly trouble = new Channel<void>();
  readonly input = new Channel<void>();
  /** The instructor's messages, each once (every attached terminal carries it). */
  readonly broadcasts = new Channel<Broadcast>();
  /** Why the server closed a terminal (each tab reports its own). */
  readonly closed = new Channel<string>();
  private readonly seen: string[] = [];

  constructor(
    private readonly credentials: Credentials,
    private dark: boolean,
    names: string[],
    active: string,
  ) {
    const valid = names.filter((n) => /^[1-9][0-9]?$/.test(n)).slice(0, MAX_TERMINALS);
    for (const name of valid.length ? [...new Set(valid)] : ['1']) this.tabs.push(this.create(name));
    this.active = this.tabs.some((t) => t.name === active) ? active : (this.tabs[0]?.name ?? '1');
  }

  get current(): TerminalTab | undefined {
    return this.tabs.find((t) => t.name === this.active);
  }

  get canAdd(): boolean {
    return this.tabs.length < MAX_TERMINALS;
  }

  /** Opens a new terminal tab with the lowest free number. */
  add(): TerminalTab | null {
    if (!this.canAdd) return null;
    let n = 1;
    while (this.tabs.some((t) => t.name === String(n))) n++;
    const tab = this.create(String(n));
    this.tabs.push(tab);
    this.tabs.sort((a, b) => Number(a.name) - Number(b.name));
    this.active = tab.name;
    return tab;
  }

  /** Closes a tab and ends its shell; the last tab cannot be closed. */
  close(name: string): void {
    if (this.tabs.length <= 1) return;
    const index = this.tabs.findIndex((t) => t.name === name);
    const tab = this.tabs[index];
    if (!tab) return;
    tab.endShell();
    this.tabs.splice(index, 1);
    if (this.active === name) this.active = (this.tabs[Math.min(index, this.tabs.length - 1)] ?? this.tabs[0])?.name ?? '1';
  }

  select(name: string): void {
    if (this.tabs.some((t) => t.name === name)) this.active = name;
  }

  setTheme(dark: boolean): void {
    this.dark = dark;
    for (const tab of this.tabs) tab.setTheme(dark);
  }

  dispose(): void {
    for (const tab of this.tabs) tab.dispose();
    this.tabs = [];
  }

  private create(name: string): TerminalTab {
    return new TerminalTab(
      () => api.openTerminalSocket(this.credentials, name),
      name,
      {
        command: (entry) => this.command(entry),
        progress: (steps) => this.progress.emit(steps),
        trouble: () => this.trouble.emit(),
        input: () => this.input.emit(),
        closed: (reason) => this.closed.emit(reason),
        broadcast: (message) => {
          if (this.once(`broadcast\n${message.at}\n${message.message}`)) this.broadcasts.emit(message);
        },
      },
      this.dark,
    );
  }

  private command(entry: CommandLogEntry): void {
    // The server sends each command to every attached terminal: pass it on once.
    if (this.once(`${entry.term}\n${entry.at}\n${entry.line}`)) this.commands.emit(entry);
  }

  /** True the first time `key` is seen (among the last 50). */
  private once(key: string): boolean {
    if (this.seen.includes(key)) return false;
    this.seen.push(key);
    if (this.seen.length > 50) this.seen.shift();
    return true;
  }
}

// Watching one learner, read-only, for the instructor's side panel: their
// terminal as they see it, and their workspace files (folders listed as they
// are opened, re-listed after each command the learner runs).
import type { FileEntry } from '@dockyard/sandbox-server/protocol';
import { SvelteMap, SvelteSet } from 'svelte/reactivity';
import * as api from '../api';
import { toApiError } from '../errors';
import { TerminalTab } from '../terminal.svelte';

export interface WatchedDir {
  entries: FileEntry[] | null;
  error: string | null;
}

export type OpenFile =
  | { path: string; kind: 'loading' }
  | { path: string; kind: 'text'; text: string }
  | { path: string; kind: 'binary'; size: number }
  | { path: string; kind: 'error'; message: string };

/** After a command, re-list open folders a moment later (a burst makes one refresh). */
const REFRESH_DELAY_MS = 400;

export class LearnerWatch {
  readonly terminal: TerminalTab;
  readonly dirs = new SvelteMap<string, WatchedDir>();
  readonly expanded = new SvelteSet<string>(['']);
  file = $state<OpenFile | null>(null);
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;

  constructor(
    readonly workshop: string,
    readonly session: string,
    dark: boolean,
  ) {
    const noop = () => {};
    this.terminal = new TerminalTab(
      () => api.openLearnerTerminalSocket(workshop, session, '1'),
      '1',
      { command: () => this.refreshSoon(), progress: noop, trouble: noop, input: noop, broadcast: noop, closed: noop },
      dark,
      { readOnly: true },
    );
    void this.load('');
  }

  async load(dir: string): Promise<void> {
    try {
      const entries = await api.listLearnerFiles(this.workshop, this.session, dir);
      if (this.disposed) return;
      // Folders first, then by name, as the learner's own tree shows them.
      entries.sort((a, b) => Number(b.type === 'dir') - Number(a.type === 'dir') || a.name.localeCompare(b.name));
      this.dirs.set(dir, { entries, error: null });
    } catch (err) {
      if (!this.disposed) this.dirs.set(dir, { entries: this.dirs.get(dir)?.entries ?? null, error: toApiError(err).message });
    }
  }

  async toggle(dir: string): Promise<void> {
    if (this.expanded.delete(dir)) return;
    this.expanded.add(dir);
    await this.load(dir);
  }

  /** Shows a file in the viewer: text as it is, anything else as its size. */
  async open(path: string): Promise<void> {
    this.file = { path, kind: 'loading' };
    try {
      const bytes = await api.readLearnerFile(this.workshop, this.session, path);
      if (this.file?.path !== path) return;
      try {
        this.file = { path, kind: 'text', text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
      } catch {
        this.file = { path, kind: 'binary', size: bytes.byteLength };
      }
    } catch (err) {
      if (this.file?.path === path) this.file = { path, kind: 'error', message: toApiError(err).message };
    }
  }

  refresh(): void {
    for (const dir of this.expanded) void this.load(dir);
    if (this.file && this.file.kind !== 'loading') void this.open(this.file.path);
  }

  setTheme(dark: boolean): void {
    this.terminal.setTheme(dark);
  }

  dispose(): void {
    this.disposed = true;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.terminal.dispose();
  }

  private refreshSoon(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      this.refresh();
    }, REFRESH_DELAY_MS);
  }
}

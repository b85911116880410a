// The files open in the editor: their text as last saved, dirty markers,
// saving, and noticing when a file changes on disk (from the terminal).
// The buffers themselves live in the editor component (a BufferHost).
import type { FileEntry } from '@dockyard/sandbox-server/protocol';
import * as api from './api';
import type { Credentials } from './api';
import { toApiError } from './errors';
import { Channel } from './events';
import { basename, parent, within } from './paths';

export type FileView = 'loading' | 'text' | 'binary' | 'too_large' | 'error';

export interface OpenFile {
  path: string;
  view: FileView;
  error: string | null;
  /** Content as last read from or written to disk. */
  savedText: string;
  /** Disk mtime matching savedText, when known. */
  mtime: number | null;
  dirty: boolean;
  saving: boolean;
  /** The file changed or vanished on disk while the buffer had unsaved edits (or was open). */
  conflict: 'changed' | 'deleted' | null;
  /** Bumped whenever savedText replaces the buffer (first load, reload). */
  revision: number;
}

/** What the editor component provides: the live buffers. */
export interface BufferHost {
  text(path: string): string | null;
  /** An opaque version of the buffer, to tell later edits from the saved state. */
  version(path: string): number;
  markSaved(path: string, version: number): void;
}

/** Bytes sniffed for NUL to tell binary files from text. */
const SNIFF_BYTES = 8000;

export class EditorFiles {
  files = $state<OpenFile[]>([]);
  active = $state<string | null>(null);
  notice = $state<string | null>(null);
  /** Bumped when the editor should take the keyboard (a file was just created). */
  focusRequests = $state(0);
  host: BufferHost | null = null;
  /** An open file moved (renamed here or with a folder above it): buffers follow. */
  readonly moves = new Channel<{ from: string; to: string }>();
  private checking = false;

  constructor(private readonly credentials: Credentials) {}

  get current(): OpenFile | undefined {
    return this.files.find((f) => f.path === this.active);
  }

  get anyDirty(): boolean {
    return this.files.some((f) => f.dirty);
  }

  find(path: string): OpenFile | undefined {
    return this.files.find((f) => f.path === path);
  }

  /**
   * Opens `path` in a tab and shows it. `focus` moves the keyboard to the
   * editor; `restore` (after a reload) drops files that no longer exist.
   */
  async open(path: string, options: { focus?: boolean; restore?: boolean } = {}): Promise<void> {
    this.active = path;
    if (options.focus) this.focusRequests++;
    if (this.find(path)) return;
    this.files.push({ path, view: 'loading', error: null, savedText: '', mtime: null, dirty: false, saving: false, conflict: null, revision: 0 });
    await this.load(path);
    if (options.restore && this.find(path)?.view === 'error') this.close(path);
  }

  close(path: string): void {
    const index = this.files.findIndex((f) => f.path === path);
    if (index < 0) return;
    this.files.splice(index, 1);
    if (this.active === path) this.active = (this.files[Math.min(index, this.files.length - 1)] ?? null)?.path ?? null;
  }

  setDirty(path: string, dirty: boolean): void {
    const file = this.find(path);
    if (file && file.dirty !== dirty) file.dirty = dirty;
  }

  /** Writes the buffer of `path` (default: the active file) to the workspace. */
  async save(path = this.active): Promise<boolean> {
    const file = path ? this.find(path) : undefined;
    if (!file || !this.host || file.view !== 'text' || file.saving) return false;
    const text = this.host.text(file.path);
    if (text === null) return false;
    const version = this.host.version(file.path);
    file.saving = true;
    try {
      await api.writeFile(this.credentials, file.path, text);
      this.host.markSaved(file.path, version);
      file.savedText = text;
      file.conflict = null;
      file.dirty = this.host.version(file.path) !== version;
      file.mtime = (await this.stat(file.path))?.mtime ?? null;
      this.notice = null;
      return true;
    } catch (err) {
      const error = toApiError(err);
      this.notice = error.status === 413 ? `${basename(file.path)} is too large to save: ${error.message}` : `Could not save ${basename(file.path)}: ${error.message}`;
      return false;
    } finally {
      file.saving = false;
    }
  }

  /** Replaces the buffer with the file on disk, dropping unsaved edits. */
  async reload(path: string): Promise<void> {
    const file = this.find(path);
    if (!file) return;
    file.conflict = null;
    await this.load(path);
  }

  /** Keeps the buffer as it is after an outside change; saving will overwrite the disk. */
  keepMine(path: string): void {
    const file = this.find(path);
    if (file) file.conflict = null;
  }

  /** Follows a rename in the file tree (of the file or a folder above it). */
  renamed(from: string, to: string): void {
    for (const file of this.files) {
      if (!within(file.path, from)) continue;
      const moved = to + file.path.slice(from.length);
      if (this.active === file.path) this.active = moved;
      const old = file.path;
      file.path = moved;
      this.moves.emit({ from: old, to: moved });
    }
  }

  /** Closes files deleted from the file tree (a deliberate act; unsaved edits go with them). */
  deleted(path: string): void {
    for (const file of [...this.files]) if (within(file.path, path)) this.close(file.path);
  }

  /**
   * Compares open files with the disk: a clean buffer follows the disk, a
   * dirty one gets a conflict for the learner to settle.
   */
  async checkDisk(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      const dirs = new Set(this.files.filter((f) => f.view === 'text').map((f) => parent(f.path)));
      const listings = new Map<string, FileEntry[] | null>();
      await Promise.all(
        [...dirs].map(async (dir) => {
          try {
            listings.set(dir, await api.listFiles(this.credentials, dir));
          } catch (err) {
            // A missing folder means its files are gone; other failures say nothing.
            listings.set(dir, toApiError(err).status === 404 ? [] : null);
          }
        }),
      );
      for (const file of this.files) {
        if (file.view !== 'text' || file.saving) continue;
        const listing = listings.get(parent(file.path));
        if (!listing) continue;
        const entry = listing.find((e) => e.name === basename(file.path) && e.type === 'file');
        if (!entry) {
          file.conflict = 'deleted';
          continue;
        }
        if (file.conflict === 'deleted') file.conflict = null;
        if (entry.mtime !== file.mtime) await this.diskChanged(file, entry.mtime);
      }
    } finally {
      this.checking = false;
    }
  }

  private async diskChanged(file: OpenFile, mtime: number): Promise<void> {
    let text: string;
    try {
      const decoded = decode(await api.readFile(this.credentials, file.path));
      if (decoded === null) return;
      text = decoded;
    } catch {
      return;
    }
    file.mtime = mtime;
    if (text === file.savedText) return;
    if (file.dirty) {
      file.conflict = 'changed';
    } else {
      file.savedText = text;
      file.revision++;
    }
  }

  private async load(path: string): Promise<void> {
    const file = this.find(path);
    if (!file) return;
    try {
      const [data, entry] = await Promise.all([api.readFile(this.credentials, path), this.stat(path)]);
      const text = decode(data);
      if (text === null) {
        file.view = 'binary';
        return;
      }
      file.savedText = text;
      file.mtime = entry?.mtime ?? null;
      file.view = 'text';
      file.error = null;
      file.dirty = false;
      file.revision++;
    } catch (err) {
      const error = toApiError(err);
      file.view = error.status === 413 ? 'too_large' : 'error';
      file.error = error.message;
    }
  }

  private async stat(path: string): Promise<FileEntry | null> {
    try {
      const entries = await api.listFiles(this.credentials, parent(path));
      return entries.find((e) => e.name === basename(path)) ?? null;
    } catch {
      return null;
    }
  }
}

/** UTF-8 text, or null for what looks binary (a NUL byte near the start). */
function decode(data: ArrayBuffer): string | null {
  const bytes = new Uint8Array(data);
  if (bytes.subarray(0, SNIFF_BYTES).includes(0)) return null;
  return new TextDecoder().decode(bytes);
}

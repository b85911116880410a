// The workspace's file tree: directories listed lazily as they are opened,
// and the learner's file operations (new, rename, delete, upload, download).
import type { FileEntry } from '@dockyard/sandbox-server/protocol';
import { SvelteMap, SvelteSet } from 'svelte/reactivity';
import * as api from './api';
import type { Credentials } from './api';
import type { DroppedFile } from './drop';
import { ApiError, toApiError } from './errors';
import { Channel } from './events';
import { fileSize } from './format';
import { basename, join, parent, within } from './paths';

/** The server's default limit for one file (DOCKYARD_MAX_FILE_KB); a 413 still tells if it differs. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export interface DirState {
  entries: FileEntry[] | null;
  loading: boolean;
  error: string | null;
}

/** The inline name input the tree shows: a new file or folder in `dir`, or renaming `path`. */
export type InlineEdit = { kind: 'new-file' | 'new-folder'; dir: string } | { kind: 'rename'; path: string };

export interface Notice {
  kind: 'error' | 'info';
  text: string;
}

export type FileChange = { kind: 'renamed'; from: string; to: string } | { kind: 'deleted'; path: string } | { kind: 'created'; path: string };

export class FileTree {
  readonly dirs = new SvelteMap<string, DirState>();
  readonly expanded = new SvelteSet<string>(['']);
  selected = $state<string | null>(null);
  editing = $state<InlineEdit | null>(null);
  notice = $state<Notice | null>(null);
  uploading = $state<{ done: number; total: number } | null>(null);
  /** Renames, deletions and creations made here, for the editor's open files. */
  readonly changes = new Channel<FileChange>();
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private noticeTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly credentials: Credentials) {}

  /** Lists `dir` ("" is the workspace root). */
  async load(dir: string): Promise<void> {
    const current = this.dirs.get(dir);
    this.dirs.set(dir, { entries: current?.entries ?? null, loading: true, error: null });
    try {
      const entries = await api.listFiles(this.credentials, dir);
      this.dirs.set(dir, { entries, loading: false, error: null });
    } catch (err) {
      const error = toApiError(err);
      if (error.status === 404 && dir) {
        // The folder is gone (deleted from the terminal): forget it.
        this.forget(dir);
        return;
      }
      this.dirs.set(dir, { entries: current?.entries ?? null, loading: false, error: error.message });
    }
  }

  async toggle(dir: string): Promise<void> {
    if (this.expanded.has(dir)) {
      this.expanded.delete(dir);
      return;
    }
    this.expanded.add(dir);
    await this.load(dir);
  }

  /** Re-lists every open folder (after a command, or on request). */
  async refresh(): Promise<void> {
    await Promise.all([...this.expanded].map((dir) => this.load(dir)));
  }

  /** Refreshes shortly; several calls in a burst make one refresh. */
  refreshSoon(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      void this.refresh();
    }, 300);
  }

  /** The folder new things go in: the selected folder, or the selected file's folder. */
  targetDir(): string {
    const sel = this.selected;
    if (sel === null) return '';
    return this.isDir(sel) ? sel : parent(sel);
  }

  isDir(path: string): boolean {
    if (path === '') return true;
    return this.dirs.get(parent(path))?.entries?.some((e) => e.name === basename(path) && e.type === 'dir') ?? false;
  }

  startCreate(kind: 'new-file' | 'new-folder', dir = this.targetDir()): void {
    if (dir) this.expanded.add(dir);
    if (dir && !this.dirs.get(dir)?.entries) void this.load(dir);
    this.editing = { kind, dir };
  }

  startRename(path: string): void {
    this.selected = path;
    this.editing = { kind: 'rename', path };
  }

  cancelEdit(): void {
    this.editing = null;
  }

  /** Confirms the inline input; returns the path created or renamed to, or null on failure. */
  async commitEdit(name: string): Promise<string | null> {
    const edit = this.editing;
    if (!edit) return null;
    const target = edit.kind === 'rename' ? join(parent(edit.path), name) : join(edit.dir, name);
    try {
      if (edit.kind === 'new-file') {
        await api.writeFile(this.credentials, target, '');
        this.changes.emit({ kind: 'created', path: target });
      } else if (edit.kind === 'new-folder') {
        await api.makeDirectory(this.credentials, target);
      } else if (edit.kind === 'rename' && target !== edit.path) {
        await api.renameFile(this.credentials, edit.path, target);
        this.renamed(edit.path, target);
      }
    } catch (err) {
      this.show('error', toApiError(err).message);
      return null;
    }
    this.editing = null;
    this.selected = target;
    await this.revealAndReload(target);
    if (edit.kind === 'new-folder') {
      this.expanded.add(target);
      await this.load(target);
    }
    return target;
  }

  async remove(path: string): Promise<boolean> {
    try {
      await api.deleteFile(this.credentials, path);
    } catch (err) {
      const error = toApiError(err);
      if (!(error instanceof ApiError && error.status === 404)) {
        this.show('error', error.message);
        return false;
      }
    }
    if (this.selected && within(this.selected, path)) this.selected = null;
    this.forget(path);
    this.changes.emit({ kind: 'deleted', path });
    await this.load(parent(path));
    return true;
  }

  /** Uploads dropped files into `dir`, refusing ones over the size limit before sending them. */
  async upload(dir: string, files: DroppedFile[]): Promise<void> {
    const tooBig = files.filter((f) => f.file.size > MAX_FILE_BYTES);
    const ok = files.filter((f) => f.file.size <= MAX_FILE_BYTES);
    const problems: string[] = tooBig.map(
      (f) => `${f.path} (${fileSize(f.file.size)}) is over the ${fileSize(MAX_FILE_BYTES)} limit`,
    );
    this.uploading = ok.length ? { done: 0, total: ok.length } : null;
    for (const { path, file } of ok) {
      const target = join(dir, path);
      try {
        await api.writeFile(this.credentials, target, file);
        this.changes.emit({ kind: 'created', path: target });
      } catch (err) {
        const error = toApiError(err);
        problems.push(error.status === 413 ? `${path} is too large for the workspace: ${error.message}` : `${path}: ${error.message}`);
      }
      if (this.uploading) this.uploading = { done: this.uploading.done + 1, total: this.uploading.total };
    }
    this.uploading = null;
    if (dir) this.expanded.add(dir);
    await this.refresh();
    const uploaded = ok.length - problems.length + tooBig.length;
    if (problems.length) this.show('error', `Not uploaded: ${problems.join('; ')}.`);
    else if (uploaded) this.show('info', `Uploaded ${uploaded} file${uploaded === 1 ? '' : 's'}.`);
  }

  /** Writes starter files that do not exist yet; returns the paths written. */
  async createFiles(files: { path: string; content: string }[]): Promise<string[]> {
    const written: string[] = [];
    try {
      const existing = new Set((await api.listFiles(this.credentials, '')).map((e) => e.name));
      for (const { path, content } of files) {
        if (existing.has(path.split('/')[0] ?? path)) continue;
        await api.writeFile(this.credentials, path, content);
        written.push(path);
        this.changes.emit({ kind: 'created', path });
      }
    } catch (err) {
      this.show('error', toApiError(err).message);
    }
    await this.refresh();
    if (written.length) this.show('info', `Created ${written.join(', ')}.`);
    else this.show('info', 'The example files are already there.');
    return written;
  }

  /** Whether something exists at `path` (false when its folder does not exist either). */
  async exists(path: string): Promise<boolean> {
    try {
      return (await api.listFiles(this.credentials, parent(path))).some((e) => e.name === basename(path));
    } catch (err) {
      if (toApiError(err).status === 404) return false;
      throw err;
    }
  }

  /** Writes a whole file (a lesson's solution file), creating its folders, and shows it in the tree. Throws ApiError. */
  async write(path: string, content: string): Promise<void> {
    await api.writeFile(this.credentials, path, content);
    this.changes.emit({ kind: 'created', path });
    await this.revealAndReload(path);
  }

  /** Saves a workspace file to the learner's computer. */
  async download(path: string): Promise<void> {
    try {
      const data = await api.readFile(this.credentials, path);
      const url = URL.createObjectURL(new Blob([data]));
      const a = document.createElement('a');
      a.href = url;
      a.download = basename(path);
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      this.show('error', toApiError(err).message);
    }
  }

  show(kind: Notice['kind'], text: string): void {
    this.notice = { kind, text };
    if (this.noticeTimer) clearTimeout(this.noticeTimer);
    // Errors stay until dismissed; confirmations fade.
    this.noticeTimer = kind === 'info' ? setTimeout(() => (this.notice = null), 4000) : null;
  }

  dismissNotice(): void {
    this.notice = null;
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    if (this.noticeTimer) clearTimeout(this.noticeTimer);
  }

  private renamed(from: string, to: string): void {
    for (const dir of [...this.expanded]) {
      if (within(dir, from)) {
        this.expanded.delete(dir);
        this.expanded.add(to + dir.slice(from.length));
      }
    }
    for (const dir of [...this.dirs.keys()]) if (within(dir, from)) this.dirs.delete(dir);
    this.changes.emit({ kind: 'renamed', from, to });
  }

  private forget(path: string): void {
    for (const dir of [...this.expanded]) if (dir && within(dir, path)) this.expanded.delete(dir);
    for (const dir of [...this.dirs.keys()]) if (dir && within(dir, path)) this.dirs.delete(dir);
  }

  /** Opens the folders down to `path` and re-lists them, so the new row shows. */
  private async revealAndReload(path: string): Promise<void> {
    const dirs: string[] = [];
    for (let dir = parent(path); ; dir = parent(dir)) {
      dirs.unshift(dir);
      if (!dir) break;
    }
    for (const dir of dirs) this.expanded.add(dir);
    await Promise.all(dirs.map((dir) => this.load(dir)));
  }
}

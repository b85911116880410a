// Everything the IDE holds for one session (terminals, file tree, open
// files, lesson progress), wired together and released together when the
// session changes.
import type { Credentials } from './api';
import { EditorFiles } from './editor.svelte';
import { FileTree } from './files.svelte';
import { LessonProgress } from './lesson-progress.svelte';
import { session } from './session.svelte';
import { loadWorkspace, saveWorkspace } from './storage';
import { Terminals } from './terminals.svelte';

/** How often open files are compared with the disk while the learner is active. */
const DISK_CHECK_MS = 4000;

export class Workspace {
  readonly terminals: Terminals;
  readonly files: FileTree;
  readonly editor: EditorFiles;
  /** The lesson the session follows; null in the blank playground. */
  readonly lesson: LessonProgress | null;
  private readonly cleanups: (() => void)[] = [];

  constructor(
    readonly credentials: Credentials,
    dark: boolean,
    lesson: string | null,
  ) {
    const saved = loadWorkspace(credentials.id);
    this.terminals = new Terminals(credentials, dark, saved?.terminals ?? ['1'], saved?.activeTerminal ?? '1');
    this.files = new FileTree(credentials);
    this.editor = new EditorFiles(credentials);
    this.lesson = lesson ? new LessonProgress(credentials, lesson, session.info?.progress ?? []) : null;

    this.cleanups.push(
      this.terminals.commands.on(() => {
        session.commandFinished();
        this.files.refreshSoon();
        void this.editor.checkDisk();
      }),
      this.terminals.progress.on((steps) => this.lesson?.pushed(steps)),
      this.terminals.trouble.on(() => void session.refresh()),
      this.terminals.input.on(() => session.activity()),
      this.terminals.broadcasts.on((message) => session.announce(message)),
      this.terminals.closed.on((reason) => session.closedByServer(reason)),
      this.files.changes.on((change) => {
        if (change.kind === 'renamed') this.editor.renamed(change.from, change.to);
        if (change.kind === 'deleted') this.editor.deleted(change.path);
        if (change.kind === 'created') void this.editor.checkDisk();
      }),
    );
    const diskTimer = setInterval(() => {
      // Any files request keeps the session alive on the server: check only for an active learner.
      if (session.active && session.online) void this.editor.checkDisk();
    }, DISK_CHECK_MS);
    this.cleanups.push(() => clearInterval(diskTimer));

    void this.files.load('');
    for (const path of saved?.openFiles ?? []) void this.editor.open(path, { restore: true });
    if (saved?.activeFile) this.editor.active = saved.activeFile;
  }

  /** Remembers tabs and open files so a reload restores them. */
  persist(): void {
    saveWorkspace(this.credentials.id, {
      terminals: this.terminals.tabs.map((t) => t.name),
      activeTerminal: this.terminals.active,
      openFiles: this.editor.files.filter((f) => f.view !== 'error').map((f) => f.path),
      activeFile: this.editor.active,
    });
  }

  dispose(): void {
    for (const cleanup of this.cleanups) cleanup();
    this.lesson?.dispose();
    this.terminals.dispose();
    this.files.dispose();
  }
}

// The Monaco side of the editor (lazily loaded): one editor, one model per
// open file, dirty tracking by model version, Dockerfile diagnostics, and
// the status line's facts (cursor, language, problems).
import type { BufferHost, OpenFile } from '$lib/client/editor.svelte';
import { watchDockerfile } from './dockerfile-diagnostics';
import { languageFor } from './languages';
import { modelUri, monaco, themeName } from './monaco';

export interface EditorStatus {
  line: number;
  column: number;
  language: string;
  errors: number;
  warnings: number;
}

/** What the host needs of an open file; a plain snapshot of the reactive state. */
export type FileSnapshot = Pick<OpenFile, 'path' | 'view' | 'revision' | 'savedText'>;

export interface HostEvents {
  dirty(path: string, dirty: boolean): void;
  status(status: EditorStatus | null): void;
}

interface Buffer {
  model: monaco.editor.ITextModel;
  /** Model version matching what is on disk; -1 when none does. */
  savedVersion: number;
  revision: number;
  viewState: monaco.editor.ICodeEditorViewState | null;
  release: () => void;
}

export class EditorHost implements BufferHost {
  private readonly editor: monaco.editor.IStandaloneCodeEditor;
  private readonly buffers = new Map<string, Buffer>();
  private active: string | null = null;
  private readonly subscriptions: monaco.IDisposable[] = [];

  constructor(
    container: HTMLElement,
    dark: boolean,
    private readonly events: HostEvents,
  ) {
    this.editor = monaco.editor.create(container, {
      model: null,
      theme: themeName(dark),
      automaticLayout: true,
      minimap: { enabled: false },
      fontFamily: 'ui-monospace, "Cascadia Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace',
      fontSize: 13,
      lineHeight: 20,
      tabSize: 2,
      insertSpaces: true,
      scrollBeyondLastLine: false,
      padding: { top: 8, bottom: 8 },
      fixedOverflowWidgets: true,
      stickyScroll: { enabled: false },
      renderLineHighlight: 'line',
      smoothScrolling: true,
      ariaLabel: 'File editor',
    });
    this.subscriptions.push(
      this.editor.onDidChangeCursorPosition(() => this.reportStatus()),
      monaco.editor.onDidChangeMarkers((uris) => {
        const model = this.editor.getModel();
        if (model && uris.some((u) => u.toString() === model.uri.toString())) this.reportStatus();
      }),
    );
  }

  /** Brings models in line with the open files and shows the active one. */
  sync(files: FileSnapshot[], active: string | null): void {
    const open = new Set<string>();
    for (const file of files) {
      if (file.view !== 'text') continue;
      open.add(file.path);
      const buffer = this.buffers.get(file.path);
      if (!buffer) this.buffers.set(file.path, this.createBuffer(file));
      else if (buffer.revision !== file.revision) this.replace(file.path, buffer, file);
    }
    for (const [path, buffer] of this.buffers) {
      if (open.has(path)) continue;
      buffer.release();
      this.buffers.delete(path);
    }
    this.show(active && open.has(active) ? active : null);
  }

  /** An open file was renamed: its buffer, unsaved edits and all, moves to the new name. */
  moved(from: string, to: string): void {
    const buffer = this.buffers.get(from);
    if (!buffer) return;
    const text = buffer.model.getValue();
    const wasDirty = buffer.model.getAlternativeVersionId() !== buffer.savedVersion;
    const viewState = this.active === from ? this.editor.saveViewState() : buffer.viewState;
    if (this.active === from) this.active = null;
    buffer.release();
    this.buffers.delete(from);
    const moved = this.createBuffer({ path: to, savedText: text, revision: buffer.revision, view: 'text' });
    moved.viewState = viewState;
    if (wasDirty) moved.savedVersion = -1;
    this.buffers.set(to, moved);
    this.events.dirty(to, wasDirty);
  }

  setTheme(dark: boolean): void {
    monaco.editor.setTheme(themeName(dark));
  }

  focus(): void {
    this.editor.focus();
  }

  text(path: string): string | null {
    return this.buffers.get(path)?.model.getValue() ?? null;
  }

  version(path: string): number {
    return this.buffers.get(path)?.model.getAlternativeVersionId() ?? -1;
  }

  markSaved(path: string, version: number): void {
    const buffer = this.buffers.get(path);
    if (!buffer) return;
    buffer.savedVersion = version;
    this.events.dirty(path, buffer.model.getAlternativeVersionId() !== version);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    for (const buffer of this.buffers.values()) buffer.release();
    this.buffers.clear();
    this.editor.dispose();
  }

  private createBuffer(file: FileSnapshot): Buffer {
    const uri = modelUri(file.path);
    // A model can outlive its tab (e.g. after a failed dispose); reuse it rather than collide.
    const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(file.savedText, languageFor(file.path), uri);
    if (model.getValue() !== file.savedText) model.setValue(file.savedText);
    const stopDiagnostics = model.getLanguageId() === 'dockerfile' ? watchDockerfile(monaco, model) : () => {};
    const buffer: Buffer = { model, savedVersion: model.getAlternativeVersionId(), revision: file.revision, viewState: null, release: () => {} };
    const onChange = model.onDidChangeContent(() => {
      this.events.dirty(file.path, model.getAlternativeVersionId() !== buffer.savedVersion);
    });
    buffer.release = () => {
      onChange.dispose();
      stopDiagnostics();
      model.dispose();
    };
    return buffer;
  }

  /** Loads new disk content into a buffer, as an edit so that undo still works. */
  private replace(path: string, buffer: Buffer, file: FileSnapshot): void {
    buffer.revision = file.revision;
    const model = buffer.model;
    if (model.getValue() !== file.savedText) {
      model.pushEditOperations([], [{ range: model.getFullModelRange(), text: file.savedText }], () => null);
    }
    buffer.savedVersion = model.getAlternativeVersionId();
    this.events.dirty(path, false);
  }

  private show(path: string | null): void {
    if (path === this.active) return;
    const previous = this.active ? this.buffers.get(this.active) : undefined;
    if (previous) previous.viewState = this.editor.saveViewState();
    this.active = path;
    const next = path ? this.buffers.get(path) : undefined;
    this.editor.setModel(next?.model ?? null);
    if (next?.viewState) this.editor.restoreViewState(next.viewState);
    this.reportStatus();
  }

  private reportStatus(): void {
    const model = this.editor.getModel();
    if (!model) return this.events.status(null);
    const position = this.editor.getPosition();
    const markers = monaco.editor.getModelMarkers({ resource: model.uri });
    this.events.status({
      line: position?.lineNumber ?? 1,
      column: position?.column ?? 1,
      language: model.getLanguageId(),
      errors: markers.filter((m) => m.severity === monaco.MarkerSeverity.Error).length,
      warnings: markers.filter((m) => m.severity === monaco.MarkerSeverity.Warning).length,
    });
  }
}

// Live Dockerfile diagnostics: dockerfile-utils' validator, its LSP-style
// diagnostics turned into Monaco markers (1-based lines and columns).
import './buffer-shim';
import { validate } from 'dockerfile-utils';
import type * as Monaco from 'monaco-editor/editor/editor.api.js';

type MonacoApi = typeof Monaco;

export const DOCKERFILE_OWNER = 'dockerfile';

export function dockerfileMarkers(monaco: MonacoApi, text: string): Monaco.editor.IMarkerData[] {
  const severity: Record<number, Monaco.MarkerSeverity> = {
    1: monaco.MarkerSeverity.Error,
    2: monaco.MarkerSeverity.Warning,
    3: monaco.MarkerSeverity.Info,
    4: monaco.MarkerSeverity.Hint,
  };
  return validate(text).map((d) => {
    const tags: Monaco.MarkerTag[] = [];
    for (const tag of d.tags ?? []) {
      if (tag === 1) tags.push(monaco.MarkerTag.Unnecessary);
      if (tag === 2) tags.push(monaco.MarkerTag.Deprecated);
    }
    return {
      severity: severity[d.severity ?? 1] ?? monaco.MarkerSeverity.Error,
      message: typeof d.message === 'string' ? d.message : d.message.value,
      source: 'Dockerfile',
      ...(d.code !== undefined ? { code: String(d.code) } : {}),
      startLineNumber: d.range.start.line + 1,
      startColumn: d.range.start.character + 1,
      endLineNumber: d.range.end.line + 1,
      endColumn: Math.max(d.range.end.character + 1, d.range.start.character + 2),
      tags,
    };
  });
}

/** Validates `model` now and after each edit (debounced); returns the function that stops it. */
export function watchDockerfile(monaco: MonacoApi, model: Monaco.editor.ITextModel): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const run = () => {
    timer = null;
    if (!model.isDisposed()) monaco.editor.setModelMarkers(model, DOCKERFILE_OWNER, dockerfileMarkers(monaco, model.getValue()));
  };
  run();
  const sub = model.onDidChangeContent(() => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, 200);
  });
  return () => {
    if (timer) clearTimeout(timer);
    sub.dispose();
    if (!model.isDisposed()) monaco.editor.setModelMarkers(model, DOCKERFILE_OWNER, []);
  };
}

// Monaco as Dockyard uses it, imported lazily (never in the initial bundle):
// the editor core, a handful of languages, workers through Vite, Compose
// schema validation through monaco-yaml, and light/dark themes.
import * as monaco from 'monaco-editor/editor/editor.api.js';
import 'monaco-editor/features/register.all.js';
import 'monaco-editor/languages/definitions/css/register.js';
import 'monaco-editor/languages/definitions/dockerfile/register.js';
import 'monaco-editor/languages/definitions/go/register.js';
import 'monaco-editor/languages/definitions/html/register.js';
import 'monaco-editor/languages/definitions/ini/register.js';
import 'monaco-editor/languages/definitions/javascript/register.js';
import 'monaco-editor/languages/definitions/markdown/register.js';
import 'monaco-editor/languages/definitions/python/register.js';
import 'monaco-editor/languages/definitions/shell/register.js';
import 'monaco-editor/languages/definitions/sql/register.js';
import 'monaco-editor/languages/definitions/typescript/register.js';
import 'monaco-editor/languages/definitions/xml/register.js';
import 'monaco-editor/languages/definitions/yaml/register.js';
import 'monaco-editor/languages/features/json/register.js';
import EditorWorker from 'monaco-editor/editor/editor.worker.js?worker';
import JsonWorker from 'monaco-editor/language/json/json.worker.js?worker';
import { configureMonacoYaml } from 'monaco-yaml';
import composeSchema from './compose-spec.schema.json';
import YamlWorker from './yaml.worker?worker';

export { monaco };
export type MonacoApi = typeof monaco;

globalThis.MonacoEnvironment = {
  getWorker(_moduleId: string, label: string): Worker {
    if (label === 'yaml') return new YamlWorker({ name: 'yaml' });
    if (label === 'json') return new JsonWorker({ name: 'json' });
    return new EditorWorker({ name: 'editor' });
  },
};

/**
 * monaco-yaml 5 still creates its worker the pre-0.53 way (by moduleId and
 * label); Monaco now wants the Worker itself, primed with two messages: one
 * that starts the worker manager and the language options.
 */
const monacoForYaml = {
  ...monaco,
  editor: {
    ...monaco.editor,
    createWebWorker(opts: { label?: string; moduleId?: string; createData?: unknown }) {
      const worker = new YamlWorker({ name: opts.label ?? 'yaml' });
      worker.postMessage('ignore');
      worker.postMessage(opts.createData);
      return monaco.editor.createWebWorker({ worker });
    },
  },
};

// The Compose specification's JSON schema (draft-07), shipped in the bundle:
// no schema is ever fetched at run time. The casts: our patched copy is the
// module's shape but not its nominal type, and the imported JSON is typed as
// its literal content rather than as a JSON schema.
configureMonacoYaml(monacoForYaml as unknown as Parameters<typeof configureMonacoYaml>[0], {
  enableSchemaRequest: false,
  format: { enable: false },
  schemas: [
    {
      uri: 'https://dockyard.invalid/schemas/compose-spec.json',
      fileMatch: ['**/compose.yaml', '**/compose.yml', '**/docker-compose.yaml', '**/docker-compose.yml', '**/compose.*.yaml', '**/compose.*.yml', '**/docker-compose.*.yaml', '**/docker-compose.*.yml'],
      schema: composeSchema as unknown as Record<string, unknown>,
    },
  ],
});

monaco.editor.defineTheme('dockyard-light', {
  base: 'vs',
  inherit: true,
  rules: [],
  colors: { 'editor.background': '#ffffff', 'editorGutter.background': '#ffffff' },
});
monaco.editor.defineTheme('dockyard-dark', {
  base: 'vs-dark',
  inherit: true,
  rules: [],
  colors: { 'editor.background': '#161a21', 'editorGutter.background': '#161a21' },
});

export function themeName(dark: boolean): string {
  return dark ? 'dockyard-dark' : 'dockyard-light';
}

/** The model URI of a workspace file; the path shape is what monaco-yaml's fileMatch sees. */
export function modelUri(path: string): monaco.Uri {
  return monaco.Uri.from({ scheme: 'file', path: `/workspace/${path}` });
}

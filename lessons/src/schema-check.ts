// Validates lesson.yaml data against schema/lesson.schema.json and words each failure for an author, with its data path.

import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import type { Check, Level } from './model.js';
import type { Problem } from './lesson-error.js';
import type { DataPath } from './yaml-source.js';

/** lesson.yaml as written on disk (model.ts's Lesson is what the loader makes of it). */
export interface LessonFile {
  id: string;
  title: string;
  summary: string;
  level: Level;
  minutes: number;
  tags?: string[];
  steps: StepFile[];
}

export interface StepFile {
  id: string;
  title: string;
  text: string;
  hints?: string[];
  checks: Check[];
  solution: ActionFile[];
}

export type ActionFile = { run: string } | { file: string; content: string } | { file: string; from: string };

export const SCHEMA_URL = new URL('../schema/lesson.schema.json', import.meta.url);

const ajv = new Ajv({ allErrors: true, discriminator: true, verbose: true, allowUnionTypes: true });
const validate = ajv.compile<LessonFile>(JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as object);

/** Checks `data` against the schema; on success it is a LessonFile. */
export function checkSchema(data: unknown): { file: LessonFile; problems: [] } | { file?: undefined; problems: Problem[] } {
  if (validate(data)) return { file: data, problems: [] };
  const errors = validate.errors ?? [];
  // A failed oneOf also reports why each alternative failed; the oneOf's own message says it better.
  const oneOfs = errors.filter((e) => e.keyword === 'oneOf');
  const isAlternativeDetail = (e: ErrorObject): boolean =>
    oneOfs.some(
      (o) =>
        e !== o &&
        (e.instancePath === o.instancePath || e.instancePath.startsWith(`${o.instancePath}/`)) &&
        e.schemaPath.startsWith(`${o.schemaPath}/`),
    );
  const problems = errors
    .filter((e) => !isAlternativeDetail(e))
    .flatMap((e) => problemFor(e, data));
  const seen = new Set<string>();
  return {
    problems: problems.filter((p) => {
      const key = `${p.path.join('/')}|${p.message}`;
      return seen.has(key) ? false : (seen.add(key), true);
    }),
  };
}

function problemFor(error: ErrorObject, data: unknown): Problem[] {
  const path = dataPath(error.instancePath, data);
  const params = error.params as Record<string, unknown>;
  const at = (target: 'key' | 'value', where: DataPath = path, message = ''): Problem[] => [{ path, at: where, target, message }];
  switch (error.keyword) {
    case 'additionalProperties':
      return at('key', [...path, String(params['additionalProperty'])], `unknown field "${String(params['additionalProperty'])}"`);
    case 'required':
      return at('value', path, `missing field "${String(params['missingProperty'])}"`);
    case 'discriminator':
      // A missing kind is already reported by `required`.
      if (params['tagValue'] === undefined) return [];
      return at(
        'value',
        [...path, 'kind'],
        params['error'] === 'mapping'
          ? `unknown check kind ${JSON.stringify(params['tagValue'])} (kinds: ${checkKinds(error).join(', ')})`
          : `"kind" must be one of: ${checkKinds(error).join(', ')}`,
      );
    case 'oneOf':
      return at('value', path, `must be one of: ${alternatives(error).join(', ')}`);
    case 'enum':
      return at('value', path, `must be one of: ${(params['allowedValues'] as unknown[]).map(String).join(', ')}`);
    case 'propertyNames':
      return [];
    case 'pattern':
      if (error.propertyName !== undefined) return at('key', [...path, error.propertyName], badName(error.propertyName, path));
      return at('value', path, error.schemaPath.includes('/slug/') ? 'must be lower-case letters, digits and dashes, like "first-container"' : `must match ${String(params['pattern'])}`);
    case 'minItems':
      return at('value', path, `needs at least ${String(params['limit'])} ${params['limit'] === 1 ? 'entry' : 'entries'}`);
    case 'minLength':
      return at('value', path, 'must not be empty');
    default:
      return at('value', path, error.message ?? `fails ${error.keyword}`);
  }
}

function badName(name: string, path: DataPath): string {
  const where = path[path.length - 1];
  if (where === 'flags') return `"${name}" is not a flag name: use the long name without dashes, like "detach" for -d`;
  if (where === 'dockerfile') return `"${name}" is not an instruction: write it in upper case, like "FROM"`;
  return `"${name}" is not allowed here`;
}

/** The kinds a check may have, read from the schema's oneOf. */
function checkKinds(error: ErrorObject): string[] {
  const parent = error.parentSchema as { oneOf?: { properties?: { kind?: { const?: string } } }[] } | undefined;
  return (parent?.oneOf ?? []).flatMap((branch) => branch.properties?.kind?.const ?? []);
}

/** Each alternative of a failed oneOf in a few characters: `{file, content}`, `integer`, `true`. */
function alternatives(error: ErrorObject): string[] {
  const branches = (Array.isArray(error.schema) ? error.schema : []) as { required?: string[]; type?: string; const?: unknown }[];
  return branches.map((b) => (b.required ? `{${b.required.join(', ')}}` : (b.type ?? JSON.stringify(b.const))));
}

/** A JSON pointer as a data path, with array indexes as numbers. */
function dataPath(pointer: string, data: unknown): (string | number)[] {
  const path: (string | number)[] = [];
  let node = data;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      const index = Number(segment);
      path.push(index);
      node = node[index] as unknown;
    } else {
      path.push(segment);
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined;
    }
  }
  return path;
}

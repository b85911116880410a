// Loads lesson folders from disk into model.ts's Lesson, reporting every problem with file, line and column.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatPath, InvalidLessonError, LessonError, type Problem } from './lesson-error.js';
import { checkRules, parseFolderName } from './lesson-rules.js';
import type { Lesson, SolutionAction } from './model.js';
import { checkSchema, type ActionFile, type LessonFile } from './schema-check.js';
import { parseYamlSource, type YamlSource } from './yaml-source.js';

/** The repository root: two levels up from this file, in src/ and in dist/ alike. */
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The folder holding Dockyard's own lessons (this package). */
export const LESSONS_DIR = fileURLToPath(new URL('../', import.meta.url));

const LESSON_FILE = 'lesson.yaml';

/** Loads one lesson folder; throws InvalidLessonError listing every problem found. */
export function loadLesson(dir: string): Lesson {
  const result = readLesson(path.resolve(dir));
  if (!result.lesson) throw new InvalidLessonError(result.errors);
  return result.lesson;
}

/**
 * Loads every lesson folder (a folder holding lesson.yaml) directly under `root`. A bad lesson is left out and its
 * problems returned; the others still load. Lessons come in folder order: `NN-` numbered folders by number, then the
 * rest by name.
 */
export function loadLessons(root: string): { lessons: Lesson[]; errors: LessonError[] } {
  const absoluteRoot = path.resolve(root);
  const lessons: Lesson[] = [];
  const errors: LessonError[] = [];
  const firstFolderWithId = new Map<string, string>();
  for (const folder of lessonFolders(absoluteRoot)) {
    const dir = path.join(absoluteRoot, folder);
    if (!existsSync(path.join(dir, LESSON_FILE))) {
      errors.push(new LessonError(displayName(path.join(dir, 'lesson.yml')), 1, 1, `rename to ${LESSON_FILE}`));
      continue;
    }
    const result = readLesson(dir);
    errors.push(...result.errors);
    if (!result.lesson) continue;
    const other = firstFolderWithId.get(result.lesson.id);
    if (other !== undefined) {
      const { line, column } = result.source.positionOf(['id']);
      errors.push(new LessonError(displayName(path.join(dir, LESSON_FILE)), line, column, `lesson id "${result.lesson.id}" is also used by ${other}`, 'id'));
      continue;
    }
    firstFolderWithId.set(result.lesson.id, folder);
    lessons.push(result.lesson);
  }
  return { lessons, errors };
}

/** Subfolders of root holding a lesson.yaml (or a misnamed lesson.yml), in lessons-list order. */
function lessonFolders(root: string): string[] {
  const folders = readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== 'node_modules')
    .map((entry) => entry.name)
    .filter((name) => existsSync(path.join(root, name, LESSON_FILE)) || existsSync(path.join(root, name, 'lesson.yml')));
  return folders.sort((a, b) => {
    const [x, y] = [parseFolderName(a).order ?? Infinity, parseFolderName(b).order ?? Infinity];
    return x !== y ? x - y : a < b ? -1 : a > b ? 1 : 0;
  });
}

type ReadResult = { lesson?: Lesson; errors: LessonError[]; source: YamlSource };

function readLesson(dir: string): ReadResult {
  const yamlPath = path.join(dir, LESSON_FILE);
  const file = displayName(yamlPath);
  let text: string;
  try {
    text = readFileSync(yamlPath, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    return { errors: [new LessonError(file, 1, 1, reason)], source: parseYamlSource('') };
  }
  const source = parseYamlSource(text);
  const fail = (problems: Problem[]): ReadResult => ({ errors: toErrors(file, source, problems), source });

  if (source.syntaxErrors.length) {
    return { errors: source.syntaxErrors.map((e) => new LessonError(file, e.position.line, e.position.column, e.message)), source };
  }
  const checked = checkSchema(source.data);
  if (!checked.file) return fail(checked.problems);
  const problems = [...checkRules(checked.file, path.basename(dir)), ...missingFiles(checked.file, dir)];
  if (problems.length) return fail(problems);
  return { lesson: toLesson(checked.file, dir), errors: [], source };
}

function toErrors(file: string, source: YamlSource, problems: Problem[]): LessonError[] {
  return problems
    .map((p) => {
      const { line, column } = source.positionOf(p.at, p.target);
      return new LessonError(file, line, column, p.message, formatPath(p.path));
    })
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Step texts and solution `from:` files must exist inside the lesson folder. */
function missingFiles(file: LessonFile, dir: string): Problem[] {
  const problems: Problem[] = [];
  const need = (at: (string | number)[], relative: string): void => {
    const resolved = insideFolder(dir, relative);
    const message = !resolved
      ? `${relative} is outside the lesson folder`
      : !isFile(resolved)
        ? `file not found: ${relative}`
        : undefined;
    if (message) problems.push({ path: at, at, target: 'value', message });
  };
  file.steps.forEach((step, s) => {
    need(['steps', s, 'text'], step.text);
    step.solution.forEach((action, a) => {
      if ('from' in action) need(['steps', s, 'solution', a, 'from'], action.from);
    });
  });
  return problems;
}

function toLesson(file: LessonFile, dir: string): Lesson {
  const read = (relative: string): string => readFileSync(path.join(dir, relative), 'utf8');
  return {
    id: file.id,
    title: file.title,
    summary: file.summary,
    level: file.level,
    minutes: file.minutes,
    tags: file.tags ?? [],
    starter: readStarter(path.join(dir, 'starter')),
    steps: file.steps.map((step) => ({
      id: step.id,
      title: step.title,
      body: read(step.text),
      hints: step.hints ?? [],
      checks: step.checks,
      solution: step.solution.map((action: ActionFile): SolutionAction => ('from' in action ? { file: action.file, content: read(action.from) } : action)),
    })),
  };
}

/** Every regular file under starter/, by path relative to it with forward slashes. */
function readStarter(dir: string): Record<string, string> {
  const starter: Record<string, string> = {};
  if (!existsSync(dir)) return starter;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    starter[path.relative(dir, full).split(path.sep).join('/')] = readFileSync(full, 'utf8');
  }
  return Object.fromEntries(Object.entries(starter).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function insideFolder(dir: string, relative: string): string | undefined {
  const resolved = path.resolve(dir, relative);
  const fromDir = path.relative(dir, resolved);
  return path.isAbsolute(relative) || isOutside(fromDir) || fromDir === '' ? undefined : resolved;
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Files are named relative to the repository root when inside it (as editors and CI logs link them), else absolutely. */
function displayName(file: string): string {
  const relative = path.relative(REPO_ROOT, file);
  return isOutside(relative) ? file : relative;
}

function isOutside(relative: string): boolean {
  return relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
}

import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { InvalidLessonError, LessonError } from './lesson-error.js';
import { LESSONS_DIR, loadLesson, loadLessons } from './loader.js';
import { toPublic, toSummary } from './public.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const broken = 'lessons/src/fixtures/broken';

describe('loadLessons', () => {
  test('loads lesson folders in NN- order and skips folders without lesson.yaml', () => {
    const { lessons, errors } = loadLessons(path.join(fixtures, 'valid'));
    expect(errors.map(String)).toEqual([]);
    expect(lessons.map((l) => l.id)).toEqual(['first-container', 'web-server']);
  });

  test('reports every problem as file:line:column and still loads the good lessons', () => {
    const { lessons, errors } = loadLessons(path.join(fixtures, 'broken'));
    expect(lessons.map((l) => l.id)).toEqual(['good']);
    expect(errors.map(String)).toEqual([
      `${broken}/03-good/lesson.yaml:1:5: id: lesson id "good" is also used by 01-good`,
      `${broken}/bad-rules/lesson.yaml:1:5: id: id "wrong-id" does not match the folder name "bad-rules" (expected "bad-rules")`,
      `${broken}/bad-rules/lesson.yaml:13:18: steps[0].checks[0].flags.detatch: docker run has no flag --detatch`,
      `${broken}/bad-rules/lesson.yaml:17:18: steps[0].checks[1].matches: Invalid regular expression: /FROM (busybox/: Unterminated group`,
      `${broken}/bad-rules/lesson.yaml:21:9: steps[1].id: duplicate step id "one" (also steps[0])`,
      `${broken}/bad-rules/lesson.yaml:27:16: steps[1].checks[0].image: docker build takes no image operand (the tag is flags: {tag: …})`,
      `${broken}/bad-schema/lesson.yaml:4:8: level: must be one of: beginner, intermediate, advanced`,
      `${broken}/bad-schema/lesson.yaml:6:1: unknown field "colour"`,
      `${broken}/bad-schema/lesson.yaml:14:18: steps[0].checks[0].flags: "d" is not a flag name: use the long name without dashes, like "detach" for -d`,
      `${broken}/bad-schema/lesson.yaml:18:9: steps[0].checks[1]: unknown field "colour"`,
      `${broken}/bad-schema/lesson.yaml:20:9: steps[0].checks[2]: missing field "tag"`,
      `${broken}/bad-schema/lesson.yaml:23:9: steps[0].solution[0]: must be one of: {run}, {file, content}, {file, from}`,
      `${broken}/bad-yaml/lesson.yaml:10:1: Missing closing "quote`,
      `${broken}/misnamed/lesson.yml:1:1: rename to lesson.yaml`,
      `${broken}/missing-files/lesson.yaml:9:11: steps[0].text: file not found: steps/one.md`,
      `${broken}/missing-files/lesson.yaml:16:15: steps[0].solution[0].from: file not found: solution/Dockerfile`,
      `${broken}/missing-files/lesson.yaml:19:11: steps[1].text: ../outside.md is outside the lesson folder`,
      `${broken}/unknown-kind/lesson.yaml:14:15: steps[0].checks[1]: unknown check kind "containr" (kinds: command, container, image, volume, network, compose, http, file, script)`,
    ]);
  });

  test("every lesson in the repository loads", () => {
    expect(loadLessons(LESSONS_DIR).errors.map(String)).toEqual([]);
  });
});

describe('loadLesson', () => {
  const lesson = loadLesson(path.join(fixtures, 'valid/01-first-container'));

  test('reads step texts, starter files and solution files', () => {
    expect(lesson.starter).toEqual({ 'README.md': 'Your workspace.\n', 'app/Dockerfile': '# TODO: start FROM busybox\n' });
    expect(lesson.steps.map((s) => s.body)).toEqual(['# Run a container\n\nType `docker run busybox echo hello`.\n', '# Build an image\n']);
    expect(lesson.steps[1]?.solution).toEqual([
      { file: 'app/Dockerfile', content: 'FROM busybox\nCMD ["echo", "hello from app"]\n' },
      { file: 'app/.dockerignore', content: '*.log\n' },
      { run: 'cd app && docker build -t app .' },
    ]);
    expect(lesson.steps[1]?.hints).toEqual([]);
  });

  test('defaults tags and starter to empty', () => {
    const web = loadLesson(path.join(fixtures, 'valid/02-web-server'));
    expect(web.tags).toEqual([]);
    expect(web.starter).toEqual({});
  });

  test('throws every problem of a broken lesson', () => {
    const load = (): unknown => loadLesson(path.join(fixtures, 'broken/missing-files'));
    expect(load).toThrow(InvalidLessonError);
    try {
      load();
    } catch (error) {
      expect((error as InvalidLessonError).errors).toHaveLength(3);
      expect((error as InvalidLessonError).message.split('\n')[0]).toBe(
        `${broken}/missing-files/lesson.yaml:9:11: steps[0].text: file not found: steps/one.md`,
      );
    }
  });

  describe('outside the repository', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dockyard-lesson-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    test('names files by absolute path', () => {
      mkdirSync(path.join(dir, 'x'));
      writeFileSync(path.join(dir, 'x/lesson.yaml'), 'id: x\ntitle: [\n');
      const { errors } = loadLessons(dir);
      expect(errors[0]?.file).toBe(path.join(dir, 'x/lesson.yaml'));
    });

    test('reports a missing lesson.yaml', () => {
      expect(() => loadLesson(path.join(dir, 'nothing'))).toThrow(/nothing\/lesson\.yaml:1:1: file not found/);
    });
  });
});

describe('LessonError', () => {
  test('prints as file:line:column: path: message', () => {
    expect(String(new LessonError('lessons/first-container/lesson.yaml', 12, 7, 'unknown check kind "containr"', 'steps[0].checks[1]'))).toBe(
      'lessons/first-container/lesson.yaml:12:7: steps[0].checks[1]: unknown check kind "containr"',
    );
    expect(String(new LessonError('lesson.yaml', 1, 1, 'file not found'))).toBe('lesson.yaml:1:1: file not found');
  });
});

describe('toSummary and toPublic', () => {
  const lesson = loadLesson(path.join(fixtures, 'valid/01-first-container'));

  test('the summary has the list fields only', () => {
    expect(toSummary(lesson)).toEqual({
      id: 'first-container',
      title: 'Your first container',
      summary: 'Run a container from an image and look at what is left behind.',
      level: 'beginner',
      minutes: 15,
      tags: ['basics'],
    });
  });

  test('the public lesson has no solutions, check details or starter files', () => {
    const open = toPublic(lesson);
    expect(open).not.toHaveProperty('starter');
    expect(open.steps[0]).toEqual({
      id: 'run-hello',
      title: 'Run a container',
      body: lesson.steps[0]?.body,
      hints: lesson.steps[0]?.hints,
      checks: [{ kind: 'command', message: 'Run `echo hello` in a container from the busybox image.' }],
    });
    expect(JSON.stringify(open)).not.toMatch(/"solution"|"args"|"matches"/);
  });
});

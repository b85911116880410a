// A server whose lessons folder holds broken lessons still starts, names each
// broken file and line in its log, and serves the lessons that load.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LessonSummary, PublicLesson } from '@dockyard/lessons';
import { type Api, startApp, testConfig } from './harness.js';

const broken = fileURLToPath(new URL('../../lessons/src/fixtures/broken', import.meta.url));
let api: Api;
let stop: () => Promise<void>;
const logged: string[] = [];

beforeAll(async () => {
  const spy = vi.spyOn(console, 'error').mockImplementation((line: unknown) => void logged.push(String(line)));
  try {
    ({ api, stop } = await startApp({ ...testConfig(), lessonsDir: broken }));
  } finally {
    spy.mockRestore();
  }
});

afterAll(() => stop?.());

describe('lessons with errors', () => {
  it('are logged with file, line and column, and left out', () => {
    expect(logged).toContainEqual(expect.stringMatching(/lesson skipped: .*bad-yaml\/lesson\.yaml:\d+:\d+: /));
    expect(logged).toContainEqual(expect.stringMatching(/lesson skipped: .*unknown-kind\/lesson\.yaml:\d+:\d+: .*unknown check kind/));
    expect(logged).toContainEqual(expect.stringMatching(/lesson skipped: .*missing-files\/lesson\.yaml:\d+:\d+: .*/));
  });

  it('do not stop the server from serving the lessons that load', async () => {
    const list = (await (await api.request('GET', '/api/lessons')).json()) as LessonSummary[];
    expect(list.length).toBeGreaterThan(0);
    for (const summary of list) {
      const res = await api.request('GET', `/api/lessons/${summary.id}`);
      expect(res.status).toBe(200);
      const lesson = (await res.json()) as PublicLesson;
      // No solutions in what the API serves.
      expect(JSON.stringify(lesson)).not.toContain('"solution"');
    }
    expect((await api.request('GET', '/api/lessons/bad-yaml')).status).toBe(404);
  });
});

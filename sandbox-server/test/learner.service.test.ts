// A self-paced learner comes back: a new session of the same lesson (fresh
// engine, starter files again) shows the steps they finished, across a
// server restart too.
import { afterAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../src/app.js';
import type { CreateSessionResponse, LearnerLessonProgress, SessionInfo } from '../src/protocol.js';
import { Api, pollFor, releaseEngines, startApp, testConfig } from './harness.js';

const config = testConfig();
let app: App;
let api: Api;
afterAll(async () => {
  await app?.close();
  await releaseEngines(config);
});

describe('a returning learner', () => {
  it('keeps finished steps in a fresh session of the lesson', async () => {
    ({ app, api } = await startApp(config));
    const first = await fetch(`${api.base}/api/sessions`, { method: 'POST', body: JSON.stringify({ lesson: 'hello-docker' }) });
    const learnerCookie = first.headers.getSetCookie().find((c) => c.startsWith('dockyard_learner='))!.split(';')[0]!;
    const session = (await first.json()) as CreateSessionResponse;
    const term = await api.terminal(session);
    await term.ok('docker run busybox echo hello');
    const info = (s: CreateSessionResponse) => api.request('GET', `/api/sessions/${s.id}`, { token: s.token }).then((r) => r.json() as Promise<SessionInfo>);
    await pollFor('step one done', async () => (await info(session)).progress[0]?.passed);
    await term.close();
    await api.request('DELETE', `/api/sessions/${session.id}`, { token: session.token });

    // A day later, after a server restart.
    await app.close();
    app = await createApp(config);
    api = new Api(`http://127.0.0.1:${await app.listen()}`);
    const mine = (await (await fetch(`${api.base}/api/learner/progress`, { headers: { cookie: learnerCookie } })).json()) as LearnerLessonProgress[];
    expect(mine).toEqual([{ lesson: 'hello-docker', passedSteps: ['first-run'], totalSteps: 4, done: false }]);
    const again = (await (
      await fetch(`${api.base}/api/sessions`, { method: 'POST', headers: { cookie: learnerCookie }, body: JSON.stringify({ lesson: 'hello-docker' }) })
    ).json()) as CreateSessionResponse;
    expect(again.id).not.toBe(session.id);
    expect((await info(again)).progress.map((p) => p.passed)).toEqual([true, false, false, false]);
    // The lesson's starter state is back in the fresh workspace.
    expect((await api.request('GET', `/api/sessions/${again.id}/file?path=index.html`, { token: again.token })).status).toBe(200);
    // Another browser (no cookie) starts from nothing.
    const stranger = await api.createSession({ lesson: 'hello-docker' });
    expect((await info(stranger)).progress.every((p) => !p.passed)).toBe(true);
    expect(await (await fetch(`${api.base}/api/learner/progress`)).json()).toEqual([]);
  });
});

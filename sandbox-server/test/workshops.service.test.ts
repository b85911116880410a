// Workshops end to end on the API: instructor auth, joining with a code,
// seats, live progress (polled and streamed), a server restart mid-workshop,
// ending it (engines stop, results stay) and the export.
import Docker from 'dockerode';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { createApp } from '../src/app.js';
import type { Config } from '../src/config.js';
import { engineName } from '../src/engines/docker.js';
import type { ErrorBody, JoinWorkshopResponse, LearnerProgress, Workshop } from '../src/protocol.js';
import { Api, pollFor, releaseEngines, startApp, testConfig } from './harness.js';

const A = 'instructor-a-secret';
const B = 'instructor-b-secret';
let config: Config;
let app: App;
let api: Api;
let workshop: Workshop;
let ada: JoinWorkshopResponse;

const as = (secret: string) => ({ authorization: `Bearer ${secret}`, 'content-type': 'application/json' });
const call = (method: string, path: string, secret?: string, body?: unknown) =>
  fetch(api.base + path, { method, headers: secret ? as(secret) : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
const join = (code: string, name: string) => call('POST', '/api/workshops/join', undefined, { code, name });

beforeAll(async () => {
  config = { ...testConfig(), instructorSecrets: [A, B] };
  ({ app, api } = await startApp(config));
});

afterAll(async () => {
  await app?.close();
  await releaseEngines(config);
});

describe('instructor routes', () => {
  it('need the instructor secret: 401 without, and create a workshop with a join code', async () => {
    expect((await call('POST', '/api/workshops', undefined, { title: 'x', lessons: ['hello-docker'] })).status).toBe(401);
    expect((await call('GET', '/api/workshops', 'not-a-secret')).status).toBe(401);
    const res = await call('POST', '/api/workshops', A, { title: 'Docker 101', lessons: ['hello-docker'], seats: 2, minutes: 60 });
    expect(res.status).toBe(201);
    workshop = (await res.json()) as Workshop;
    expect(workshop).toMatchObject({ title: 'Docker 101', seats: 2, seatsTaken: 0, ended: false });
    expect(workshop.joinCode).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    expect((await call('POST', '/api/workshops', A, { title: 'x', lessons: ['no-such-lesson'] })).status).toBe(404);
  });

  it("refuse a learner's token with 403, and hide one instructor's workshops from another", async () => {
    ada = (await (await join(workshop.joinCode, 'Ada')).json()) as JoinWorkshopResponse;
    expect(ada.session.token).toBeTruthy();
    expect((await call('GET', '/api/workshops', ada.session.token)).status).toBe(403);
    expect((await call('GET', `/api/workshops/${workshop.id}/progress`, ada.session.token)).status).toBe(403);
    expect((await call('GET', `/api/workshops/${workshop.id}`, B)).status).toBe(404);
    expect(await (await call('GET', '/api/workshops', B)).json()).toEqual([]);
  });
});

describe('joining', () => {
  it('answers a wrong code with 404, saying nothing about which workshops exist', async () => {
    const bodies = await Promise.all(['AAAAAAAA', workshop.joinCode.slice(0, 7) + 'X', ''].map(async (code) => (await join(code, 'Eve')).json() as Promise<ErrorBody>));
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    expect(bodies[0]).toMatchObject({ error: 'not_found' });
  });

  it('enforces the seat limit', async () => {
    const grace = await join(workshop.joinCode.toLowerCase(), 'Grace'); // codes are forgiving about case
    expect(grace.status).toBe(201);
    const third = await join(workshop.joinCode, 'Linus');
    expect(third.status).toBe(409);
    expect(((await third.json()) as ErrorBody).message).toMatch(/full/);
  });

  it('is rate limited against guessing codes', async () => {
    const limited = await startApp({ ...testConfig(), joinPerMinute: 3 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        statuses.push((await fetch(`${limited.api.base}/api/workshops/join`, { method: 'POST', body: JSON.stringify({ code: `GUESS00${i}`, name: 'x' }) })).status);
      }
      expect(statuses).toEqual([404, 404, 404, 429]);
    } finally {
      await limited.stop();
    }
  });
});

describe('progress', () => {
  it("shows a learner's finished step, polled and streamed", async () => {
    const events = await fetch(`${api.base}/api/workshops/${workshop.id}/events`, { headers: as(A) });
    expect(events.headers.get('content-type')).toBe('text/event-stream');
    const reader = events.body!.getReader();
    const term = await api.terminal(ada.session);
    await term.ok('docker run busybox echo hello');
    let streamed = '';
    await pollFor('a streamed progress event', async () => {
      const { value } = await reader.read();
      streamed += new TextDecoder().decode(value);
      return streamed.includes('event: progress') && streamed.includes('"first-run","passed":true');
    });
    await reader.cancel();
    await term.close();
    const row = await pollFor('the step in the progress table', async () => {
      const table = (await (await call('GET', `/api/workshops/${workshop.id}/progress`, A)).json()) as LearnerProgress[];
      const mine = table.find((p) => p.name === 'Ada');
      return mine?.steps[0]?.passed ? mine : undefined;
    });
    expect(row).toMatchObject({ learner: ada.learner, lesson: 'hello-docker', currentStep: 'web-server', stuck: false });
  });

  it('survives a server restart mid-workshop', async () => {
    await app.close();
    app = await createApp(config);
    api = new Api(`http://127.0.0.1:${await app.listen()}`);
    const table = (await (await call('GET', `/api/workshops/${workshop.id}/progress`, A)).json()) as LearnerProgress[];
    expect(table.find((p) => p.name === 'Ada')?.steps[0]).toMatchObject({ id: 'first-run', passed: true });
    expect(((await (await call('GET', `/api/workshops/${workshop.id}`, A)).json()) as Workshop).seatsTaken).toBe(2);
  });
});

describe('helping learners', () => {
  it('signs an instructor in with a cookie, for browsers', async () => {
    expect((await call('POST', '/api/instructor/session', undefined, { secret: 'wrong' })).status).toBe(401);
    const res = await call('POST', '/api/instructor/session', undefined, { secret: A });
    expect(res.status).toBe(204);
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const list = await fetch(`${api.base}/api/workshops`, { headers: { cookie } });
    expect(((await list.json()) as Workshop[]).map((w) => w.id)).toEqual([workshop.id]);
  });

  it("broadcasts to every learner's terminal, and lets the instructor watch one read-only and read their files", async () => {
    const term = await api.terminal(ada.session);
    await term.ok('echo "notes" > /workspace/notes.txt && echo typed-by-ada');
    expect((await call('POST', `/api/workshops/${workshop.id}/broadcast`, A, { message: 'Ten minutes left' })).status).toBe(204);
    await pollFor('the broadcast', () => term.messages.some((m) => m.type === 'broadcast' && m.message === 'Ten minutes left'));

    const watch = new WebSocket(`${api.base.replace('http', 'ws')}/api/workshops/${workshop.id}/sessions/${ada.session.id}/terminal?term=1`, {
      headers: { authorization: `Bearer ${A}` },
    });
    const seen: { type: string; data?: string; error?: string }[] = [];
    watch.on('message', (raw) => seen.push(JSON.parse(raw.toString())));
    await new Promise((resolve, reject) => (watch.once('open', resolve), watch.once('error', reject)));
    await pollFor('the replayed screen', () => seen.some((m) => m.data?.includes('typed-by-ada')));
    await term.ok('echo watched-live');
    await pollFor('live output', () => seen.some((m) => m.data?.includes('watched-live')));
    watch.send(JSON.stringify({ type: 'input', data: 'touch /workspace/instructor-was-here\r' }));
    await pollFor('a read-only refusal', () => seen.some((m) => m.error === 'read_only'));
    await term.ok('test ! -e /workspace/instructor-was-here');
    watch.close();

    const files = await call('GET', `/api/workshops/${workshop.id}/sessions/${ada.session.id}/file?path=notes.txt`, A);
    expect(await files.text()).toBe('notes\n');
    expect((await call('GET', `/api/workshops/${workshop.id}/sessions/${ada.session.id}/file?path=notes.txt`, B)).status).toBe(404);
    expect((await call('GET', `/api/workshops/${workshop.id}/sessions/${ada.session.id}/files?path=.`, ada.session.token)).status).toBe(403);
    await term.close();
  });
});

describe('ending a workshop', () => {
  it('stops its engines, keeps the results, exports them and closes the door', async () => {
    const res = await call('PATCH', `/api/workshops/${workshop.id}`, A, { end: true });
    expect(((await res.json()) as Workshop).ended).toBe(true);
    await expect(new Docker().getContainer(engineName(ada.session.id)).inspect()).rejects.toMatchObject({ statusCode: 404 });
    const table = (await (await call('GET', `/api/workshops/${workshop.id}/progress`, A)).json()) as LearnerProgress[];
    expect(table.find((p) => p.name === 'Ada')).toMatchObject({ session: null, steps: expect.arrayContaining([expect.objectContaining({ id: 'first-run', passed: true })]) });
    // Asking about an ended session is refused and does not bring it back as "stopped".
    expect((await call('GET', `/api/workshops/${workshop.id}/sessions/${ada.session.id}/files?path=.`, A)).status).toBe(404);
    const after = (await (await call('GET', `/api/workshops/${workshop.id}/progress`, A)).json()) as LearnerProgress[];
    expect(after.every((p) => p.session === null)).toBe(true);
    const csv = await (await call('GET', `/api/workshops/${workshop.id}/export?format=csv`, A)).text();
    expect(csv.split('\r\n')[0]).toBe('"learner","name","lesson","step","passed","passed_at"');
    expect(csv).toContain(`"${ada.learner}","Ada","hello-docker","first-run","true"`);
    const json = (await (await call('GET', `/api/workshops/${workshop.id}/export`, A)).json()) as { learners: LearnerProgress[] };
    expect(json.learners.map((l) => l.name).sort()).toEqual(['Ada', 'Grace']);
    expect((await join(workshop.joinCode, 'Late')).status).toBe(409);
  });

  it('can be extended by its instructor only', async () => {
    expect((await call('PATCH', `/api/workshops/${workshop.id}`, B, { extendMinutes: 30 })).status).toBe(404);
    const reopened = (await (await call('PATCH', `/api/workshops/${workshop.id}`, A, { extendMinutes: 30 })).json()) as Workshop;
    expect(reopened.ended).toBe(false);
    expect(Date.parse(reopened.endsAt)).toBeGreaterThan(Date.now() + 25 * 60_000);
  });
});

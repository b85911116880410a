// Bad input and a dead engine get clear errors in the API's one shape, and
// lose nothing.
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineName } from '../src/engines/docker.js';
import type { CreateSessionResponse, ErrorBody, SessionInfo } from '../src/protocol.js';
import { type Api, startApp, testConfig } from './harness.js';

let stopApp: () => Promise<void>;
let api: Api;
let session: CreateSessionResponse;

beforeAll(async () => {
  ({ api, stop: stopApp } = await startApp());
  session = await api.createSession();
});

afterAll(async () => {
  await api?.request('DELETE', `/api/sessions/${session.id}`, { token: session.token });
  await stopApp?.();
});

async function errorOf(res: Response): Promise<ErrorBody & { status: number }> {
  return { status: res.status, ...((await res.json()) as ErrorBody) };
}

describe('bad input', () => {
  it('answers malformed JSON and wrong fields with 400', async () => {
    expect(await errorOf(await api.request('POST', '/api/sessions', { raw: '{"lesson":' }))).toMatchObject({ status: 400, error: 'bad_request', message: expect.stringMatching(/not valid JSON/) });
    expect(await errorOf(await api.request('POST', '/api/sessions', { body: { lesson: 42 } }))).toMatchObject({ status: 400, message: expect.stringMatching(/"lesson" must be a string/) });
    expect(await errorOf(await api.request('POST', '/api/sessions', { body: [1, 2] }))).toMatchObject({ status: 400 });
  });

  it('refuses oversized JSON bodies with 413', async () => {
    const res = await api.request('POST', '/api/sessions', { raw: JSON.stringify({ name: 'x'.repeat(100_000) }) });
    expect(await errorOf(res)).toMatchObject({ status: 413, error: 'payload_too_large' });
  });

  it('answers unknown routes and sessions with 404 or 401, never another learner\'s data', async () => {
    expect((await api.request('GET', `/api/sessions/${session.id}/nothing`, { token: session.token })).status).toBe(404);
    expect((await api.request('GET', '/api/nothing')).status).toBe(404);
    expect((await api.request('GET', '/api/sessions/doesnotexist', { token: session.token })).status).toBe(403);
    expect((await api.request('GET', '/api/sessions/doesnotexist')).status).toBe(401);
  });

  it('rate limits session creation with 429 and a Retry-After, counting refused requests too', async () => {
    const limited = await startApp({ ...testConfig(), createPerMinute: 2 });
    try {
      expect((await limited.api.request('POST', '/api/sessions', { raw: 'not json' })).status).toBe(400);
      const made = await limited.api.createSession();
      await limited.api.request('DELETE', `/api/sessions/${made.id}`, { token: made.token });
      const res = await limited.api.request('POST', '/api/sessions', { body: {} });
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await res.json()) as ErrorBody).error).toBe('too_many_requests');
    } finally {
      await limited.stop();
    }
  });
});

describe('a dead engine', () => {
  it('is reported as stopped with a clear error, and the server stays healthy', async () => {
    await new Docker().getContainer(engineName(session.id)).kill();
    const info = (await (await api.request('GET', `/api/sessions/${session.id}`, { token: session.token })).json()) as SessionInfo;
    expect(info.status).toBe('stopped');
    const files = await errorOf(await api.request('GET', `/api/sessions/${session.id}/files?path=.`, { token: session.token }));
    expect(files).toMatchObject({ status: 503, error: 'engine_unavailable', message: expect.stringMatching(/stopped/) });
    await expect(api.terminal(session)).rejects.toThrow(/503/);
    expect((await api.request('GET', '/healthz')).status).toBe(200);
    // The command log is kept.
    expect((await api.request('GET', `/api/sessions/${session.id}/commands`, { token: session.token })).status).toBe(200);
  });
});

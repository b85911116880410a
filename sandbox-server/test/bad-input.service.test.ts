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

describe('floods', () => {
  it("answer a session's runaway requests with 429, and leave other sessions alone", async () => {
    const limited = await startApp({ ...testConfig(), sessionRequestsPerMinute: 30 });
    try {
      const [flooder, bystander] = await Promise.all([limited.api.createSession(), limited.api.createSession()]);
      const statuses = await Promise.all(
        Array.from({ length: 60 }, () => limited.api.request('GET', `/api/sessions/${flooder.id}/commands`, { token: flooder.token }).then((r) => r.status)),
      );
      expect(statuses.filter((s) => s === 200)).toHaveLength(30);
      expect(statuses.filter((s) => s === 429)).toHaveLength(30);
      expect((await limited.api.request('GET', `/api/sessions/${bystander.id}`, { token: bystander.token })).status).toBe(200);
      // A wrong token gets 401 however often it is tried, and never 429.
      const forged = await limited.api.request('GET', `/api/sessions/${flooder.id}`, { token: 'forged' });
      expect(forged.status).toBe(401);
      expect((await limited.api.request('GET', '/healthz')).status).toBe(200);
    } finally {
      await limited.stop();
    }
  });

  it('refuse encoded paths that leave the workspace, and take double encoding literally', async () => {
    const raw = (query: string) => api.request('GET', `/api/sessions/${session.id}/file?path=${query}`, { token: session.token });
    for (const query of ['%2e%2e%2fetc%2fpasswd', '..%2F..%2Fetc%2Fpasswd', '%2Fetc%2Fpasswd', 'a%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd']) {
      expect((await raw(query)).status, query).toBe(400);
    }
    // %252e decodes once, to the literal name "%2e%2e": a missing file inside the workspace.
    expect((await raw('%252e%252e%252fetc%252fpasswd')).status).toBe(404);
  });
});

describe('a dead engine', () => {
  it('is reported as stopped with a clear error, and the server stays healthy', async () => {
    const kept = await api.request('PUT', `/api/sessions/${session.id}/file?path=kept.txt`, { token: session.token, raw: 'still here' });
    expect(kept.status).toBe(204);
    await new Docker().getContainer(engineName(session.id)).kill();
    const info = await api.sessionInfo(session);
    expect(info.status).toBe('stopped');
    const files = await errorOf(await api.request('GET', `/api/sessions/${session.id}/files?path=.`, { token: session.token }));
    expect(files).toMatchObject({ status: 503, error: 'engine_unavailable', message: expect.stringMatching(/stopped/) });
    await expect(api.terminal(session)).rejects.toThrow(/503/);
    expect((await api.request('GET', '/healthz')).status).toBe(200);
    // The command log is kept.
    expect((await api.request('GET', `/api/sessions/${session.id}/commands`, { token: session.token })).status).toBe(200);
  });

  it('can be restarted by the learner, keeping files and images', async () => {
    const restart = () => api.request('POST', `/api/sessions/${session.id}/restart`, { token: session.token });
    // A double click: one restart runs, the other is told so.
    const answers = await Promise.all([restart(), restart()]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const res = answers.find((a) => a.status === 200) as Response;
    expect(((await res.json()) as SessionInfo).status).toBe('running');
    const file = await api.request('GET', `/api/sessions/${session.id}/file?path=kept.txt`, { token: session.token });
    expect(await file.text()).toBe('still here');
    const term = await api.terminal(session);
    try {
      await term.ok('docker run --rm busybox echo engine-back');
    } finally {
      await term.close();
    }
    // Without the session's token, no one can.
    expect((await api.request('POST', `/api/sessions/${session.id}/restart`)).status).toBe(401);
  });
});

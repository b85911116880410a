// One learner's session against a real engine: the commands of a beginner
// tutorial, the command log, files and their confinement, tokens, re-attach.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateSessionResponse, FileEntry, SessionInfo } from '../src/protocol.js';
import { type Api, pollFor, startApp, type TerminalProbe } from './harness.js';

let stopApp: () => Promise<void>;
let api: Api;
let session: CreateSessionResponse;
let term: TerminalProbe;

beforeAll(async () => {
  ({ api, stop: stopApp } = await startApp());
  session = await api.createSession();
  term = await api.terminal(session);
});

afterAll(async () => {
  await term?.close();
  if (session) await api.request('DELETE', `/api/sessions/${session.id}`, { token: session.token });
  await stopApp?.();
});

const ok = (line: string) => term.ok(line);

describe('a session runs what a Docker tutorial asks for', () => {
  it('starts running, with an expiry and no ports', async () => {
    const res = await api.request('GET', `/api/sessions/${session.id}`, { token: session.token });
    expect(res.status).toBe(200);
    const info = (await res.json()) as SessionInfo;
    expect(info).toMatchObject({ id: session.id, status: 'running', ports: [] });
    expect(Date.parse(info.expiresAt)).toBeGreaterThan(Date.now());
  });

  it('runs a container from an image pulled through the mirror', async () => {
    await ok('docker run --rm busybox echo hello-from-busybox');
    expect(term.output).toContain('hello-from-busybox');
    await ok('docker pull nginx');
  });

  it('publishes nginx on a port that answers inside the engine and shows in the session', async () => {
    await ok('docker run -d --name web -p 8080:80 nginx');
    // nginx needs a moment after `run` returns; curl retries connection refusals.
    await ok('curl -fsS --retry 20 --retry-all-errors --retry-delay 0 localhost:8080 | grep -o "Welcome to nginx!"');
    const info = await api.sessionInfo(session);
    expect(info.ports).toEqual([{ port: 8080, protocol: 'tcp', container: 'web', image: 'nginx' }]);
  });

  it('builds an image from a Dockerfile written through the files API', async () => {
    const dockerfile = 'FROM busybox\nRUN echo built > /built.txt\nCMD ["cat", "/built.txt"]\n';
    const put = await api.request('PUT', `/api/sessions/${session.id}/file?path=app/Dockerfile`, { token: session.token, raw: dockerfile });
    expect(put.status).toBe(204);
    await ok('cd /workspace/app && docker build -t app .');
    await ok('docker run --rm app');
    expect(term.output).toMatch(/^built\r?$/m);
  });

  it('brings up a compose project of two services with `docker compose`', async () => {
    const compose = [
      'services:',
      '  web:',
      '    image: nginx',
      '    ports: ["8081:80"]',
      '  cache:',
      '    image: redis',
      '',
    ].join('\n');
    await api.request('PUT', `/api/sessions/${session.id}/file?path=shop/compose.yaml`, { token: session.token, raw: compose });
    await ok('cd /workspace/shop && docker compose up -d');
    await ok('test "$(docker compose ps --status running --services | sort | tr "\\n" " ")" = "cache web "');
    await ok('docker compose exec cache redis-cli ping | grep PONG');
    await ok('curl -fsS --retry 20 --retry-all-errors --retry-delay 0 localhost:8081 | grep -q "Welcome to nginx!"');
    await ok('docker compose down');
  });

  it('keeps data in a named volume across containers', async () => {
    await ok('docker volume create notes');
    await ok('docker run --rm -v notes:/data busybox sh -c "echo kept > /data/note"');
    await ok('docker run --rm -v notes:/data busybox cat /data/note | grep kept');
  });

  it('lets containers on a user-defined network reach each other by name', async () => {
    await ok('docker network create shopnet');
    await ok('docker run -d --name api --network shopnet nginx');
    await ok('docker run --rm --network shopnet busybox sh -c "for i in 1 2 3 4 5 6 7 8 9 10; do wget -qO- http://api && exit 0; sleep 0.3; done; exit 1" | grep -q nginx');
  });
});

describe('the command log', () => {
  it('records every command with its exit code and working directory', async () => {
    await term.run('cd /workspace');
    const failed = await term.run('docker inspect no-such-container');
    expect(failed.exitCode).not.toBe(0);
    const res = await api.request('GET', `/api/sessions/${session.id}/commands`, { token: session.token });
    const log = (await res.json()) as { line: string; exitCode: number; cwd: string }[];
    expect(log).toContainEqual(expect.objectContaining({ line: 'docker run -d --name web -p 8080:80 nginx', exitCode: 0, cwd: '/workspace' }));
    expect(log).toContainEqual(expect.objectContaining({ line: 'docker run --rm app', exitCode: 0, cwd: '/workspace/app' }));
    expect(log).toContainEqual(expect.objectContaining({ line: 'docker inspect no-such-container', exitCode: 1 }));
    expect(log.at(-1)?.line).toBe('docker inspect no-such-container');
  });

  it('does not show the shell integration sequences to the learner', () => {
    expect(term.output).not.toContain('\x1b]633;');
  });
});

describe('files', () => {
  const files = (path: string) => api.request('GET', `/api/sessions/${session.id}/files?path=${encodeURIComponent(path)}`, { token: session.token });
  const file = (path: string) => api.request('GET', `/api/sessions/${session.id}/file?path=${encodeURIComponent(path)}`, { token: session.token });

  it('lists, reads and overwrites workspace files, keeping the mode', async () => {
    const listing = (await (await files('.')).json()) as FileEntry[];
    expect(listing.map((e) => `${e.type}:${e.name}`)).toEqual(expect.arrayContaining(['dir:app', 'dir:shop']));
    await ok("printf '#!/bin/sh\\necho one\\n' > /workspace/run.sh && chmod 755 /workspace/run.sh");
    expect(await (await file('run.sh')).text()).toBe('#!/bin/sh\necho one\n');
    await api.request('PUT', `/api/sessions/${session.id}/file?path=run.sh`, { token: session.token, raw: '#!/bin/sh\necho two\n' });
    await ok('/workspace/run.sh | grep two');
  });

  it('refuses paths that leave the workspace, including through symlinks', async () => {
    await ok('ln -sfn /etc /workspace/etc-link && ln -sfn /etc/hostname /workspace/host-link');
    for (const path of ['../etc/passwd', '/etc/passwd', 'app/../../etc/passwd', 'etc-link/passwd', 'host-link']) {
      const res = await file(path);
      expect(res.status, path).toBe(400);
      expect(((await res.json()) as { error: string }).error).toBe('bad_request');
    }
    const write = await api.request('PUT', `/api/sessions/${session.id}/file?path=etc-link/evil`, { token: session.token, raw: 'x' });
    expect(write.status).toBe(400);
    expect((await files('etc-link')).status).toBe(400);
  });

  it('answers 404 for missing files and 413 for files past the limit', async () => {
    expect((await file('nope.txt')).status).toBe(404);
    const huge = Buffer.alloc(5 * 1024 * 1024 + 1, 0x61);
    const res = await api.request('PUT', `/api/sessions/${session.id}/file?path=huge.txt`, { token: session.token, raw: huge });
    expect(res.status).toBe(413);
    await ok('head -c 6000000 /dev/zero > /workspace/big.bin');
    expect((await file('big.bin')).status).toBe(413);
  });
});

describe('file tree operations', () => {
  const call = (method: string, path: string, body?: unknown) => api.request(method, `/api/sessions/${session.id}${path}`, { token: session.token, body });

  it('makes folders, renames and deletes files and folders', async () => {
    expect((await call('POST', '/dir?path=tree/a')).status).toBe(201);
    expect((await call('POST', '/dir?path=tree/a')).status).toBe(409);
    await api.request('PUT', `/api/sessions/${session.id}/file?path=tree/a/one.txt`, { token: session.token, raw: '1' });
    expect((await call('POST', '/rename', { from: 'tree/a/one.txt', to: 'tree/b/two.txt' })).status).toBe(204);
    await ok('test "$(cat /workspace/tree/b/two.txt)" = 1 && test ! -e /workspace/tree/a/one.txt');
    expect((await call('POST', '/rename', { from: 'tree/b', to: 'tree/a' })).status).toBe(409);
    expect((await call('POST', '/rename', { from: 'tree/b', to: '../b' })).status).toBe(400);
    expect((await call('DELETE', '/file?path=tree')).status).toBe(204);
    await ok('test ! -e /workspace/tree');
    expect((await call('DELETE', '/file?path=tree')).status).toBe(404);
    expect((await call('DELETE', '/file?path=.')).status).toBe(400);
  });

  it('deletes a symlink, not what it points at', async () => {
    await ok('mkdir -p /workspace/keep && echo safe > /workspace/keep/f && ln -sfn /workspace/keep /workspace/link-to-keep');
    expect((await call('DELETE', '/file?path=link-to-keep')).status).toBe(204);
    await ok('test ! -L /workspace/link-to-keep && test "$(cat /workspace/keep/f)" = safe');
  });
});

describe('port previews', () => {
  const preview = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${api.base}/s/${session.id}/p/${path}`, { headers, redirect: 'manual' });
  const cookie = () => ({ cookie: `dockyard_${session.id}=${session.token}` });

  it("shows the learner's nginx page through the session cookie", async () => {
    const res = await preview('8080/', cookie());
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Welcome to nginx!');
  });

  it('adds the trailing slash so relative links work', async () => {
    const res = await preview('8080', cookie());
    expect(res.status).toBe(308);
    expect(res.headers.get('location')).toBe(`/s/${session.id}/p/8080/`);
  });

  it('explains when nothing listens on the port', async () => {
    const res = await preview('9999/', cookie());
    expect(res.status).toBe(502);
    expect(await res.text()).toMatch(/Nothing answers on port 9999/);
  });

  it('is for the session owner only', async () => {
    expect((await preview('8080/')).status).toBe(401);
    expect((await preview('8080/', { cookie: `dockyard_${session.id}=forged` })).status).toBe(401);
    expect((await preview('70000/', cookie())).status).toBe(400);
  });
});

describe('tokens', () => {
  it('refuses a missing token with 401 and a wrong one with 401', async () => {
    const none = await api.request('GET', `/api/sessions/${session.id}`);
    expect(none.status).toBe(401);
    const wrong = await api.request('GET', `/api/sessions/${session.id}/files?path=.`, { token: 'not-a-token' });
    expect(wrong.status).toBe(401);
    await expect(api.terminal({ ...session, token: 'not-a-token' })).rejects.toThrow(/401/);
  });

  it("refuses another session's token with 403", async () => {
    const other = await api.createSession();
    try {
      const res = await api.request('GET', `/api/sessions/${session.id}/file?path=app/Dockerfile`, { token: other.token });
      expect(res.status).toBe(403);
      await expect(api.terminal({ ...session, token: other.token })).rejects.toThrow(/403/);
    } finally {
      await api.request('DELETE', `/api/sessions/${other.id}`, { token: other.token });
    }
  });
});

describe('terminals', () => {
  it('re-attaches to the same shell with its recent output after the tab closes', async () => {
    await ok('export MARK=reattach-42 && echo before-close');
    await term.close();
    term = await api.terminal(session);
    await term.waitForOutput(/before-close/);
    await ok('echo "mark=$MARK"');
    await term.waitForOutput(/mark=reattach-42/);
  });

  it('runs several terminals in one session', async () => {
    const second = await api.terminal(session, '2');
    try {
      const entry = await second.run('echo second-terminal');
      expect(entry).toMatchObject({ term: '2', exitCode: 0 });
      expect(term.output).not.toContain('second-terminal');
    } finally {
      await second.close();
    }
  });

  it('resizes the shell and answers bad messages with an error', async () => {
    term.send({ type: 'resize', cols: 132, rows: 40 });
    // The docker client passes the new size on to the engine's TTY asynchronously.
    await pollFor('the shell to see 132x40', async () => (await term.run('test "$(stty size)" = "40 132"')).exitCode === 0);
    term.send({ type: 'resize', cols: 100000, rows: 40 });
    term.send({ type: 'launch-missiles' });
    await pollFor('two errors', () => term.messages.filter((m) => m.type === 'error').length >= 2);
    expect(term.messages.filter((m) => m.type === 'error')).toEqual([
      expect.objectContaining({ error: 'bad_message', message: expect.stringMatching(/cols/) }),
      expect.objectContaining({ error: 'bad_message', message: expect.stringMatching(/unknown message type/) }),
    ]);
  });
});

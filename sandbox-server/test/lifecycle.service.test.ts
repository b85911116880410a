// A session's life at its edges: expiry releases everything it held, and a
// server killed mid-session comes back with the session, shell and files.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import { engineName } from '../src/engines/docker.js';
import { pollFor, ServerProcess, startApp, testConfig } from './harness.js';

const docker = new Docker();

describe('expiry', () => {
  it('leaves no container, network, volume, disk or mount behind', async () => {
    const config = testConfig({ ttlSeconds: 3 });
    const { app, api, stop } = await startApp(config);
    try {
      const volumesBefore = (await docker.listVolumes()).Volumes?.length ?? 0;
      const session = await api.createSession();
      const term = await api.terminal(session);
      // Give it something to release: an inner container, volume and network.
      await term.ok('docker volume create vol1 && docker network create net1 && docker run -d -v vol1:/v --network net1 busybox sleep 600');
      const name = engineName(session.id);
      const diskDir = join(config.stateDir, 'sessions', session.id);
      expect(existsSync(diskDir)).toBe(true);
      expect(readFileSync('/proc/mounts', 'utf8')).toContain(diskDir);

      await pollFor('session to expire', async () => (await app.sessions.sweep()).includes(session.id), 20_000);

      await expect(docker.getContainer(name).inspect()).rejects.toMatchObject({ statusCode: 404 });
      await expect(docker.getNetwork(name).inspect()).rejects.toMatchObject({ statusCode: 404 });
      expect((await docker.listVolumes()).Volumes?.length ?? 0).toBe(volumesBefore);
      expect(existsSync(diskDir)).toBe(false);
      expect(readFileSync('/proc/mounts', 'utf8')).not.toContain(diskDir);
      await pollFor('terminal to close', () => term.ws.readyState === term.ws.CLOSED);
      expect(term.messages.at(-1)).toMatchObject({ type: 'error', message: expect.stringMatching(/session has ended \(time limit reached\)/) });
      const res = await api.request('GET', `/api/sessions/${session.id}`, { token: session.token });
      expect(res.status).toBe(404);
      expect(((await res.json()) as { message: string }).message).toMatch(/time limit/);
    } finally {
      await stop();
    }
  });
});

describe('a server killed with SIGKILL and restarted', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'dockyard-restart-'));
  const server = new ServerProcess(4000 + Math.floor(Math.random() * 2000) + 20000, stateDir);
  afterAll(() => server.stop());

  it('keeps the session, re-attaches the same shell and keeps the files', async () => {
    await server.start();
    const api = server.api;
    const session = await api.createSession();
    let term = await api.terminal(session);
    await term.ok('export MARK=survived-7 && echo printed-before-crash');
    await api.request('PUT', `/api/sessions/${session.id}/file?path=notes.txt`, { token: session.token, raw: 'my notes' });
    // The screen is saved every couple of seconds; wait until it holds our line.
    const db = new Database(join(stateDir, 'dockyard.db'), { readonly: true });
    await pollFor('scrollback saved', () =>
      (db.prepare('SELECT data FROM scrollback WHERE session_id = ?').get(session.id) as { data: string } | undefined)?.data.includes(
        'printed-before-crash',
      ),
    );
    db.close();

    await server.kill();
    await term.close();
    await server.start();

    const info = await api.sessionInfo(session);
    expect(info.status).toBe('running');
    term = await api.terminal(session);
    await term.waitForOutput(/printed-before-crash/);
    await term.ok('echo "mark=$MARK"');
    await term.waitForOutput(/mark=survived-7/);
    const notes = await api.request('GET', `/api/sessions/${session.id}/file?path=notes.txt`, { token: session.token });
    expect(await notes.text()).toBe('my notes');
    await term.close();
    expect((await api.request('DELETE', `/api/sessions/${session.id}`, { token: session.token })).status).toBe(204);
  });
});

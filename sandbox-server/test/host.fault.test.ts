// Broken hosts: the registry mirror goes away and comes back, and the host's
// own Docker engine restarts under live sessions. These break things for
// every test on the machine, so they run on their own, after the others
// (vitest.faults.config.ts), and put the host back as `npm start` leaves it.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { pollFor, startApp, testConfig } from './harness.js';

const hostDir = new URL('../host/', import.meta.url).pathname;

/** What `npm start` does for the host: starts whatever of dockerd and the registries is not running. */
function setUpHost(): void {
  const result = spawnSync('bash', [`${hostDir}setup.sh`], { encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) throw new Error(`host/setup.sh failed: ${result.stderr}`);
}

async function mirrorAnswers(): Promise<boolean> {
  return fetch('http://127.0.0.1:5000/v2/').then((r) => r.ok, () => false);
}

async function dockerAnswers(): Promise<boolean> {
  return spawnSync('docker', ['version', '--format', '{{.Server.Version}}'], { timeout: 10_000 }).status === 0;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// Whatever happens in here, leave the host running for whoever comes next.
afterAll(() => setUpHost());

describe('the registry mirror down', () => {
  it('makes a pull fail, tells the learner why, and works again once the mirror is back', async () => {
    const { app, api, stop } = await startApp();
    try {
      const session = await api.createSession();
      const term = await api.terminal(session);
      await term.ok('docker pull -q busybox');

      expect(spawnSync('pkill', ['-f', 'docker-registry serve .*/mirror.yml']).status).toBe(0);
      await pollFor('the mirror to stop', async () => !(await mirrorAnswers()));
      expect(await app.registry.probe()).toBe(false);
      await term.fails('docker pull redis');
      const down = (await api.sessionInfo(session)).notices;
      expect(down).toContainEqual({ kind: 'registry_down', message: expect.stringMatching(/registry is not answering/) });
      // What the engine already has still works.
      await term.ok('docker run --rm busybox echo still-working');

      setUpHost();
      expect(await app.registry.probe()).toBe(true);
      expect((await api.sessionInfo(session)).notices).toEqual([]);
      await term.ok('docker pull -q redis');
      await term.close();
    } finally {
      await stop();
    }
  });
});

describe('the host Docker engine restarted', () => {
  it('stops the engines, keeps the server answering, and lets learners restart theirs with their files', async () => {
    const config = { ...testConfig(), pool: { size: 1, maxAgeSeconds: 600 } };
    const { app, api, stop } = await startApp(config);
    try {
      await app.pool.waitUntilReady(1);
      const session = await api.createSession();
      expect((await api.request('PUT', `/api/sessions/${session.id}/file?path=notes.txt`, { token: session.token, raw: 'kept' })).status).toBe(204);
      await app.pool.waitUntilReady(1);

      const dockerd = Number(readFileSync('/var/run/docker.pid', 'utf8'));
      process.kill(dockerd, 'SIGTERM');
      // Gone, not just quiet: dockerd stops answering before it has stopped the engines.
      await pollFor('the host dockerd to exit', () => !processAlive(dockerd), 60_000);
      expect(await dockerAnswers()).toBe(false);
      // The server answers, and says the engine is gone rather than hanging.
      expect((await api.request('GET', '/healthz')).status).toBe(200);
      expect((await api.sessionInfo(session)).status).toBe('stopped');

      setUpHost();
      expect((await api.sessionInfo(session)).status).toBe('stopped');
      const restarted = await api.request('POST', `/api/sessions/${session.id}/restart`, { token: session.token });
      expect(restarted.status).toBe(200);
      expect(await (await api.request('GET', `/api/sessions/${session.id}/file?path=notes.txt`, { token: session.token })).text()).toBe('kept');
      const term = await api.terminal(session);
      await term.ok('docker run --rm busybox echo engine-back');
      await term.close();

      // The warm pool's engine died with dockerd: a new learner must not get it.
      const fresh = await api.createSession();
      expect((await api.sessionInfo(fresh)).status).toBe('running');
      const freshTerm = await api.terminal(fresh);
      await freshTerm.ok('docker info --format "{{.ServerVersion}}"');
      await freshTerm.close();
    } finally {
      // Releasing the engines needs dockerd, whatever failed above.
      setUpHost();
      await stop();
    }
  });
});

// The warm pool: a session takes an engine that was started before the
// learner asked, the pool refills, and closing the server releases the rest.
import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { engineName } from '../src/engines/docker.js';
import { releaseEngines, startApp, testConfig } from './harness.js';

const docker = new Docker();

describe('warm pool', () => {
  it('hands out started engines, refills, and releases waiting ones on close', async () => {
    const base = testConfig();
    const config = { ...base, pool: { size: 2, maxAgeSeconds: 600 } };
    const { app, api, stop } = await startApp(config);
    let closed = false;
    try {
      await app.pool.waitUntilReady(2);
      const asked = Date.now();
      const session = await api.createSession();
      const engine = await docker.getContainer(engineName(session.id)).inspect();
      // The engine existed before the request: it came from the pool.
      expect(Date.parse(engine.Created)).toBeLessThan(asked);
      const term = await api.terminal(session);
      await term.ok('docker run --rm busybox echo warm-engine-works');
      await term.close();

      await app.pool.waitUntilReady(2);
      const label = `dockyard.instance=${base.engine.instance}`;
      const running = await docker.listContainers({ filters: { label: [label] } });
      expect(running).toHaveLength(3); // the session's engine and two waiting

      // Closing the server keeps the learner's engine (a restarted server adopts
      // it) but releases the engines still waiting in the pool.
      await app.close();
      closed = true;
      const left = await docker.listContainers({ all: true, filters: { label: [label] } });
      expect(left.map((c) => c.Names[0])).toEqual([`/${engineName(session.id)}`]);
    } finally {
      if (closed) await releaseEngines(config);
      else await stop();
    }
  });
});

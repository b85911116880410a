// Two learners on one host: neither sees the other's containers nor reaches
// the other's engine or published ports.
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineName } from '../src/engines/docker.js';
import type { CreateSessionResponse } from '../src/protocol.js';
import { type Api, startApp, type TerminalProbe, testConfig } from './harness.js';

let stopApp: () => Promise<void>;
let api: Api;
let alice: CreateSessionResponse;
let bob: CreateSessionResponse;
let aliceTerm: TerminalProbe;
let bobTerm: TerminalProbe;

async function engineAddress(session: string): Promise<string> {
  const info = await new Docker().getContainer(engineName(session)).inspect();
  const address = Object.values(info.NetworkSettings.Networks)[0]?.IPAddress;
  if (!address) throw new Error(`engine of ${session} has no address`);
  return address;
}

beforeAll(async () => {
  ({ api, stop: stopApp } = await startApp());
  [alice, bob] = await Promise.all([api.createSession(), api.createSession()]);
  [aliceTerm, bobTerm] = await Promise.all([api.terminal(alice), api.terminal(bob)]);
  await bobTerm.ok('docker run -d --name bobs-secret -p 8080:80 nginx');
  // Bob can reach his own nginx, so a failure from Alice below is isolation, not a dead server.
  await bobTerm.ok('curl -fsS --retry 20 --retry-all-errors --retry-delay 0 -o /dev/null localhost:8080');
});

afterAll(async () => {
  await Promise.all([aliceTerm?.close(), bobTerm?.close()]);
  for (const s of [alice, bob]) if (s) await api.request('DELETE', `/api/sessions/${s.id}`, { token: s.token });
  await stopApp?.();
});

describe('two sessions', () => {
  it("do not see each other's containers", async () => {
    await aliceTerm.run('docker ps -a --format "{{.Names}}" > /tmp/names; cat /tmp/names');
    expect((await aliceTerm.run('grep -q bobs-secret /tmp/names')).exitCode).toBe(1);
    await bobTerm.ok('docker ps --format "{{.Names}}" | grep -q bobs-secret');
  });

  it("cannot reach each other's engines or published ports", async () => {
    const bobAddress = await engineAddress(bob.id);
    const aliceAddress = await engineAddress(alice.id);
    expect(bobAddress).not.toBe(aliceAddress);
    // Bob's own engine answers on its address; Alice's attempt must not.
    await bobTerm.ok(`curl -fsS -o /dev/null -m 5 http://${bobAddress}:8080`);
    await aliceTerm.fails(`curl -fsS -o /dev/null -m 5 http://${bobAddress}:8080`);
    await aliceTerm.fails(`ping -c 1 -W 2 ${bobAddress}`);
    // Nor from a container inside Alice's engine.
    await aliceTerm.fails(`docker run --rm busybox wget -q -T 5 -O /dev/null http://${bobAddress}:8080`);
  });

  it("have engines of their own, not the host's", async () => {
    const hostEngine = await new Docker().info();
    const engineId = async (term: TerminalProbe) => {
      await term.run("docker info --format 'engine-id={{.ID}}'");
      return (await term.waitForOutput(/^engine-id=([\w:-]+)\r?$/m))[1];
    };
    const [aliceId, bobId] = await Promise.all([engineId(aliceTerm), engineId(bobTerm)]);
    expect(aliceId).toBeTruthy();
    expect(aliceId).not.toBe(bobId);
    expect([aliceId, bobId]).not.toContain(hostEngine.ID);
  });

  it("cannot reach the host's own services, only its registry mirror", async () => {
    // A service of the test's own on every host address, like the playground's API.
    const server: Server = createServer((_req, res) => res.end('host-service'));
    await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const info = await new Docker().getContainer(engineName(alice.id)).inspect();
      const gateway = Object.values(info.NetworkSettings.Networks)[0]?.Gateway;
      expect(gateway).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('host-service');
      await aliceTerm.fails(`curl -fsS -m 3 http://${gateway}:${port}/`);
      await aliceTerm.ok(`curl -fsS -m 3 -o /dev/null http://${gateway}:${testConfig().engine.mirrorPort}/v2/`);
    } finally {
      server.close();
    }
  });

  it('have their traffic to cloud metadata addresses dropped on the host', () => {
    // Checked as configuration: sending test traffic to 169.254.169.254 would
    // leave this machine if the rule were missing.
    const pool = testConfig().engine.subnetPool;
    const rule = ['-C', 'DOCKER-USER', '-s', pool, '-d', '169.254.0.0/16', '-j', 'DROP'];
    expect(spawnSync('iptables', rule).status).toBe(0);
    expect(spawnSync('iptables', ['-C', 'FORWARD', '-j', 'DOCKER-USER']).status).toBe(0);
  });
});

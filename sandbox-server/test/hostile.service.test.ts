// A hostile learner against real engines: escapes that must fail, and limits
// that must hold while a neighbour's session keeps working. Each attack
// asserts its outcome (what the attacker got, what the neighbour still has).
import { readFileSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineName } from '../src/engines/docker.js';
import type { CreateSessionResponse } from '../src/protocol.js';
import { type Api, pollFor, startApp, type TerminalProbe, testConfig } from './harness.js';

const MiB = 1024 ** 2;
const config = testConfig({ memoryBytes: 512 * MiB, pids: 512, diskBytes: 1024 * MiB, containers: 6, ports: 3 });

let stopApp: () => Promise<void>;
let api: Api;
let mallory: CreateSessionResponse;
let neighbour: CreateSessionResponse;
let attacker: TerminalProbe;
let other: TerminalProbe;

beforeAll(async () => {
  ({ api, stop: stopApp } = await startApp(config));
  [mallory, neighbour] = await Promise.all([api.createSession(), api.createSession()]);
  [attacker, other] = await Promise.all([api.terminal(mallory), api.terminal(neighbour)]);
  await Promise.all([attacker.ok('docker pull -q busybox'), other.ok('docker pull -q busybox')]);
});

afterAll(async () => {
  await Promise.all([attacker?.close(), other?.close()]);
  await stopApp?.();
});

/** The neighbour's session still answers: a command typed now completes and succeeds. */
async function neighbourStillWorks(): Promise<void> {
  await other.ok(`echo neighbour-$RANDOM`);
  await other.ok('docker run --rm busybox true');
}

/** The notices the server shows the attacker now. */
async function notices(): Promise<string[]> {
  return (await api.sessionInfo(mallory)).notices.map((n) => n.kind);
}

/** A cgroup file of the session's engine, as the host sees it ({id}: the engine container). */
async function hostCgroup(session: string, file: string): Promise<string> {
  const { Id } = await new Docker().getContainer(engineName(session)).inspect();
  return readFileSync(`/sys/fs/cgroup/${file.replace('{id}', Id)}`, 'utf8').trim();
}

describe('escaping the engine', () => {
  it("gives the learner a shell that is not root and cannot become root", async () => {
    const corePattern = readFileSync('/proc/sys/kernel/core_pattern', 'utf8');
    await attacker.ok('test "$(id -u)" = 1000 && id -nG | grep -qw docker');
    await attacker.ok('grep -Eq "^CapEff:\\s+0+$" /proc/self/status');
    await attacker.ok('grep -Eq "^NoNewPrivs:\\s+1$" /proc/self/status');
    await attacker.fails('mount -o remount,rw /proc/sys');
    await attacker.fails("echo '|/tmp/x' > /proc/sys/kernel/core_pattern");
    await attacker.ok('test -z "$(find / -xdev -type f -perm /6000 2>/dev/null)"');
    expect(readFileSync('/proc/sys/kernel/core_pattern', 'utf8')).toBe(corePattern);
  });

  it('runs containers in a user namespace whose root is the learner', async () => {
    await attacker.ok('docker run --rm busybox cat /proc/self/uid_map | grep -Eq "^ +0 +1000 +1$"');
    // Even with every capability, container root cannot write the host's kernel settings.
    await attacker.fails("docker run --rm --cap-add ALL busybox sh -c 'echo x > /proc/sys/kernel/core_pattern'");
    await attacker.fails("docker run --rm --cap-add ALL busybox mount -t tmpfs none /mnt -o remount");
  });

  it("mounts the engine's filesystem for -v /:/host, read-only to container root", async () => {
    await attacker.ok('docker run --rm -v /:/host busybox cat /host/etc/hostname | tee /tmp/seen-hostname');
    await attacker.ok('grep -qx dockyard /tmp/seen-hostname');
    expect(hostname()).not.toBe('dockyard');
    await attacker.fails('docker run --rm -v /:/host busybox touch /host/etc/passwd');
    await attacker.fails('docker run --rm -v /:/host busybox touch /host/var/lib/docker/planted');
    await attacker.fails('docker run --rm -v /:/host busybox ls /host/var/run/docker/plugins');
    // What a container writes into the learner's folder belongs to the learner.
    await attacker.ok('docker run --rm -v "$PWD":/w busybox sh -c "echo hi > /w/from-container"');
    await attacker.ok('test "$(stat -c %U from-container)" = learner');
  });

  it('refuses requests that would leave the user namespace, saying why', async () => {
    expect(await attacker.fails('docker run --rm --privileged busybox true')).toContain('--privileged is not available in this playground');
    expect(await attacker.fails('docker run --rm --userns=host busybox true')).toContain('--userns is not available');
    expect(await attacker.fails('docker plugin enable evil')).toContain('plugins are not available');
    await neighbourStillWorks();
  });
});

describe("a session's limits", () => {
  it('caps the containers a session may hold', async () => {
    await attacker.ok('docker rm -f $(docker ps -aq) 2>/dev/null; true');
    await attacker.ok('for i in 1 2 3 4 5 6; do docker create busybox >/dev/null || exit 1; done');
    expect(await attacker.fails('docker create busybox')).toMatch(/already has 6 containers, its limit/);
    await attacker.ok('docker container prune -f');
    await attacker.ok('docker create busybox');
    await attacker.ok('docker container prune -f');
  });

  it('caps the ports a session may publish', async () => {
    await attacker.ok('docker run -d --name two-ports -p 8001:80 -p 8002:80 busybox sleep 600');
    await attacker.ok('docker run -d --name third -p 8003:80 busybox sleep 600');
    expect(await attacker.fails('docker run -d -p 8004:80 busybox sleep 600')).toMatch(/publish at most 3 ports/);
    await attacker.ok('docker rm -f two-ports third');
  });

  it('holds a fork bomb in a container to half the engine, so the engine can stop it', async () => {
    await attacker.ok(`docker run -d --name bomb busybox sh -c 'b() { b | b & }; b; sleep 600'`);
    // The engine's private cgroup namespace: its /containers is docker/<engine>/containers here.
    const containers = (file: string) => hostCgroup(mallory.id, `pids/docker/{id}/containers/${file}`);
    const cap = Number(await containers('pids.max'));
    await pollFor('the bomb to reach its cap', async () => Number(await containers('pids.current')) >= cap - 2, 60_000);
    expect(cap).toBe(config.session.pids / 2);
    expect(await notices()).toContain('process_limit');
    await neighbourStillWorks();
    // The engine kept room for its own dockerd: the bomb can be stopped from the learner's shell.
    await attacker.ok('docker rm -f bomb', 90_000);
    await attacker.ok('docker run --rm busybox echo recovered');
    expect(await notices()).not.toContain('process_limit');
    expect(Number(await hostCgroup(mallory.id, 'pids/docker/{id}/pids.max'))).toBe(config.session.pids);
  });

  it('kills a container that eats memory, not the engine', async () => {
    const entry = await attacker.run("docker run --rm busybox sh -c 'tail /dev/zero'", 90_000);
    expect(entry.exitCode).toBe(137);
    expect(await notices()).toContain('out_of_memory');
    await attacker.ok('docker info --format "{{.ServerVersion}}"');
    const limit = Number(await hostCgroup(mallory.id, 'memory/docker/{id}/memory.limit_in_bytes'));
    expect(limit).toBe(config.session.memoryBytes);
    await neighbourStillWorks();
  });

  it('stops a session that writes without end at its own disk, not the host', async () => {
    const out = await attacker.fails('docker run --rm -v "$PWD":/w busybox dd if=/dev/zero of=/w/fill bs=1M');
    expect(out).toMatch(/No space left on device/);
    expect(await notices()).toContain('disk_full');
    // Everything the session wrote lives in its own sparse disk image on the
    // host, and that holds no more than the cap, however much was asked for.
    const image = statSync(join(config.stateDir, 'sessions', mallory.id, 'disk.img'));
    expect(image.blocks * 512).toBeGreaterThan(config.session.diskBytes / 2);
    expect(image.blocks * 512).toBeLessThanOrEqual(config.session.diskBytes);
    await attacker.ok('rm fill && echo fine > after-fill && docker run --rm busybox true');
    expect(await notices()).not.toContain('disk_full');
    await neighbourStillWorks();
  });

  it('holds a busy session to its CPUs while the neighbour keeps working', async () => {
    await attacker.ok(`for i in 1 2 3; do docker run -d --name spin$i busybox sh -c 'while :; do :; done' >/dev/null || exit 1; done`);
    const usage = async () => Number(await hostCgroup(mallory.id, 'cpuacct/docker/{id}/cpuacct.usage'));
    const [start, t0] = [await usage(), process.hrtime.bigint()];
    await neighbourStillWorks();
    await new Promise((r) => setTimeout(r, 2000));
    const cpus = (await usage() - start) / Number(process.hrtime.bigint() - t0);
    // Three spinning containers, one CPU: the engine's quota holds them (a little slack for accounting).
    expect(cpus).toBeLessThan(config.session.cpus * 1.15);
    expect(cpus).toBeGreaterThan(0.5);
    await attacker.ok('docker rm -f spin1 spin2 spin3');
  });

  it('survives a fork bomb in the shell itself: the engine is stuck, the neighbour is not, and a restart recovers it', async () => {
    attacker.type('b() { b | b & }; b\r');
    const pids = (file: string) => hostCgroup(mallory.id, `pids/docker/{id}/${file}`);
    const cap = Number(await pids('pids.max'));
    await pollFor('the bomb to fill the engine', async () => Number(await pids('pids.current')) >= cap - 2, 60_000);
    expect(await notices()).toContain('process_limit');
    await neighbourStillWorks();
    await attacker.close();
    const res = await api.request('POST', `/api/sessions/${mallory.id}/restart`, { token: mallory.token });
    expect(res.status).toBe(200);
    attacker = await api.terminal(mallory);
    await attacker.ok('test "$(cat after-fill)" = fine && docker run --rm busybox echo recovered');
    expect(await notices()).not.toContain('process_limit');
  });
});

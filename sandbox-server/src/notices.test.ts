import { describe, expect, it } from 'vitest';
import type { EngineUsage } from './engines/provider.js';
import { SessionNotices } from './notices.js';

const MiB = 1024 ** 2;
const calm: EngineUsage = { pids: 40, pidsLimit: 2048, containerPids: 10, containerPidsLimit: 1024, memoryLimitHits: 0, diskFreeBytes: 9000 * MiB, diskBytes: 10240 * MiB };
const kinds = (notices: { kind: string }[]) => notices.map((n) => n.kind);

describe('SessionNotices', () => {
  it('says nothing about a calm engine with the registry up', () => {
    expect(new SessionNotices(2048 * MiB).for('s', calm, true)).toEqual([]);
  });

  it('tells the learner when the registry is down, with or without a running engine', () => {
    const notices = new SessionNotices(2048 * MiB);
    expect(kinds(notices.for('s', calm, false))).toEqual(['registry_down']);
    expect(kinds(notices.for('s', null, false))).toEqual(['registry_down']);
  });

  it('blames the containers when they are at their share of processes, and the engine otherwise', () => {
    const notices = new SessionNotices(2048 * MiB);
    const bomb = notices.for('s', { ...calm, containerPids: 1023, pids: 1200 }, true);
    expect(kinds(bomb)).toEqual(['process_limit']);
    expect(bomb[0]?.message).toMatch(/containers have reached their limit of 1024.*docker rm -f/);
    const shellBomb = notices.for('s', { ...calm, pids: 2047 }, true);
    expect(shellBomb[0]?.message).toMatch(/engine has reached its limit of 2048.*Restart the engine/);
  });

  it('shows reaching the memory limit for two minutes after it happens, and again for the next time', () => {
    let now = 0;
    const notices = new SessionNotices(512 * MiB, () => now);
    expect(notices.for('s', calm, true)).toEqual([]);
    now = 1000;
    const oom = notices.for('s', { ...calm, memoryLimitHits: 1 }, true);
    expect(kinds(oom)).toEqual(['out_of_memory']);
    expect(oom[0]?.message).toMatch(/512 MiB.*code 137/);
    now += 119_000;
    expect(kinds(notices.for('s', { ...calm, memoryLimitHits: 1 }, true))).toEqual(['out_of_memory']);
    now += 2000;
    expect(notices.for('s', { ...calm, memoryLimitHits: 1 }, true)).toEqual([]);
    expect(kinds(notices.for('s', { ...calm, memoryLimitHits: 2 }, true))).toEqual(['out_of_memory']);
    // cgroup v1 reports a hit since the last look: 1, then 0, then 1 again is a second hit.
    now += 200_000;
    expect(notices.for('s', { ...calm, memoryLimitHits: 0 }, true)).toEqual([]);
    expect(kinds(notices.for('s', { ...calm, memoryLimitHits: 1 }, true))).toEqual(['out_of_memory']);
    // A restarted engine counts from zero: that is not news.
    now += 200_000;
    expect(notices.for('s', { ...calm, memoryLimitHits: 0 }, true)).toEqual([]);
  });

  it('warns when the disk is nearly full', () => {
    const notices = new SessionNotices(2048 * MiB);
    expect(kinds(notices.for('s', { ...calm, diskFreeBytes: 100 * MiB }, true))).toEqual(['disk_full']);
    expect(notices.for('s', { ...calm, diskFreeBytes: 300 * MiB }, true)).toEqual([]);
    expect(notices.for('s', { ...calm, diskFreeBytes: null, diskBytes: null }, true)).toEqual([]);
  });
});

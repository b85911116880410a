import { describe, expect, it } from 'vitest';
import { SubnetPool } from './subnets.js';

describe('SubnetPool', () => {
  it('hands out consecutive subnets, skipping taken and pending ones', () => {
    const pool = new SubnetPool('10.213.0.0/16', 28);
    const first = pool.allocate(new Set(['10.213.0.0/28']));
    expect(first).toEqual({ cidr: '10.213.0.16/28', gateway: '10.213.0.17' });
    expect(pool.allocate(new Set()).cidr).toBe('10.213.0.0/28');
    expect(pool.allocate(new Set()).cidr).toBe('10.213.0.32/28');
    pool.release(first.cidr);
    expect(pool.allocate(new Set()).cidr).toBe('10.213.0.16/28');
  });

  it('works for pools whose address has the top bit set', () => {
    expect(new SubnetPool('192.168.100.0/24', 29).allocate(new Set()).gateway).toBe('192.168.100.1');
  });

  it('says when the pool is exhausted', () => {
    const pool = new SubnetPool('10.0.0.0/30', 30);
    pool.allocate(new Set());
    expect(() => pool.allocate(new Set())).toThrow(/exhausted/);
  });

  it('rejects malformed pools', () => {
    expect(() => new SubnetPool('10.0.0/16', 28)).toThrow();
    expect(() => new SubnetPool('10.0.0.0/29', 28)).toThrow();
  });
});

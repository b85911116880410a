import { describe, expect, it } from 'vitest';
import { BadRequest } from './errors.js';
import { workspacePath } from './files.js';

describe('workspacePath', () => {
  it.each([
    ['Dockerfile', 'Dockerfile'],
    ['app//src/./index.js', 'app/src/index.js'],
    ['dir/', 'dir'],
    ['a\\b', 'a\\b'],
    ['%2e%2e', '%2e%2e'],
  ])('accepts %j as %j', (raw, expected) => {
    expect(workspacePath(raw)).toBe(expected);
  });

  it.each(['../etc/passwd', 'a/../../b', 'a/..', '/etc/passwd', '//etc', 'a\0b', ''])('refuses %j', (raw) => {
    expect(() => workspacePath(raw)).toThrow(BadRequest);
  });

  it('allows the workspace root only for listings', () => {
    expect(workspacePath('.', true)).toBe('.');
    expect(workspacePath('', true)).toBe('.');
    expect(() => workspacePath('.')).toThrow(BadRequest);
  });
});

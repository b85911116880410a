import { describe, expect, it } from 'vitest';
import { type FinishedCommand, ShellIntegrationParser, unescape } from './shell-integration.js';

function parse(chunks: string[]): { visible: string; commands: FinishedCommand[] } {
  const commands: FinishedCommand[] = [];
  const parser = new ShellIntegrationParser((c) => commands.push(c));
  const visible = chunks.map((c) => parser.push(c)).join('');
  return { visible, commands };
}

const report = (line: string, code: number, cwd: string) =>
  `\x1b]633;E;${line}\x07\x1b]633;D;${code}\x07\x1b]633;P;Cwd=${cwd}\x07`;

describe('ShellIntegrationParser', () => {
  it('records a command with exit code and the cwd it ran in, and strips the reports', () => {
    const { visible, commands } = parse([
      '\x1b]633;P;Cwd=/workspace\x07$ ',
      'cd app\r\n',
      report('cd app', 0, '/workspace/app'),
      '$ false\r\n',
      report('false', 1, '/workspace/app'),
      '$ ',
    ]);
    expect(visible).toBe('$ cd app\r\n$ false\r\n$ ');
    expect(commands).toEqual([
      { line: 'cd app', exitCode: 0, cwd: '/workspace' },
      { line: 'false', exitCode: 1, cwd: '/workspace/app' },
    ]);
  });

  it('handles a report split across chunks at every position', () => {
    const stream = `out\r\n${report('docker ps -a', 0, '/w')}$ `;
    for (let cut = 1; cut < stream.length; cut++) {
      const { visible, commands } = parse([stream.slice(0, cut), stream.slice(cut)]);
      expect(visible).toBe('out\r\n$ ');
      expect(commands).toEqual([{ line: 'docker ps -a', exitCode: 0, cwd: '' }]);
    }
  });

  it('accepts ST as terminator and leaves other OSC sequences alone', () => {
    const title = '\x1b]0;my title\x07';
    const { visible, commands } = parse([`${title}a\x1b]633;E;ls\x1b\\\x1b]633;D;2\x1b\\b`]);
    expect(visible).toBe(`${title}ab`);
    expect(commands).toEqual([{ line: 'ls', exitCode: 2, cwd: '' }]);
  });

  it('ignores a finish report with no command line (an empty prompt)', () => {
    expect(parse(['\x1b]633;D;0\x07']).commands).toEqual([]);
  });

  it('passes an unterminated sequence through once it is too long to be a report', () => {
    const junk = `\x1b]633;E;${'x'.repeat(70_000)}`;
    expect(parse([junk]).visible).toBe(junk);
  });

  it('unescapes the shell encoding of backslash, semicolon and control characters', () => {
    expect(unescape('echo a\\x3bb \\\\n\\x0asecond')).toBe('echo a;b \\n\nsecond');
  });
});

import { expect, test } from 'vitest';
import { simpleCommands } from './words.js';
import { unwrap } from './wrappers.js';

test.each([
  ['a && b || c; d | e', [['a'], ['b'], ['c'], ['d'], ['e']]],
  ['X=1 Y=2 cmd arg', [['cmd', 'arg']]],
  ['X=1', []],
  ['(cd x; ls) && echo $(pwd)', [['cd', 'x'], ['ls'], ['echo', '$(pwd)'], ['pwd']]],
  ['if true; then docker ps; fi', [['true'], ['docker', 'ps']]],
  [`echo 'a b' "c \\"d\\" $HOME" e\\ f $'g\\th'`, [['echo', 'a b', 'c "d" $HOME', 'e f', 'g\th']]],
  ['# just a comment', []],
  ['echo "unterminated', []],
  ['fi fi fi', []],
])('%s', (line, expected) => {
  expect(simpleCommands(line)).toEqual(expected);
});

test('the parser leaves the process globals as it found them', () => {
  expect((Error as { stackTraceLimit?: number }).stackTraceLimit).not.toBe(Infinity);
  expect(Object.hasOwn(globalThis, 'require')).toBe(false);
});

test.each([
  [['sudo', 'docker', 'ps'], ['docker', 'ps']],
  [['sudo', '-u', 'root', '-E', 'docker', 'ps'], ['docker', 'ps']],
  [['env', '-i', 'A=1', 'docker', 'ps'], ['docker', 'ps']],
  [['sudo', 'env', 'A=1', 'nohup', 'docker', 'ps'], ['docker', 'ps']],
  [['command', 'docker', 'ps'], ['docker', 'ps']],
  [['command', '-v', 'docker'], undefined],
  [['sudo'], undefined],
  [['echo', 'docker'], ['echo', 'docker']],
])('unwrap %j', (argv, expected) => {
  expect(unwrap(argv)).toEqual(expected);
});

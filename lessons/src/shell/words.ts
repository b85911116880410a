// Splits a command line into the argv of every simple command in it, using a real bash parser.
// mvdan-sh (mvdan/sh, the parser behind shfmt) is synchronous and ~0.1 ms a line; sh-syntax is the same parser
// as wasm but async-only and ~5 ms a call, and the JS-native parsers (bash-parser, shell-quote) miss bash syntax.

import type { ShNode } from 'mvdan-sh';
import { parser, syntax } from './mvdan.js';

/**
 * The argv of every simple command in `line`, in source order, including those nested in `&&`/`||`/`;`, pipes,
 * subshells, `$(…)` and compound commands. Variable assignments before a command are dropped; quotes and
 * escapes are removed; expansions (`$HOME`, `$(pwd)`) are kept as written, since their values are unknown here.
 * A line that does not parse yields no commands.
 */
export function simpleCommands(line: string): string[][] {
  let file: ShNode;
  try {
    file = parser.Parse(line, '');
  } catch {
    return [];
  }
  const raw = rawText(line);
  const commands: string[][] = [];
  syntax.Walk(file, (node) => {
    if (node && syntax.NodeType(node) === 'CallExpr' && node.Args && node.Args.length > 0) {
      commands.push(node.Args.map((word) => wordText(word, raw)));
    }
    return true;
  });
  return commands;
}

type RawText = (node: ShNode) => string;

function wordText(word: ShNode, raw: RawText): string {
  return (word.Parts ?? []).map((part) => partText(part, raw, false)).join('');
}

function partText(part: ShNode, raw: RawText, inDoubleQuotes: boolean): string {
  switch (syntax.NodeType(part)) {
    case 'Lit':
      return inDoubleQuotes ? unescapeDoubleQuoted(part.Value ?? '') : unescapeUnquoted(part.Value ?? '');
    case 'SglQuoted':
      return part.Dollar ? unescapeAnsiC(part.Value ?? '') : (part.Value ?? '');
    case 'DblQuoted':
      return (part.Parts ?? []).map((inner) => partText(inner, raw, true)).join('');
    default:
      return raw(part);
  }
}

function unescapeUnquoted(text: string): string {
  return text.replace(/\\\n/g, '').replace(/\\(.)/gs, '$1');
}

function unescapeDoubleQuoted(text: string): string {
  return text.replace(/\\\n/g, '').replace(/\\([$`"\\])/g, '$1');
}

const ANSI_C: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v' };

function unescapeAnsiC(text: string): string {
  return text.replace(/\\(.)/gs, (escape, char: string) => ANSI_C[char] ?? (/['"\\?]/.test(char) ? char : escape));
}

/** The source text of a node. The parser counts UTF-8 bytes, so non-ASCII lines need a byte → index table. */
function rawText(line: string): RawText {
  if (/^[\x00-\x7f]*$/.test(line)) return (node) => line.slice(node.Pos().Offset(), node.End().Offset());
  const indexOfByte: number[] = [];
  let index = 0;
  for (const char of line) {
    const codePoint = char.codePointAt(0) ?? 0;
    const bytes = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    for (let i = 0; i < bytes; i++) indexOfByte.push(index);
    index += char.length;
  }
  indexOfByte.push(index);
  const at = (offset: number): number => indexOfByte[offset] ?? line.length;
  return (node) => line.slice(at(node.Pos().Offset()), at(node.End().Offset()));
}

// Reads one docker command's argv the way the docker CLI does: global options, command path, flags, operands.

import { canonicalPath, isManagementCommand } from './commands.js';
import { COMPOSE_GLOBAL, DOCKER_GLOBAL, grammarOf, type CommandGrammar } from './grammar.js';
import { normalizeBool } from './normalize.js';

export interface DockerInvocation {
  /** Canonical command path: "docker run", "docker ps", "docker compose up", "docker volume ls"; "docker" alone when none was given. */
  command: string;
  /** Flags by canonical long name (no dashes) → every value given, in order. A boolean flag reads "true" or "false". Docker's own global options (-H, --context…) are not included; Compose's (-f, -p…) are. */
  flags: Record<string, string[]>;
  /** Image operands: the first operand of run/create/pull/push/tag/history/images, every operand of rmi/save/image inspect. */
  images: string[];
  /** Operands after the image, or after the command path when the command takes no image. */
  args: string[];
}

interface Parsed {
  flags: Map<string, string[]>;
  operands: string[];
}

/** Reads `argv` (starting with `docker` or `docker-compose`) into an invocation. */
export function readInvocation(argv: readonly string[]): DockerInvocation {
  const words = argv[0]?.endsWith('docker-compose') ? ['docker', 'compose', ...argv.slice(1)] : argv.slice();
  const flags = new Map<string, string[]>();
  // Docker's global options end at the command word; they select an engine, not what the learner did.
  const global = parseFlags(words.slice(1), DOCKER_GLOBAL, new Map());
  let rest = global.operands;
  const path = ['docker'];
  const first = rest[0];
  if (first !== undefined) {
    path.push(first);
    rest = rest.slice(1);
    if (first === 'compose') {
      const composeGlobal = parseFlags(rest, COMPOSE_GLOBAL, flags);
      rest = composeGlobal.operands;
    }
    if (isManagementCommand(first) && rest[0] !== undefined && !rest[0].startsWith('-')) {
      path.push(rest[0]);
      rest = rest.slice(1);
    }
  }
  const command = canonicalPath(path.join(' '));
  const grammar = grammarOf(command);
  const { operands } = parseFlags(rest, grammar, flags);
  const imageCount = grammar.image === 'first' ? Math.min(1, operands.length) : grammar.image === 'all' ? operands.length : 0;
  return {
    command,
    flags: Object.fromEntries(flags),
    images: operands.slice(0, imageCount),
    args: operands.slice(Math.min(1, imageCount)),
  };
}

/**
 * Parses flags the way the CLI's flag library (pflag) does: `--name=v`, `--name v`, `-abc` bundles, `-p80:80`
 * and `-p=80:80` attached values, `--` ends the flags. Flags unknown to the grammar never take the next word:
 * `--x=v` is a value, `--x` and `-x` are booleans.
 */
function parseFlags(words: readonly string[], grammar: CommandGrammar, into: Map<string, string[]>): Parsed {
  const operands: string[] = [];
  const add = (name: string, value: string): void => {
    const values = into.get(name);
    if (values) values.push(value);
    else into.set(name, [value]);
  };
  let i = 0;
  while (i < words.length) {
    const word = words[i] ?? '';
    i++;
    if (word === '--') {
      operands.push(...words.slice(i));
      break;
    }
    if (word.startsWith('--')) {
      const eq = word.indexOf('=');
      const written = eq >= 0 ? word.slice(2, eq) : word.slice(2);
      const attached = eq >= 0 ? word.slice(eq + 1) : undefined;
      const name = grammar.aliases.get(written) ?? written;
      const known = grammar.flags.get(name);
      if (known?.takesValue && attached === undefined) {
        add(name, words[i] ?? '');
        i++;
      } else if (known?.takesValue || (!known && attached !== undefined)) {
        add(name, attached ?? '');
      } else {
        add(name, attached === undefined ? 'true' : normalizeBool(attached));
      }
      continue;
    }
    if (word.startsWith('-') && word.length > 1) {
      const letters = word.slice(1);
      for (let j = 0; j < letters.length; j++) {
        const letter = letters[j] ?? '';
        const name = grammar.short.get(letter) ?? letter;
        const rest = letters.slice(j + 1);
        if (grammar.flags.get(name)?.takesValue) {
          if (rest) add(name, rest.startsWith('=') ? rest.slice(1) : rest);
          else {
            add(name, words[i] ?? '');
            i++;
          }
          break;
        }
        if (rest.startsWith('=')) {
          add(name, normalizeBool(rest.slice(1)));
          break;
        }
        add(name, 'true');
      }
      continue;
    }
    operands.push(word);
    if (!grammar.interspersed) {
      operands.push(...words.slice(i));
      break;
    }
  }
  return { flags: into, operands };
}

// Decides whether a line from the command log satisfies a `command` check, reading docker command lines as the CLI does.
// Runs in Node and in the browser (no Node or DOM APIs).

import { unwrap, basename } from './shell/wrappers.js';
import { simpleCommands } from './shell/words.js';
import { readInvocation, type DockerInvocation } from './docker/invocation.js';
import { canonicalFlag } from './docker/grammar.js';
import { normalizeFlagValue, normalizeImage } from './docker/normalize.js';
import type { CommandCheck } from './model.js';

export type { DockerInvocation } from './docker/invocation.js';
export { normalizeImage, normalizePublish } from './docker/normalize.js';

/** One entry of the command log: the line as typed and the exit status the shell reported for it. */
export interface CommandLogEntry {
  line: string;
  exitCode: number;
}

/**
 * Every docker command in a command line, in order: `cd app && docker build -t app .` has one, `docker ps | grep web`
 * one, `echo docker run nginx` none. `docker-compose X` reads as `docker compose X`; `sudo`, `env` and `VAR=1`
 * prefixes are seen through. A line that does not parse has none.
 */
export function parseDockerCommands(line: string): DockerInvocation[] {
  const invocations: DockerInvocation[] = [];
  for (const argv of simpleCommands(line)) {
    const words = unwrap(argv);
    const name = basename(words?.[0] ?? '');
    if (words && (name === 'docker' || name === 'docker-compose')) invocations.push(readInvocation(words));
  }
  return invocations;
}

/** The canonical form of a check's `command` ("docker container ls" → "docker ps", "docker-compose up" → "docker compose up"). */
export function canonicalCommand(command: string): string {
  return readInvocation(command.trim().split(/\s+/)).command;
}

/**
 * True when some docker command in the entry's line matches the spec and the line's exit code is the one wanted
 * (default 0). The shell reports one exit code per line, so in `docker run … && false` the run counts as failed,
 * and in `false; docker run …` it counts as the run's own.
 */
export function matchCommand(spec: CommandCheck, entry: CommandLogEntry): boolean {
  if (entry.exitCode !== (spec.exitCode ?? 0)) return false;
  const command = canonicalCommand(spec.command);
  return recentInvocations(entry.line).some((invocation) => invocationMatches(spec, command, invocation));
}

// Checks match every command check against every log line, again on each check run; parsing a line costs ~0.1–0.5 ms.
const recent = new Map<string, readonly DockerInvocation[]>();
const RECENT_LINES = 1000;

function recentInvocations(line: string): readonly DockerInvocation[] {
  const known = recent.get(line);
  recent.delete(line);
  const invocations = known ?? parseDockerCommands(line);
  recent.set(line, invocations);
  if (recent.size > RECENT_LINES) recent.delete(recent.keys().next().value ?? '');
  return invocations;
}

function invocationMatches(spec: CommandCheck, command: string, invocation: DockerInvocation): boolean {
  if (invocation.command !== command) return false;
  if (spec.image !== undefined) {
    const image = normalizeImage(spec.image);
    if (!invocation.images.some((operand) => normalizeImage(operand) === image)) return false;
  }
  if (spec.args && !sameList(spec.args, invocation.args)) return false;
  for (const [written, wanted] of Object.entries(spec.flags ?? {})) {
    const name = canonicalFlag(command, written);
    const values = Object.hasOwn(invocation.flags, name) ? invocation.flags[name] : undefined;
    if (!flagMatches(name, wanted, values)) return false;
  }
  return true;
}

/** `true`: given (and not `=false`); `false`: not given, or `=false`; a string: one of the values, in normal form. */
function flagMatches(name: string, wanted: string | boolean, values: string[] | undefined): boolean {
  const given = values !== undefined && values.length > 0 && values[values.length - 1] !== 'false';
  if (wanted === true) return given;
  if (wanted === false) return !given;
  const target = normalizeFlagValue(name, wanted);
  return (values ?? []).some((value) => normalizeFlagValue(name, value) === target);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

// Rules a schema cannot express: the id matches the folder, step ids are unique, regexes compile, command checks can match.

import { canonicalCommand } from './command-match.js';
import { GRAMMARS, canonicalFlag, hasFlag } from './docker/grammar.js';
import type { Problem } from './lesson-error.js';
import type { CommandCheck } from './model.js';
import type { LessonFile } from './schema-check.js';

/** A lesson folder is named `<id>` or `<NN>-<id>`; the number orders the lessons list. */
export function parseFolderName(name: string): { order: number | undefined; id: string } {
  const match = /^(\d+)-(.+)$/.exec(name);
  return match ? { order: Number(match[1]), id: match[2] ?? '' } : { order: undefined, id: name };
}

export function checkRules(file: LessonFile, folderName: string): Problem[] {
  const problems: Problem[] = [];
  const problem = (path: Problem['path'], message: string, at = path, target: Problem['target'] = 'value'): void => {
    problems.push({ path, at, target, message });
  };

  const { id: folderId } = parseFolderName(folderName);
  if (file.id !== folderId) {
    problem(['id'], `id "${file.id}" does not match the folder name "${folderName}" (expected "${folderId}")`);
  }

  const firstStepWithId = new Map<string, number>();
  file.steps.forEach((step, s) => {
    const first = firstStepWithId.get(step.id);
    if (first === undefined) firstStepWithId.set(step.id, s);
    else problem(['steps', s, 'id'], `duplicate step id "${step.id}" (also steps[${first}])`);

    step.checks.forEach((check, c) => {
      const path = ['steps', s, 'checks', c];
      if (check.kind === 'file' && check.matches !== undefined) {
        try {
          new RegExp(check.matches);
        } catch (error) {
          problem([...path, 'matches'], (error as Error).message);
        }
      }
      if (check.kind === 'command') {
        for (const [below, message] of commandCheckProblems(check)) {
          problem([...path, ...below], message, [...path, ...below], below[0] === 'flags' ? 'key' : 'value');
        }
      }
    });
  });
  return problems;
}

/** Spec mistakes that would make a command check impossible to pass: a flag or image operand the command does not have. */
function commandCheckProblems(check: CommandCheck): [string[], string][] {
  const command = canonicalCommand(check.command);
  const found: [string[], string][] = [];
  if (!GRAMMARS.has(command)) return found;
  for (const written of Object.keys(check.flags ?? {})) {
    if (!hasFlag(command, canonicalFlag(command, written))) found.push([['flags', written], `${command} has no flag --${written}`]);
  }
  if (check.image !== undefined && GRAMMARS.get(command)?.image === 'none') {
    found.push([['image'], `${command} takes no image operand${command === 'docker build' ? ' (the tag is flags: {tag: …})' : ''}`]);
  }
  return found;
}

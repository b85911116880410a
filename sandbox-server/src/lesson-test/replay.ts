// Replays a lesson against a real engine to prove its checks: on the state
// left by the steps before it, every check of a step must fail; after the
// step's solution, every check must pass. A check that cannot fail, or a
// solution that does not satisfy its checks, is a bug in the lesson.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Lesson, SolutionAction } from '@dockyard/lessons/model';
import { ProgressService, checkStep } from '../checks/progress.js';
import type { Config } from '../config.js';
import { DockerEngineProvider } from '../engines/docker.js';
import { FilesService } from '../files.js';
import type { CommandLogEntry } from '../protocol.js';
import { Store } from '../store.js';
import { TerminalService } from '../terminal/terminals.js';
import { newSessionId } from '../tokens.js';

export interface ReplayProblem {
  step: string;
  /** 1-based position of the check in the step, or null for the step as a whole. */
  check: number | null;
  message: string;
}

export interface ReplayReport {
  lesson: string;
  problems: ReplayProblem[];
  seconds: number;
}

const COMMAND_TIMEOUT_MS = 180_000;

export async function replayLesson(lesson: Lesson, config: Config, log: (line: string) => void = () => {}): Promise<ReplayReport> {
  const started = performance.now();
  const stateDir = mkdtempSync(join(tmpdir(), `dockyard-lesson-${lesson.id}-`));
  const engines = new DockerEngineProvider({ config: { ...config.engine, instance: `lesson-test-${newSessionId()}` }, sessionsDir: join(stateDir, 'sessions') });
  const store = new Store(join(stateDir, 'replay.db'));
  const files = new FilesService(engines, config.maxFileBytes);
  const commands: CommandLogEntry[] = [];
  const terminals = new TerminalService(engines, store, { onCommand: (_session, entry) => commands.push(entry) });
  const progress = new ProgressService(engines, files, store, () => {});
  const session = newSessionId();
  const problems: ReplayProblem[] = [];
  try {
    store.insertSession({
      id: session, tokenHash: session, engine: '', lesson: lesson.id, workshop: null, name: null,
      status: 'starting', createdAt: Date.now(), expiresAt: Date.now() + 3_600_000, lastActive: Date.now(), endReason: null,
    });
    const engine = await engines.create(session, config.session);
    for (const [path, content] of Object.entries(lesson.starter)) await files.write(engine, path, Buffer.from(content));
    const terminal = terminals.open(session, engine, '1');

    // The server checks every step after each command, so a step that passes
    // on a fresh engine would show as done before the learner does anything.
    const fresh = progress.context(engine, []);
    for (const step of lesson.steps) {
      if ((await checkStep(step, fresh)).passed) {
        problems.push({ step: step.id, check: null, message: 'passes on a fresh engine, so it shows as done before the learner starts' });
      }
    }

    for (const step of lesson.steps) {
      log(`  step ${step.id}`);
      const before = await checkStep(step, progress.context(engine, [...commands]));
      before.checks.forEach((check, i) => {
        if (check.passed) {
          problems.push({ step: step.id, check: i + 1, message: `passes before the step's solution, so it cannot fail (${describe(step.checks[i])})` });
        }
      });
      for (const action of step.solution) {
        const failure = await apply(action, { engine, files, terminal, commands });
        if (failure) problems.push({ step: step.id, check: null, message: failure });
      }
      const after = await checkStep(step, progress.context(engine, [...commands]));
      after.checks.forEach((check, i) => {
        if (!check.passed) problems.push({ step: step.id, check: i + 1, message: `fails after the step's solution: ${check.message}` });
      });
    }
  } catch (err) {
    problems.push({ step: '(setup)', check: null, message: err instanceof Error ? err.message : String(err) });
  } finally {
    terminals.closeAll();
    await engines.remove(session).catch(() => {});
    store.close();
    rmSync(stateDir, { recursive: true, force: true });
  }
  return { lesson: lesson.id, problems, seconds: (performance.now() - started) / 1000 };
}

interface ApplyContext {
  engine: string;
  files: FilesService;
  terminal: ReturnType<TerminalService['open']>;
  commands: CommandLogEntry[];
}

/** Applies one solution action; returns what went wrong, if anything. */
async function apply(action: SolutionAction, ctx: ApplyContext): Promise<string | null> {
  if ('file' in action) {
    await ctx.files.write(ctx.engine, action.file, Buffer.from(action.content));
    return null;
  }
  // Typed into a real shell, so the command log records it as a learner's.
  const seen = ctx.commands.length;
  ctx.terminal.input(`${action.run}\r`);
  const deadline = Date.now() + COMMAND_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const entry = ctx.commands.slice(seen).find((c) => c.line === action.run);
    if (entry) return entry.exitCode === 0 ? null : `solution command \`${action.run}\` exited ${entry.exitCode}`;
    await new Promise((r) => setTimeout(r, 50));
  }
  return `solution command \`${action.run}\` did not finish within ${COMMAND_TIMEOUT_MS / 1000} s`;
}

function describe(check: Lesson['steps'][number]['checks'][number] | undefined): string {
  return check ? `${check.kind} check: "${check.message}"` : 'unknown check';
}

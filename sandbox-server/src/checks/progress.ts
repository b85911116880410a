// A learner's progress through a lesson: runs every step's checks against the
// session (after each command, each file save, or on request), keeps steps
// that passed once as done, and pushes the result to the learner's terminals.
import type { Check, Lesson, Step } from '@dockyard/lessons/model';
import type { EngineProvider } from '../engines/provider.js';
import type { FilesService } from '../files.js';
import type { CommandLogEntry, StepProgress, TerminalServerMessage } from '../protocol.js';
import type { Store } from '../store.js';
import { EngineState } from './engine-state.js';
import { type CheckContext, evaluate } from './evaluate.js';

/** Checks after a burst of commands or saves run once, this long after the last. */
const DEBOUNCE_MS = 250;

export interface ProgressTarget {
  session: string;
  engine: string;
  lesson: Lesson;
}

export class ProgressService {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<StepProgress[]>>();

  constructor(
    private readonly engines: EngineProvider,
    private readonly files: FilesService,
    private readonly store: Store,
    private readonly push: (session: string, message: TerminalServerMessage) => void,
  ) {}

  /** Schedules a check round soon; rounds never overlap for one session. */
  schedule(target: ProgressTarget): void {
    clearTimeout(this.timers.get(target.session));
    this.timers.set(
      target.session,
      setTimeout(() => {
        this.timers.delete(target.session);
        this.check(target).catch((err) => console.error(`[dockyard] checks of ${target.session} failed:`, err));
      }, DEBOUNCE_MS),
    );
  }

  /** Runs every step's checks now and pushes the result. */
  async check(target: ProgressTarget): Promise<StepProgress[]> {
    const previous = this.running.get(target.session);
    const round = (previous ?? Promise.resolve([])).catch(() => []).then(() => this.round(target));
    this.running.set(target.session, round);
    try {
      const steps = await round;
      this.push(target.session, { type: 'progress', steps });
      return steps;
    } finally {
      if (this.running.get(target.session) === round) this.running.delete(target.session);
    }
  }

  /** Progress as last stored: done steps pass, the others show no check results yet. */
  stored(session: string, lesson: Lesson): StepProgress[] {
    const done = this.store.passedSteps(session);
    return lesson.steps.map((step) => ({ id: step.id, passed: done.has(step.id), checks: [] }));
  }

  cancel(session: string): void {
    clearTimeout(this.timers.get(session));
    this.timers.delete(session);
  }

  private async round({ session, engine, lesson }: ProgressTarget): Promise<StepProgress[]> {
    const ctx = this.context(engine, this.store.commands(session));
    const done = this.store.passedSteps(session);
    // Steps at once: they share the round's view of the engine, and one slow
    // check (a server not answering yet) must not hold up the others.
    const results = await Promise.all(lesson.steps.map((step) => checkStep(step, ctx)));
    return results.map((result) => {
      if (result.passed && !done.has(result.id)) this.store.markStepPassed(session, lesson.id, result.id);
      return { ...result, passed: result.passed || done.has(result.id) };
    });
  }

  context(engine: string, commands: CommandLogEntry[]): CheckContext {
    return {
      state: new EngineState(this.engines, engine),
      commands,
      readFile: async (path) => {
        try {
          return (await this.files.read(engine, path)).toString('utf8');
        } catch (err) {
          if ((err as { status?: number }).status === 404) return null;
          throw err;
        }
      },
      runScript: async (script) => {
        const result = await this.engines.exec(engine, ['bash', '-c', 'cd /workspace && eval "$1"', 'check', script], { timeoutMs: 30_000 });
        return { exitCode: result.exitCode, stdout: result.stdout.toString('utf8') };
      },
    };
  }
}

/**
 * Runs one step's checks; the step passes when all of them pass. `http`
 * checks wait a moment for a server to come up, so they run only once the
 * step's other checks pass: a page cannot answer before its container runs.
 */
export async function checkStep(step: Step, ctx: CheckContext): Promise<StepProgress> {
  const run = (check: Check) => runCheck(check, ctx);
  const first = await Promise.all(step.checks.map((c) => (c.kind === 'http' ? null : run(c))));
  const ready = first.every((r) => r === null || r.passed);
  const checks = await Promise.all(
    step.checks.map((check, i) => first[i] ?? (ready ? run(check) : Promise.resolve({ passed: false, message: check.message }))),
  );
  return { id: step.id, passed: checks.every((c) => c.passed), checks };
}

async function runCheck(check: Check, ctx: CheckContext): Promise<{ passed: boolean; message: string }> {
  try {
    const outcome = await evaluate(check, ctx);
    return { passed: outcome.passed, message: outcome.detail && !outcome.passed ? `${check.message} (${outcome.detail}.)` : check.message };
  } catch (err) {
    return { passed: false, message: `${check.message} (the check could not run: ${err instanceof Error ? err.message : String(err)})` };
  }
}

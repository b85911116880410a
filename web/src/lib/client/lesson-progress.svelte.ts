// A learner's way through the lesson a session follows: the lesson's steps,
// which of them passed (stored by the server, pushed after every command and
// save), the step being read, hints shown and solutions revealed.
import type { StepProgress } from '@dockyard/sandbox-server/protocol';
import { SvelteMap, SvelteSet } from 'svelte/reactivity';
import * as api from './api';
import type { Credentials, PublicLesson, SolutionAction } from './api';
import { isAbort, toApiError } from './errors';

/** The lazily loaded renderer for lesson text (marked, highlight.js, DOMPurify). */
export type Markdown = typeof import('./markdown');
export type LessonStep = PublicLesson['steps'][number];
/** How the step list shows a step: passed, the first one not passed yet, or later. */
export type StepState = 'done' | 'current' | 'todo';
export type SolutionView = { kind: 'loading' } | { kind: 'ready'; actions: SolutionAction[] } | { kind: 'error'; message: string };

export class LessonProgress {
  lesson = $state.raw<PublicLesson | null>(null);
  markdown = $state.raw<Markdown | null>(null);
  /** Why the lesson could not be loaded. */
  problem = $state<string | null>(null);
  /** The step the learner is reading (any step; it starts at the first one not passed). */
  viewing = $state<string | null>(null);
  checking = $state(false);
  /** Why the last "check" press did not get an answer. */
  checkProblem = $state<string | null>(null);
  /** The step being read just passed: the panel points the learner at "Next step". */
  finished = $state<{ step: string; at: number } | null>(null);

  /** Steps that passed; a passed step stays passed, as on the server. */
  readonly passed = new SvelteSet<string>();
  /** Each step's latest check results (from a push or a check press). */
  readonly results = new SvelteMap<string, StepProgress>();
  /**
   * Steps where the learner tried something while reading them. Failing
   * checks are shown only for these: arriving at a step is not a failure.
   */
  readonly tried = new SvelteSet<string>();
  readonly hintsShown = new SvelteMap<string, number>();
  readonly solutions = new SvelteMap<string, SolutionView>();

  steps = $derived(this.lesson?.steps ?? []);
  /** The first step not passed; null once the lesson is complete. */
  current = $derived(this.steps.find((s) => !this.passed.has(s.id)) ?? null);
  complete = $derived(this.steps.length > 0 && this.current === null);
  step = $derived(this.steps.find((s) => s.id === this.viewing) ?? null);
  stepIndex = $derived(this.steps.findIndex((s) => s.id === this.viewing));
  nextStep = $derived(this.stepIndex >= 0 ? (this.steps[this.stepIndex + 1] ?? null) : null);

  private readonly abort = new AbortController();

  constructor(
    private readonly credentials: Credentials,
    readonly id: string,
    stored: StepProgress[],
  ) {
    this.applyStored(stored);
    void this.load();
  }

  /** Fetches the lesson and the renderer for its text; called again to retry. */
  async load(): Promise<void> {
    this.problem = null;
    try {
      const [lesson, markdown] = await Promise.all([api.getLesson(this.id, this.abort.signal), import('./markdown')]);
      this.markdown = markdown;
      this.lesson = lesson;
      this.viewing ??= (this.current ?? lesson.steps.at(-1))?.id ?? null;
    } catch (err) {
      if (!isAbort(err)) this.problem = toApiError(err).message;
    }
  }

  stateOf(id: string): StepState {
    if (this.passed.has(id)) return 'done';
    return this.current?.id === id ? 'current' : 'todo';
  }

  /** Progress as GET session stores it: which steps passed (no check results). */
  applyStored(steps: StepProgress[]): void {
    for (const step of steps) if (step.passed) this.markPassed(step.id);
  }

  /** A check round the server pushed after a command or a save: the learner tried something. */
  pushed(steps: StepProgress[]): void {
    if (this.viewing) this.tried.add(this.viewing);
    this.applyResults(steps);
  }

  /** Runs the checks now (the "check" button). */
  async check(): Promise<void> {
    const step = this.viewing;
    if (!step || this.checking) return;
    this.checking = true;
    this.checkProblem = null;
    try {
      const steps = await api.checkProgress(this.credentials);
      this.tried.add(step);
      this.applyResults(steps);
    } catch (err) {
      if (!isAbort(err)) this.checkProblem = `The checks could not run: ${toApiError(err).message}`;
    } finally {
      this.checking = false;
    }
  }

  /** Shows the step's next hint; returns how many are shown now. */
  showHint(id: string): number {
    const total = this.steps.find((s) => s.id === id)?.hints.length ?? 0;
    const shown = Math.min(total, (this.hintsShown.get(id) ?? 0) + 1);
    this.hintsShown.set(id, shown);
    return shown;
  }

  /** Fetches the step's solution (the server hands it out only on request). */
  async revealSolution(id: string): Promise<void> {
    const known = this.solutions.get(id);
    if (known && known.kind !== 'error') return;
    this.solutions.set(id, { kind: 'loading' });
    try {
      const actions = await api.getSolution(this.credentials, id);
      this.solutions.set(id, { kind: 'ready', actions });
    } catch (err) {
      if (!isAbort(err)) this.solutions.set(id, { kind: 'error', message: toApiError(err).message });
    }
  }

  select(id: string): void {
    if (!this.steps.some((s) => s.id === id)) return;
    this.viewing = id;
    this.checkProblem = null;
  }

  next(): void {
    if (this.nextStep) this.select(this.nextStep.id);
  }

  dispose(): void {
    this.abort.abort();
  }

  private applyResults(steps: StepProgress[]): void {
    for (const step of steps) {
      this.results.set(step.id, step);
      if (step.passed) this.markPassed(step.id);
    }
  }

  private markPassed(id: string): void {
    if (this.passed.has(id)) return;
    this.passed.add(id);
    // Only a step passing under the learner's eyes is news; stored progress on arrival is not.
    if (id === this.viewing) this.finished = { step: id, at: Date.now() };
  }
}

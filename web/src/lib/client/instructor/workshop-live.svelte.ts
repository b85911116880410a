// One workshop as its instructor follows it: details and every learner's
// progress, kept live by the server's event stream (each event re-reads the
// progress, a burst making one read) with a slow poll behind it in case the
// stream drops; plus the instructor's actions (extend, end, broadcast).
import type { LearnerProgress, Workshop } from '@dockyard/sandbox-server/protocol';
import * as api from '../api';
import type { PublicLesson } from '../api';
import { isAbort, toApiError } from '../errors';
import { instructor } from './instructor.svelte';

/** A burst of events (a check round per command) makes one progress read. */
const DEBOUNCE_MS = 300;
/** The fallback poll; also how soon a new learner appears (joining sends no event). */
const POLL_MS = 10_000;

export type StepState = 'done' | 'current' | 'todo';

export class WorkshopLive {
  workshop = $state<Workshop | null>(null);
  learners = $state<LearnerProgress[]>([]);
  /** The workshop's lessons with their steps (titles for the grid's columns). */
  lessons = $state<PublicLesson[]>([]);
  /** Why the workshop could not be read, if it could not. */
  problem = $state<string | null>(null);
  /** Whether the event stream is open; without it the poll alone keeps the grid fresh. */
  live = $state(false);
  /** A clock for the time left. */
  now = $state(Date.now());

  remainingMs = $derived(this.workshop ? Date.parse(this.workshop.endsAt) - this.now : 0);
  ended = $derived(this.workshop !== null && (this.workshop.ended || this.remainingMs <= 0));

  private events: EventSource | null = null;
  private debounce: ReturnType<typeof setTimeout> | null = null;
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private readonly abort = new AbortController();
  private reading = false;
  private again = false;

  constructor(readonly id: string) {}

  /** Reads everything and starts following; returns the function that stops it all. */
  start(): () => void {
    void this.refresh().then(() => this.loadLessons());
    this.listen();
    this.timers.push(
      setInterval(() => {
        if (!this.events) this.listen();
        void this.refresh();
      }, POLL_MS),
      setInterval(() => (this.now = Date.now()), 1000),
    );
    return () => this.dispose();
  }

  /** Re-reads the workshop and its progress; a call during a read makes one more read after it. */
  async refresh(): Promise<void> {
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = true;
    try {
      const signal = this.abort.signal;
      const [workshop, learners] = await Promise.all([api.getWorkshop(this.id, signal), api.workshopProgress(this.id, signal)]);
      this.workshop = workshop;
      this.learners = learners;
      this.problem = null;
    } catch (err) {
      if (isAbort(err) || instructor.signedOut(err)) return;
      this.problem = toApiError(err).message;
    } finally {
      this.reading = false;
      if (this.again && !this.abort.signal.aborted) {
        this.again = false;
        void this.refresh();
      }
    }
  }

  async extend(minutes: number): Promise<void> {
    this.workshop = await this.act(() => api.updateWorkshop(this.id, { extendMinutes: minutes }));
  }

  /** Ends the workshop: every learner's engine stops; the results stay. */
  async end(): Promise<void> {
    this.workshop = await this.act(() => api.updateWorkshop(this.id, { end: true }));
    void this.refresh();
  }

  async broadcast(message: string): Promise<void> {
    await this.act(() => api.broadcast(this.id, message));
  }

  /** The step's state in a learner's row: done, the one they are on, or still to come. */
  stepState(learner: LearnerProgress, step: string): StepState {
    const progress = learner.steps.find((s) => s.id === step);
    if (progress?.passed) return 'done';
    return learner.currentStep === step ? 'current' : 'todo';
  }

  dispose(): void {
    this.abort.abort();
    this.events?.close();
    this.events = null;
    this.live = false;
    if (this.debounce) clearTimeout(this.debounce);
    for (const timer of this.timers) clearInterval(timer);
  }

  private async act<T>(action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (err) {
      instructor.signedOut(err);
      throw toApiError(err);
    }
  }

  private listen(): void {
    if (this.abort.signal.aborted) return;
    const source = (this.events = api.openWorkshopEvents(this.id));
    source.onopen = () => (this.live = true);
    source.addEventListener('progress', () => this.soon());
    source.onerror = () => {
      this.live = false;
      // EventSource retries by itself unless the server refused it (401, 404): then the poll reopens it.
      if (source.readyState === EventSource.CLOSED && this.events === source) this.events = null;
    };
  }

  private soon(): void {
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.debounce = null;
      void this.refresh();
    }, DEBOUNCE_MS);
  }

  private async loadLessons(): Promise<void> {
    const ids = this.workshop?.lessons ?? [];
    try {
      this.lessons = await Promise.all(ids.map((id) => api.getLesson(id, this.abort.signal)));
    } catch (err) {
      // The grid falls back to step ids.
      if (!isAbort(err)) console.warn('[dockyard] workshop lessons:', toApiError(err).message);
    }
  }
}

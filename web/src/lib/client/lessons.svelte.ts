// The lessons on offer (GET /api/lessons), fetched once and shared by the
// start page, the top bar and the lesson panel.
import * as api from './api';
import type { LearnerLessonProgress, LessonSummary } from './api';
import { toApiError } from './errors';

class Lessons {
  /** null until the first answer. */
  list = $state<LessonSummary[] | null>(null);
  /** What this browser's learner finished before, by lesson id. */
  progress = $state<Record<string, LearnerLessonProgress>>({});
  /** Why the list could not be fetched, if it could not. */
  problem = $state<string | null>(null);
  private pending: Promise<void> | null = null;

  /** Fetches the list unless it is already here (or `again`). */
  load(again = false): Promise<void> {
    if (this.list !== null && !again) return Promise.resolve();
    this.pending ??= this.fetch().finally(() => (this.pending = null));
    return this.pending;
  }

  find(id: string | null): LessonSummary | undefined {
    return id ? this.list?.find((l) => l.id === id) : undefined;
  }

  private async fetch(): Promise<void> {
    this.problem = null;
    try {
      const [list, progress] = await Promise.all([api.listLessons(), api.learnerProgress().catch(() => [])]);
      this.list = list;
      this.progress = Object.fromEntries(progress.map((p) => [p.lesson, p]));
    } catch (err) {
      this.list ??= [];
      this.problem = toApiError(err).message;
    }
  }
}

export const lessons = new Lessons();

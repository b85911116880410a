// Joining a workshop with its code: the server seats the learner and starts
// their session; it is saved like any session, so the lesson page re-joins it.
import * as api from './api';
import { toApiError } from './errors';
import { lessonPath } from './router.svelte';
import { forgetSession, loadSession, saveSession } from './storage';

/** Codes are shown in groups ("ABCD-EFGH"); the server ignores case, spaces and dashes. */
export function normalizeCode(code: string): string {
  return code.trim().toUpperCase().replace(/[\s-]/g, '');
}

/** Joins the workshop and saves its session; returns the path of the lesson to open. */
export async function joinWorkshop(code: string, name: string): Promise<string> {
  const joined = await api.joinWorkshop({ code: normalizeCode(code), name: name.trim() });
  const lesson = joined.workshop.lessons[0] ?? null;
  const previous = loadSession();
  if (previous && previous.id !== joined.session.id) {
    // One engine per learner: the workshop's session replaces whatever ran before.
    void api.endSession(previous).catch(() => {});
    forgetSession(previous.id);
  }
  saveSession({
    ...joined.session,
    lesson,
    workshop: { id: joined.workshop.id, title: joined.workshop.title, code: normalizeCode(code) },
  });
  return lessonPath(lesson);
}

/** What to tell the learner when joining failed. */
export function joinProblem(err: unknown): string {
  const error = toApiError(err);
  if (error.unreachable) return `${error.message} Try again in a moment.`;
  switch (error.status) {
    case 400:
      return error.message;
    case 404:
      return 'No workshop has this code. Check it with your instructor (letters and digits, no 0, O, 1, I or L).';
    case 409:
      // Full or ended: the server says which.
      return error.message;
    case 429:
      return `Too many tries from this address. Slow down and try again in ${error.retryAfterSeconds ?? 60} seconds.`;
    case 503:
      return `The workshop could not start your Docker engine: ${error.message}`;
    default:
      return error.message;
  }
}

// What the API serves of a lesson: the list entry, and the lesson without solutions, check details or starter files.

import type { Lesson, LessonSummary, PublicLesson } from './model.js';

export function toSummary(lesson: Lesson): LessonSummary {
  const { id, title, summary, level, minutes, tags } = lesson;
  return { id, title, summary, level, minutes, tags };
}

export function toPublic(lesson: Lesson): PublicLesson {
  return {
    ...toSummary(lesson),
    steps: lesson.steps.map(({ id, title, body, hints, checks }) => ({
      id,
      title,
      body,
      hints,
      checks: checks.map(({ kind, message }) => ({ kind, message })),
    })),
  };
}

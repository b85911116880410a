// The lessons this server offers, loaded once at start. A lesson folder with
// errors is reported (file and line) and left out; the others are served.
import { type Lesson, type LessonSummary, type PublicLesson, loadLessons, toPublic, toSummary } from '@dockyard/lessons';
import { NotFound } from './errors.js';

export class LessonCatalog {
  private readonly byId = new Map<string, Lesson>();

  constructor(lessons: Lesson[]) {
    for (const lesson of lessons) this.byId.set(lesson.id, lesson);
  }

  static load(root: string, log: (line: string) => void = console.error): LessonCatalog {
    const { lessons, errors } = loadLessons(root);
    for (const error of errors) log(`[dockyard] lesson skipped: ${error.toString()}`);
    return new LessonCatalog(lessons);
  }

  list(): LessonSummary[] {
    return [...this.byId.values()].map(toSummary);
  }

  get(id: string): Lesson {
    const lesson = this.byId.get(id);
    if (!lesson) throw new NotFound(`There is no lesson "${id}".`);
    return lesson;
  }

  getPublic(id: string): PublicLesson {
    return toPublic(this.get(id));
  }
}

// The errors a lesson folder can have, each naming the file, line and column and the place in lesson.yaml.

/** One problem in a lesson, as an author's editor wants it: `file:line:column: path: message`. */
export class LessonError {
  constructor(
    /** Relative to the repository root when the file is inside it, absolute otherwise. */
    readonly file: string,
    /** 1-based. */
    readonly line: number,
    /** 1-based. */
    readonly column: number,
    readonly message: string,
    /** Where in lesson.yaml, e.g. `steps[0].checks[1]`; empty for the whole file. */
    readonly path = '',
  ) {}

  toString(): string {
    return `${this.file}:${this.line}:${this.column}: ${this.path ? `${this.path}: ` : ''}${this.message}`;
  }
}

/** Thrown by loadLesson: every problem found in the lesson, one per line in the message. */
export class InvalidLessonError extends Error {
  override name = 'InvalidLessonError';

  constructor(readonly errors: readonly LessonError[]) {
    super(errors.map(String).join('\n'));
  }
}

/** A problem found in lesson.yaml's data, before it is given a file position. */
export interface Problem {
  /** Where to report it, e.g. ['steps', 0, 'checks', 1]. */
  path: readonly (string | number)[];
  /** What to point at: a value, or with target 'key' its key; may lie below `path`. */
  at: readonly (string | number)[];
  target: 'key' | 'value';
  message: string;
}

/** A data path for people: ['steps', 0, 'checks', 1] → `steps[0].checks[1]`. */
export function formatPath(path: readonly (string | number)[]): string {
  return path
    .map((segment, i) =>
      typeof segment === 'number' ? `[${segment}]` : /^[A-Za-z_][\w-]*$/.test(segment) ? `${i ? '.' : ''}${segment}` : `[${JSON.stringify(segment)}]`,
    )
    .join('');
}

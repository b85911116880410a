// The lessons package: the lesson model, the loader (Node), and the command matcher (Node and browser).

export type * from './model.js';
export { loadLesson, loadLessons, LESSONS_DIR } from './loader.js';
export { LessonError, InvalidLessonError } from './lesson-error.js';
export { toSummary, toPublic } from './public.js';
export { matchCommand, parseDockerCommands, canonicalCommand, normalizeImage, normalizePublish, type CommandLogEntry, type DockerInvocation } from './command-match.js';
export { SCHEMA_URL } from './schema-check.js';

// The lesson format: what a lesson folder's lesson.yaml holds once loaded and
// validated. Shared by the loader, the server's checks and the web app; no
// Node or DOM types here.

export type Level = 'beginner' | 'intermediate' | 'advanced';

export interface Lesson {
  id: string;
  title: string;
  summary: string;
  level: Level;
  /** Rough time to complete, in minutes. */
  minutes: number;
  tags: string[];
  /** Files copied into the workspace when a session starts this lesson (path → content). */
  starter: Record<string, string>;
  steps: Step[];
}

export interface Step {
  id: string;
  title: string;
  /** The step's text, markdown (loaded from the step's `text` file). */
  body: string;
  hints: string[];
  checks: Check[];
  /** What completes the step, applied in order by `lessons test` and shown on "reveal solution". */
  solution: SolutionAction[];
}

export type SolutionAction =
  /** A command line typed into the terminal (run in /workspace unless it cds). */
  | { run: string }
  /** A file written into the workspace. */
  | { file: string; content: string };

/** Every check carries the sentence a learner sees while it fails. */
interface CheckBase {
  message: string;
}

/** The command log has a successful command matching this spec (docker CLI aware). */
export interface CommandCheck extends CheckBase {
  kind: 'command';
  /** The command path, e.g. "docker run", "docker image ls", "docker compose up". Aliases are equal: "docker container run" is "docker run". */
  command: string;
  /** Flags that must be present, by long name without dashes: {detach: true, publish: "8080:80", name: "web"}. */
  flags?: Record<string, string | boolean>;
  /** Image operand for commands that take one (run, create, pull, push, rmi, tag source, build -t is a flag). "nginx" matches "nginx:latest" and "docker.io/library/nginx". */
  image?: string;
  /** Positional arguments after the image (or after the command when it takes no image), compared exactly. */
  args?: string[];
  /** Exit code required; default 0. */
  exitCode?: number;
}

export interface ContainerCheck extends CheckBase {
  kind: 'container';
  image?: string;
  name?: string;
  /** Docker's state: running, exited, created, paused, restarting. Default: any. */
  state?: string;
  /** "HOST:CONTAINER" (tcp) published. */
  port?: string;
  env?: Record<string, string>;
  /** A mount whose destination is this path; optionally of this type and source (volume name or host path). */
  mount?: { destination: string; type?: 'volume' | 'bind' | 'tmpfs'; source?: string };
  network?: string;
  restart?: 'no' | 'always' | 'on-failure' | 'unless-stopped';
  user?: string;
  /** At least this many containers must match (default 1). */
  count?: number;
  /** Exactly zero containers match (to check something was removed). */
  absent?: boolean;
}

export interface ImageCheck extends CheckBase {
  kind: 'image';
  /** "app", "app:1.0", "localhost:5000/app". No tag means latest. */
  tag: string;
  absent?: boolean;
  maxLayers?: number;
  exposes?: number[];
  cmd?: string[];
  entrypoint?: string[];
  user?: string;
  /** Uncompressed size strictly below this many megabytes (10^6 bytes). */
  sizeBelowMB?: number;
  /** Some history entry's created-by line contains this text. */
  historyContains?: string;
  labels?: Record<string, string>;
  env?: Record<string, string>;
}

export interface VolumeCheck extends CheckBase {
  kind: 'volume';
  name: string;
  absent?: boolean;
  driver?: string;
  labels?: Record<string, string>;
  /** A container (by name) mounts it. */
  usedBy?: string;
}

export interface NetworkCheck extends CheckBase {
  kind: 'network';
  name: string;
  absent?: boolean;
  driver?: string;
  labels?: Record<string, string>;
  /** Containers (by name) attached to it. */
  containers?: string[];
}

export interface ComposeCheck extends CheckBase {
  kind: 'compose';
  /** Project name; default: any project. */
  project?: string;
  /** Service name → number of running containers it must have (at least 1 when omitted as true). */
  services: Record<string, number | true>;
}

export interface HttpCheck extends CheckBase {
  kind: 'http';
  /** Fetched from inside the engine, e.g. http://localhost:8080/. */
  url: string;
  status?: number;
  contains?: string;
}

export interface FileCheck extends CheckBase {
  kind: 'file';
  /** Relative to the workspace. */
  path: string;
  absent?: boolean;
  contains?: string;
  /** A regular expression (JavaScript syntax) the content must match. */
  matches?: string;
  /** The file parses as a Dockerfile; instruction (upper case) → how many times it appears at least, e.g. {FROM: 2}. */
  dockerfile?: Record<string, number>;
}

export interface ScriptCheck extends CheckBase {
  kind: 'script';
  /** A bash script run in the engine, in /workspace; passes when it exits 0. */
  script: string;
}

export type Check =
  | CommandCheck
  | ContainerCheck
  | ImageCheck
  | VolumeCheck
  | NetworkCheck
  | ComposeCheck
  | HttpCheck
  | FileCheck
  | ScriptCheck;

export type CheckKind = Check['kind'];

/** What the API serves in the lessons list. */
export type LessonSummary = Pick<Lesson, 'id' | 'title' | 'summary' | 'level' | 'minutes' | 'tags'>;

/** What the API serves for one lesson: no solutions (they come on explicit reveal). */
export type PublicLesson = Omit<Lesson, 'steps' | 'starter'> & {
  steps: (Omit<Step, 'solution' | 'checks'> & { checks: { kind: CheckKind; message: string }[] })[];
};

// The wire protocol between web/ and the sandbox server (API v1): every REST
// body and websocket message, declared once and imported at both ends.
// No Node or DOM types here: this module compiles for either side.

export type SessionStatus = 'starting' | 'running' | 'stopped' | 'ended';

export interface CreateSessionRequest {
  lesson?: string;
  workshop?: string;
  name?: string;
}

export interface CreateSessionResponse {
  id: string;
  token: string;
  /** ISO 8601 time after which the session and its engine are gone. */
  expiresAt: string;
}

export interface PublishedPort {
  /** Port on the engine, where the learner's `-p HOST:CONTAINER` put it. */
  port: number;
  protocol: 'tcp' | 'udp';
  /** Name of the container inside the engine that publishes it. */
  container: string;
  image: string;
}

export interface StepProgress {
  id: string;
  passed: boolean;
  checks: { passed: boolean; message: string }[];
}

export interface SessionInfo {
  id: string;
  status: SessionStatus;
  lesson: string | null;
  progress: StepProgress[];
  ports: PublishedPort[];
  expiresAt: string;
  /** Seconds of inactivity after which the session ends. */
  idleTimeoutSeconds: number;
  /** Largest file the files API reads or writes. */
  maxFileBytes: number;
  /** What is wrong right now that the learner should know (a limit reached, the registry down). */
  notices: SessionNotice[];
}

export type SessionNoticeKind = 'registry_down' | 'process_limit' | 'out_of_memory' | 'disk_full';

export interface SessionNotice {
  kind: SessionNoticeKind;
  message: string;
}

export type FileType = 'file' | 'dir' | 'symlink' | 'other';

export interface FileEntry {
  name: string;
  type: FileType;
  size: number;
  /** Last modification, milliseconds since the epoch. */
  mtime: number;
}

export interface RenameRequest {
  from: string;
  to: string;
}

export interface CommandLogEntry {
  term: string;
  line: string;
  exitCode: number;
  cwd: string;
  /** ISO 8601 time the command finished. */
  at: string;
}

export interface ErrorBody {
  /** Stable machine-readable code, e.g. "not_found", "payload_too_large". */
  error: string;
  /** A sentence a learner can act on. */
  message: string;
}

/** Messages the browser sends on a terminal websocket. */
export type TerminalClientMessage =
  | { type: 'input'; data: string }
  | { type: 'resize'; cols: number; rows: number }
  /**
   * Flow control: the client has rendered this much more output, counted as
   * the server counts it: in JavaScript string length (UTF-16 code units).
   * A client that sends acks is never more than a bounded amount behind;
   * the server pauses the shell until it catches up.
   */
  | { type: 'ack'; bytes: number };

/** Messages the server sends on a terminal websocket. */
export type TerminalServerMessage =
  | { type: 'output'; data: string }
  | { type: 'exit'; code: number }
  | { type: 'progress'; steps: StepProgress[] }
  | { type: 'command'; command: CommandLogEntry }
  /** A message from the workshop's instructor to every learner. */
  | { type: 'broadcast'; message: string; at: string }
  | { type: 'error'; error: string; message: string };

export const TERMINAL_LIMITS = {
  minCols: 2,
  maxCols: 1000,
  minRows: 1,
  maxRows: 500,
  /** Largest input message accepted (a big paste). */
  maxInputBytes: 64 * 1024,
} as const;

/** Parses and validates a client message; returns an error string if invalid. */
export function parseTerminalClientMessage(raw: string): TerminalClientMessage | string {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return 'message is not JSON';
  }
  if (typeof value !== 'object' || value === null) return 'message must be an object';
  const msg = value as Record<string, unknown>;
  switch (msg.type) {
    case 'input':
      if (typeof msg.data !== 'string') return 'input.data must be a string';
      if (msg.data.length > TERMINAL_LIMITS.maxInputBytes) return 'input is too large';
      return { type: 'input', data: msg.data };
    case 'resize': {
      const { cols, rows } = msg;
      if (!isIntIn(cols, TERMINAL_LIMITS.minCols, TERMINAL_LIMITS.maxCols)) return 'resize.cols out of range';
      if (!isIntIn(rows, TERMINAL_LIMITS.minRows, TERMINAL_LIMITS.maxRows)) return 'resize.rows out of range';
      return { type: 'resize', cols, rows };
    }
    case 'ack':
      if (!isIntIn(msg.bytes, 0, Number.MAX_SAFE_INTEGER)) return 'ack.bytes must be a non-negative integer';
      return { type: 'ack', bytes: msg.bytes };
    default:
      return `unknown message type ${JSON.stringify(msg.type)}`;
  }
}

function isIntIn(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

/** A learner's progress over every lesson they started, in this browser or workshop. */
export interface LearnerLessonProgress {
  lesson: string;
  passedSteps: string[];
  totalSteps: number;
  done: boolean;
}

// Workshops (instructor routes take `Authorization: Bearer <instructor secret>`).

export interface CreateWorkshopRequest {
  title: string;
  /** Lesson ids, in the order learners take them; learners start with the first. */
  lessons: string[];
  /** Most learners who may join (default 40). */
  seats?: number;
  /** How long the workshop runs, in minutes (default 180). */
  minutes?: number;
}

export interface Workshop {
  id: string;
  title: string;
  lessons: string[];
  seats: number;
  seatsTaken: number;
  joinCode: string;
  /** Path of the join page, with the code filled in. */
  joinPath: string;
  endsAt: string;
  ended: boolean;
}

/** Extend (`extendMinutes`) or end (`end: true`) a workshop. Ending stops its engines and keeps the results. */
export interface UpdateWorkshopRequest {
  extendMinutes?: number;
  end?: boolean;
}

export interface BroadcastRequest {
  message: string;
}

export interface JoinWorkshopRequest {
  code: string;
  name: string;
}

export interface JoinWorkshopResponse {
  workshop: { id: string; title: string; lessons: string[]; endsAt: string };
  learner: string;
  session: CreateSessionResponse;
}

export interface LearnerProgress {
  learner: string;
  name: string;
  /** The learner's newest session (null once the workshop ended it). */
  session: string | null;
  lesson: string | null;
  /** Every step of the lesson; passed steps carry when they passed. */
  steps: { id: string; passed: boolean; passedAt: string | null }[];
  /** The first step not passed yet, or null when the lesson is done. */
  currentStep: string | null;
  /** Long on one step or many commands without progress. */
  stuck: boolean;
  lastProgressAt: string;
}

// The embedded store (SQLite): sessions, command logs, lesson progress,
// workshops and their learners, and saved terminal scrollback, so a server
// restart loses nothing a learner or an instructor did.
import Database from 'better-sqlite3';
import type { CommandLogEntry, SessionStatus } from './protocol.js';

export interface SessionRecord {
  id: string;
  tokenHash: string;
  engine: string;
  lesson: string | null;
  workshop: string | null;
  name: string | null;
  status: SessionStatus;
  createdAt: number;
  expiresAt: number;
  lastActive: number;
  endReason: string | null;
  /** The workshop learner this session belongs to, if any. */
  learner?: string | null;
}

interface SessionRow {
  id: string;
  token_hash: string;
  engine: string;
  lesson: string | null;
  workshop: string | null;
  name: string | null;
  status: SessionStatus;
  created_at: number;
  expires_at: number;
  last_active: number;
  end_reason: string | null;
  learner: string | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  engine TEXT NOT NULL,
  lesson TEXT,
  workshop TEXT,
  name TEXT,
  status TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  last_active INTEGER NOT NULL,
  end_reason TEXT
);
CREATE TABLE IF NOT EXISTS commands (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id TEXT NOT NULL REFERENCES sessions(id),
  term TEXT NOT NULL,
  line TEXT NOT NULL,
  exit_code INTEGER NOT NULL,
  cwd TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS commands_by_session ON commands(session_id, seq);
CREATE TABLE IF NOT EXISTS progress (
  session_id TEXT NOT NULL REFERENCES sessions(id),
  lesson TEXT NOT NULL,
  step TEXT NOT NULL,
  passed_at INTEGER NOT NULL,
  PRIMARY KEY (session_id, step)
);
CREATE TABLE IF NOT EXISTS workshops (
  id TEXT PRIMARY KEY,
  instructor TEXT NOT NULL,
  title TEXT NOT NULL,
  lessons TEXT NOT NULL,
  seats INTEGER NOT NULL,
  join_code TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  ended_at INTEGER
);
CREATE TABLE IF NOT EXISTS learners (
  id TEXT PRIMARY KEY,
  workshop TEXT REFERENCES workshops(id),
  name TEXT NOT NULL,
  joined_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS scrollback (
  session_id TEXT NOT NULL REFERENCES sessions(id),
  term TEXT NOT NULL,
  data TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (session_id, term)
);
`;

export class Store {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // NORMAL keeps every commit across a process crash (WAL); only a power cut
    // can lose the last few, which is fine for a learning playground.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.exec(SCHEMA);
    // Sessions of a learner who joined a workshop (added after the first release).
    const columns = this.db.prepare('PRAGMA table_info(sessions)').all() as { name: string }[];
    if (!columns.some((c) => c.name === 'learner')) this.db.exec('ALTER TABLE sessions ADD COLUMN learner TEXT');
  }

  close(): void {
    this.db.close();
  }

  insertSession(s: SessionRecord): void {
    this.db
      .prepare(
        `INSERT INTO sessions (id, token_hash, engine, lesson, workshop, name, status, created_at, expires_at, last_active, end_reason)
         VALUES (@id, @tokenHash, @engine, @lesson, @workshop, @name, @status, @createdAt, @expiresAt, @lastActive, @endReason)`,
      )
      .run(s);
  }

  getSession(id: string): SessionRecord | undefined {
    const row = this.db.prepare('SELECT * FROM sessions WHERE id = ?').get(id) as SessionRow | undefined;
    return row && fromRow(row);
  }

  findSessionByTokenHash(tokenHash: string): SessionRecord | undefined {
    const row = this.db.prepare('SELECT * FROM sessions WHERE token_hash = ?').get(tokenHash) as SessionRow | undefined;
    return row && fromRow(row);
  }

  /** Sessions that have not ended: the ones that may own an engine. */
  liveSessions(): SessionRecord[] {
    const rows = this.db.prepare("SELECT * FROM sessions WHERE status != 'ended'").all() as SessionRow[];
    return rows.map(fromRow);
  }

  setStatus(id: string, status: SessionStatus, endReason: string | null = null): void {
    this.db.prepare('UPDATE sessions SET status = ?, end_reason = COALESCE(?, end_reason) WHERE id = ?').run(status, endReason, id);
  }

  setEngine(id: string, engine: string): void {
    this.db.prepare('UPDATE sessions SET engine = ? WHERE id = ?').run(engine, id);
  }

  touch(id: string, at: number): void {
    this.db.prepare('UPDATE sessions SET last_active = ? WHERE id = ?').run(at, id);
  }

  addCommand(sessionId: string, entry: CommandLogEntry): void {
    this.db
      .prepare('INSERT INTO commands (session_id, term, line, exit_code, cwd, at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(sessionId, entry.term, entry.line, entry.exitCode, entry.cwd, Date.parse(entry.at));
  }

  commands(sessionId: string, limit = 1000): CommandLogEntry[] {
    const rows = this.db
      .prepare('SELECT term, line, exit_code, cwd, at FROM (SELECT * FROM commands WHERE session_id = ? ORDER BY seq DESC LIMIT ?) ORDER BY seq')
      .all(sessionId, limit) as { term: string; line: string; exit_code: number; cwd: string; at: number }[];
    return rows.map((r) => ({ term: r.term, line: r.line, exitCode: r.exit_code, cwd: r.cwd, at: new Date(r.at).toISOString() }));
  }

  markStepPassed(sessionId: string, lesson: string, step: string): void {
    this.db
      .prepare('INSERT OR IGNORE INTO progress (session_id, lesson, step, passed_at) VALUES (?, ?, ?, ?)')
      .run(sessionId, lesson, step, Date.now());
  }

  /**
   * Steps passed in this session, and in the same learner's earlier sessions
   * of the same lesson: a learner who comes back keeps what they finished.
   */
  passedSteps(sessionId: string): Set<string> {
    const rows = this.db
      .prepare(
        `SELECT DISTINCT p.step FROM sessions s
           JOIN sessions other ON other.id = s.id OR (s.learner IS NOT NULL AND other.learner = s.learner AND other.lesson = s.lesson)
           JOIN progress p ON p.session_id = other.id
         WHERE s.id = ?`,
      )
      .all(sessionId) as { step: string }[];
    return new Set(rows.map((r) => r.step));
  }

  /** Every lesson a learner has passed steps in, with those steps. */
  learnerProgress(learner: string): Map<string, Set<string>> {
    const rows = this.db
      .prepare('SELECT DISTINCT p.lesson, p.step FROM progress p JOIN sessions s ON s.id = p.session_id WHERE s.learner = ?')
      .all(learner) as { lesson: string; step: string }[];
    const byLesson = new Map<string, Set<string>>();
    for (const r of rows) (byLesson.get(r.lesson) ?? byLesson.set(r.lesson, new Set()).get(r.lesson)!).add(r.step);
    return byLesson;
  }

  insertWorkshop(w: WorkshopRecord): void {
    this.db
      .prepare(
        `INSERT INTO workshops (id, instructor, title, lessons, seats, join_code, created_at, ends_at, ended_at)
         VALUES (@id, @instructor, @title, @lessons, @seats, @joinCode, @createdAt, @endsAt, @endedAt)`,
      )
      .run({ ...w, lessons: JSON.stringify(w.lessons) });
  }

  workshop(id: string): WorkshopRecord | undefined {
    const row = this.db.prepare('SELECT * FROM workshops WHERE id = ?').get(id) as WorkshopRow | undefined;
    return row && workshopFromRow(row);
  }

  workshopByCode(code: string): WorkshopRecord | undefined {
    const row = this.db.prepare('SELECT * FROM workshops WHERE join_code = ?').get(code) as WorkshopRow | undefined;
    return row && workshopFromRow(row);
  }

  workshopsOf(instructor: string): WorkshopRecord[] {
    const rows = this.db.prepare('SELECT * FROM workshops WHERE instructor = ? ORDER BY created_at DESC').all(instructor) as WorkshopRow[];
    return rows.map(workshopFromRow);
  }

  updateWorkshop(id: string, endsAt: number, endedAt: number | null): void {
    this.db.prepare('UPDATE workshops SET ends_at = ?, ended_at = ? WHERE id = ?').run(endsAt, endedAt, id);
  }

  insertLearner(id: string, workshop: string, name: string, joinedAt: number): void {
    this.db.prepare('INSERT INTO learners (id, workshop, name, joined_at) VALUES (?, ?, ?, ?)').run(id, workshop, name, joinedAt);
  }

  /** Learners of a workshop with their sessions (newest first) and each session's passed steps. */
  workshopLearners(workshop: string): { learner: string; name: string; joinedAt: number; sessions: SessionRecord[] }[] {
    const learners = this.db.prepare('SELECT * FROM learners WHERE workshop = ? ORDER BY joined_at').all(workshop) as {
      id: string;
      name: string;
      joined_at: number;
    }[];
    const sessions = this.db.prepare('SELECT * FROM sessions WHERE learner = ? ORDER BY created_at DESC');
    return learners.map((l) => ({
      learner: l.id,
      name: l.name,
      joinedAt: l.joined_at,
      sessions: (sessions.all(l.id) as SessionRow[]).map(fromRow),
    }));
  }

  seatsTaken(workshop: string): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM learners WHERE workshop = ?').get(workshop) as { n: number }).n;
  }

  setLearner(sessionId: string, learner: string): void {
    this.db.prepare('UPDATE sessions SET learner = ? WHERE id = ?').run(learner, sessionId);
  }

  stepsPassedAt(sessionId: string): Map<string, number> {
    const rows = this.db.prepare('SELECT step, passed_at FROM progress WHERE session_id = ?').all(sessionId) as { step: string; passed_at: number }[];
    return new Map(rows.map((r) => [r.step, r.passed_at]));
  }

  saveScrollback(sessionId: string, term: string, data: string): void {
    this.db
      .prepare(
        `INSERT INTO scrollback (session_id, term, data, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (session_id, term) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
      )
      .run(sessionId, term, data, Date.now());
  }

  scrollback(sessionId: string, term: string): string | undefined {
    const row = this.db.prepare('SELECT data FROM scrollback WHERE session_id = ? AND term = ?').get(sessionId, term) as
      | { data: string }
      | undefined;
    return row?.data;
  }

  deleteScrollback(sessionId: string, term?: string): void {
    if (term === undefined) this.db.prepare('DELETE FROM scrollback WHERE session_id = ?').run(sessionId);
    else this.db.prepare('DELETE FROM scrollback WHERE session_id = ? AND term = ?').run(sessionId, term);
  }
}

export interface WorkshopRecord {
  id: string;
  /** Who created it: a hash of the instructor's secret. */
  instructor: string;
  title: string;
  lessons: string[];
  seats: number;
  joinCode: string;
  createdAt: number;
  endsAt: number;
  endedAt: number | null;
}

interface WorkshopRow {
  id: string;
  instructor: string;
  title: string;
  lessons: string;
  seats: number;
  join_code: string;
  created_at: number;
  ends_at: number;
  ended_at: number | null;
}

function workshopFromRow(r: WorkshopRow): WorkshopRecord {
  return {
    id: r.id,
    instructor: r.instructor,
    title: r.title,
    lessons: JSON.parse(r.lessons) as string[],
    seats: r.seats,
    joinCode: r.join_code,
    createdAt: r.created_at,
    endsAt: r.ends_at,
    endedAt: r.ended_at,
  };
}

function fromRow(r: SessionRow): SessionRecord {
  return {
    id: r.id,
    tokenHash: r.token_hash,
    engine: r.engine,
    lesson: r.lesson,
    workshop: r.workshop,
    name: r.name,
    status: r.status,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    lastActive: r.last_active,
    endReason: r.end_reason,
    learner: r.learner,
  };
}

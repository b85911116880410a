// Workshops: an instructor creates one (title, lessons, seats, end time) and
// shares its join code; learners join with the code and a name and land in
// the first lesson with an engine of their own; the instructor follows their
// progress live, extends or ends the workshop, and exports the results.
import { randomInt } from 'node:crypto';
import { BadRequest, Conflict, NotFound } from './errors.js';
import type { LessonCatalog } from './lessons.js';
import type {
  JoinWorkshopResponse,
  LearnerProgress,
  StepProgress,
  TerminalServerMessage,
  UpdateWorkshopRequest,
  Workshop,
} from './protocol.js';
import type { SessionService } from './sessions.js';
import type { SessionRecord, Store, WorkshopRecord } from './store.js';
import { newSessionId } from './tokens.js';

/** No 0/O, 1/I/L: codes are read aloud and typed from a projector. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** 31^8 ≈ 8.5e11 codes; with the join rate limit, guessing one takes centuries. */
const CODE_LENGTH = 8;
const STUCK_AFTER_MS = 8 * 60_000;
const STUCK_AFTER_COMMANDS = 15;

export type ProgressListener = (event: { learner: string; session: string; steps: StepProgress[] }) => void;

export class WorkshopService {
  private readonly listeners = new Map<string, Set<ProgressListener>>();

  constructor(
    private readonly store: Store,
    private readonly sessions: SessionService,
    private readonly lessons: LessonCatalog,
    /** Sends a message to every terminal of a session. */
    private readonly push: (session: string, message: TerminalServerMessage) => void,
    private readonly now: () => number = Date.now,
  ) {}

  create(instructor: string, request: unknown): Workshop {
    const body = asObject(request);
    const title = text(body.title, 'title', 120);
    if (!Array.isArray(body.lessons) || body.lessons.length === 0 || body.lessons.some((l) => typeof l !== 'string')) {
      throw new BadRequest('"lessons" must be a non-empty list of lesson ids.');
    }
    const lessons = body.lessons as string[];
    for (const id of lessons) this.lessons.get(id); // 404 names an unknown lesson
    const seats = wholeNumber(body.seats ?? 40, 'seats', 1, 500);
    const minutes = wholeNumber(body.minutes ?? 180, 'minutes', 5, 7 * 24 * 60);
    const now = this.now();
    const record: WorkshopRecord = {
      id: newSessionId(),
      instructor,
      title,
      lessons,
      seats,
      joinCode: this.uniqueCode(),
      createdAt: now,
      endsAt: now + minutes * 60_000,
      endedAt: null,
    };
    this.store.insertWorkshop(record);
    return this.describe(record);
  }

  list(instructor: string): Workshop[] {
    return this.store.workshopsOf(instructor).map((w) => this.describe(w));
  }

  get(instructor: string, id: string): Workshop {
    return this.describe(this.owned(instructor, id));
  }

  async update(instructor: string, id: string, request: unknown): Promise<Workshop> {
    const workshop = this.owned(instructor, id);
    const body = asObject(request) as UpdateWorkshopRequest;
    if (body.extendMinutes !== undefined) {
      const minutes = wholeNumber(body.extendMinutes, 'extendMinutes', 1, 24 * 60);
      workshop.endsAt = Math.max(workshop.endsAt, this.now()) + minutes * 60_000;
      workshop.endedAt = null;
    }
    if (body.end === true) {
      workshop.endedAt = this.now();
      workshop.endsAt = Math.min(workshop.endsAt, workshop.endedAt);
      // Engines stop; progress, command logs and names stay for the results.
      for (const learner of this.store.workshopLearners(id)) {
        for (const session of learner.sessions) {
          if (session.status !== 'ended') await this.sessions.end(session.id, 'the workshop ended');
        }
      }
    }
    this.store.updateWorkshop(id, workshop.endsAt, workshop.endedAt);
    return this.describe(workshop);
  }

  async join(request: unknown): Promise<JoinWorkshopResponse> {
    const body = asObject(request);
    const code = typeof body.code === 'string' ? body.code.trim().toUpperCase().replace(/[\s-]/g, '') : '';
    const name = text(body.name, 'name', 60);
    const workshop = code ? this.store.workshopByCode(code) : undefined;
    // The same answer for every wrong code: it reveals nothing about which workshops exist.
    if (!workshop) throw new NotFound('No workshop has this join code. Check it with your instructor.');
    if (workshop.endedAt !== null || this.now() >= workshop.endsAt) throw new Conflict('This workshop has ended.');
    if (this.store.seatsTaken(workshop.id) >= workshop.seats) throw new Conflict('This workshop is full; ask your instructor for a seat.');
    const learner = newSessionId();
    this.store.insertLearner(learner, workshop.id, name, this.now());
    const session = await this.sessions.create({ lesson: workshop.lessons[0]!, workshop: workshop.id, name }, learner);
    return {
      workshop: { id: workshop.id, title: workshop.title, lessons: workshop.lessons, endsAt: new Date(workshop.endsAt).toISOString() },
      learner,
      session,
    };
  }

  progress(instructor: string, id: string): LearnerProgress[] {
    this.owned(instructor, id);
    const now = this.now();
    return this.store.workshopLearners(id).map(({ learner, name, joinedAt, sessions }) => {
      const session = sessions[0] ?? null;
      const lesson = session?.lesson ? this.lessons.get(session.lesson) : null;
      const passedAt = session ? this.store.stepsPassedAt(session.id) : new Map<string, number>();
      const steps = (lesson?.steps ?? []).map((s) => {
        const at = passedAt.get(s.id);
        return { id: s.id, passed: at !== undefined, passedAt: at === undefined ? null : new Date(at).toISOString() };
      });
      const lastProgressAt = Math.max(joinedAt, ...passedAt.values());
      const currentStep = steps.find((s) => !s.passed)?.id ?? null;
      const commandsSince = session ? this.store.commands(session.id).filter((c) => Date.parse(c.at) > lastProgressAt).length : 0;
      const live = session !== null && session.status !== 'ended';
      return {
        learner,
        name,
        session: live ? session.id : null,
        lesson: session?.lesson ?? null,
        steps,
        currentStep,
        stuck: live && currentStep !== null && (now - lastProgressAt > STUCK_AFTER_MS || commandsSince >= STUCK_AFTER_COMMANDS),
        lastProgressAt: new Date(lastProgressAt).toISOString(),
      };
    });
  }

  /** Shows a message to every learner of the workshop whose session is live. */
  broadcast(instructor: string, id: string, request: unknown): void {
    this.owned(instructor, id);
    const message = text(asObject(request).message, 'message', 500);
    const at = new Date(this.now()).toISOString();
    for (const learner of this.store.workshopLearners(id)) {
      for (const session of learner.sessions) {
        if (session.status !== 'ended') this.push(session.id, { type: 'broadcast', message, at });
      }
    }
  }

  /** A learner's session in one of the instructor's workshops (for watching it, read-only). */
  learnerSession(instructor: string, id: string, session: string): SessionRecord {
    this.owned(instructor, id);
    const record = this.store.getSession(session);
    if (!record || record.workshop !== id || !record.learner) throw new NotFound('This workshop has no such learner session.');
    if (record.status === 'ended') throw new NotFound(`This learner's session has ended (${record.endReason ?? 'ended'}).`);
    return record;
  }

  /** Results as CSV: one row per learner and step. */
  exportCsv(instructor: string, id: string): string {
    const rows = [['learner', 'name', 'lesson', 'step', 'passed', 'passed_at']];
    for (const p of this.progress(instructor, id)) {
      for (const s of p.steps) rows.push([p.learner, p.name, p.lesson ?? '', s.id, String(s.passed), s.passedAt ?? '']);
    }
    return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
  }

  /** Live progress of one workshop's learners; returns the unsubscribe. */
  subscribe(instructor: string, id: string, listener: ProgressListener): () => void {
    this.owned(instructor, id);
    let set = this.listeners.get(id);
    if (!set) this.listeners.set(id, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Called with every progress round of every session. */
  onProgress(sessionId: string, steps: StepProgress[]): void {
    const session = this.store.getSession(sessionId);
    if (!session?.workshop || !session.learner) return;
    for (const listener of this.listeners.get(session.workshop) ?? []) listener({ learner: session.learner, session: sessionId, steps });
  }

  private owned(instructor: string, id: string): WorkshopRecord {
    const workshop = this.store.workshop(id);
    // Another instructor's workshop is as absent as a missing one.
    if (!workshop || workshop.instructor !== instructor) throw new NotFound(`There is no workshop "${id}".`);
    return workshop;
  }

  private describe(w: WorkshopRecord): Workshop {
    return {
      id: w.id,
      title: w.title,
      lessons: w.lessons,
      seats: w.seats,
      seatsTaken: this.store.seatsTaken(w.id),
      joinCode: w.joinCode,
      joinPath: `/join/${w.joinCode}`,
      endsAt: new Date(w.endsAt).toISOString(),
      ended: w.endedAt !== null || this.now() >= w.endsAt,
    };
  }

  private uniqueCode(): string {
    for (;;) {
      const code = Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
      if (!this.store.workshopByCode(code)) return code;
    }
  }
}

function asObject(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BadRequest('The request body must be a JSON object.');
  return value as Record<string, unknown>;
}

function text(value: unknown, name: string, max: number): string {
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > max) {
    throw new BadRequest(`"${name}" must be a string of 1 to ${max} characters.`);
  }
  return value.trim();
}

function wholeNumber(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new BadRequest(`"${name}" must be a whole number from ${min} to ${max}.`);
  }
  return value;
}

function csvField(value: string): string {
  // Quote always; neutralise spreadsheet formulas in learner-chosen names.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}


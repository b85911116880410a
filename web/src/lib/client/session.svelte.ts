// The learner's session as state: starting or re-joining it, keeping its
// info (status, ports, expiry) fresh, noticing idleness, holding the
// instructor's latest message, and turning every failure into a problem with
// a way forward.
import type { SessionInfo } from '@dockyard/sandbox-server/protocol';
import * as api from './api';
import type { Credentials } from './api';
import { ApiError, isAbort, toApiError } from './errors';
import { forgetSession, loadSession, saveSession, type SavedSession, type SavedWorkshop } from './storage';
import { type Broadcast, endsSession } from './terminal.svelte';

export type StartStep = 'rejoining' | 'engine' | 'workspace';

export type ProblemKind = 'unreachable' | 'engine_failed' | 'engine_stopped' | 'expired' | 'rate_limited' | 'failed';

export interface SessionProblem {
  kind: ProblemKind;
  title: string;
  message: string;
  /** When retrying makes sense again (rate limits), ms since the epoch. */
  retryAt: number | null;
}

export type SessionPhase =
  | { kind: 'idle' }
  | { kind: 'starting'; step: StartStep; since: number }
  | { kind: 'ready' }
  | { kind: 'problem'; problem: SessionProblem };

/** How often session info (status, ports) is refreshed while the learner is active. */
const POLL_MS = 3000;
/** Polling stops this long after the last keystroke or pointer move, so the server can see the session go idle. */
const ACTIVE_WINDOW_MS = 60_000;
/** Warn this long before an idle session ends. */
export const IDLE_WARNING_MS = 2 * 60_000;
/** Warn this long before the session's time limit. */
export const EXPIRY_WARNING_MS = 10 * 60_000;
/** The server sweeps every 15 s and records activity every 10 s: check only once it surely ran. */
const SWEEP_SLACK_MS = 40_000;
/** While the server is unreachable, retry at most this often. */
const OFFLINE_RETRY_MS = 5000;
/**
 * A server error while refreshing is retried a few times before it counts:
 * a session being ended answers 500 for a moment while its engine is removed.
 */
const SERVER_ERROR_RETRIES = 5;
const SERVER_ERROR_RETRY_MS = 2000;

class Session {
  phase = $state<SessionPhase>({ kind: 'idle' });
  info = $state<SessionInfo | null>(null);
  credentials = $state<Credentials | null>(null);
  lesson = $state<string | null>(null);
  /** The workshop this session belongs to (the learner joined with a code), else null. */
  workshop = $state<SavedWorkshop | null>(null);
  /** The instructor's latest message, until the learner dismisses it. */
  broadcast = $state<Broadcast | null>(null);
  /** False while a live session's server cannot be reached (a network blip); everything retries. */
  online = $state(true);
  /** A clock for countdowns, ticking each second while the session is open. */
  now = $state(Date.now());
  private lastActivity = Date.now();
  /** Last time the server heard from us: its idle clock starts here. */
  private lastContact = $state(Date.now());
  private lastPoll = 0;
  private polling = false;
  private serverErrors = 0;
  private clock: ReturnType<typeof setInterval> | null = null;
  private refreshSoon: ReturnType<typeof setTimeout> | null = null;
  private abort: AbortController | null = null;

  expiresAt = $derived(this.info ? Date.parse(this.info.expiresAt) : Number.POSITIVE_INFINITY);
  remainingMs = $derived(this.expiresAt - this.now);
  idleRemainingMs = $derived(
    this.info ? this.lastContact + this.info.idleTimeoutSeconds * 1000 - this.now : Number.POSITIVE_INFINITY,
  );
  idleWarning = $derived(this.phase.kind === 'ready' && this.idleRemainingMs < IDLE_WARNING_MS);

  /** Opens the session for `lesson` (null: blank playground), re-joining the saved one if it fits. */
  async open(lesson: string | null): Promise<void> {
    if (this.lesson === lesson && (this.phase.kind === 'ready' || this.phase.kind === 'starting')) return;
    this.stop();
    this.lesson = lesson;
    const abort = (this.abort = new AbortController());
    this.startClock();
    try {
      const saved = loadSession();
      if (saved && saved.lesson === lesson) {
        this.phase = { kind: 'starting', step: 'rejoining', since: Date.now() };
        const info = await this.rejoin(saved, abort.signal);
        if (info) return this.become(saved, info, saved.workshop ?? null);
      } else if (saved) {
        // One engine per learner: starting something else ends the old one.
        void api.endSession(saved).catch(() => {});
        forgetSession(saved.id);
      }
      await this.create(abort.signal);
    } catch (err) {
      if (!isAbort(err)) this.fail(err);
    }
  }

  /** Ends this session on the server and starts a fresh one. */
  async reset(): Promise<void> {
    const old = this.credentials;
    this.stop();
    const abort = (this.abort = new AbortController());
    this.startClock();
    this.phase = { kind: 'starting', step: 'engine', since: Date.now() };
    try {
      if (old) {
        await api.endSession(old).catch((err: unknown) => {
          // Already gone is fine; anything else (server unreachable) stops the reset.
          if (!(err instanceof ApiError && (err.status === 404 || err.status === 401 || err.status === 403))) throw err;
        });
        forgetSession(old.id);
      }
      await this.create(abort.signal);
    } catch (err) {
      if (!isAbort(err)) this.fail(err);
    }
  }

  /** After the engine stopped: start it again on the same disk (files, images and containers kept). */
  async restartEngine(): Promise<void> {
    const creds = this.credentials;
    if (!creds) return this.startNew();
    this.stop();
    const abort = (this.abort = new AbortController());
    this.startClock();
    this.phase = { kind: 'starting', step: 'engine', since: Date.now() };
    try {
      const info = await api.restartEngine(creds, abort.signal);
      this.become(creds, info, this.workshop);
    } catch (err) {
      if (!isAbort(err)) this.fail(err);
    }
  }

  /** After a problem: try again the same way (re-join if possible). */
  retry(): Promise<void> {
    const lesson = this.lesson;
    this.phase = { kind: 'idle' };
    return this.open(lesson);
  }

  /** After a problem: give up on the old session and start a new one. */
  startNew(): Promise<void> {
    if (this.credentials) forgetSession(this.credentials.id);
    this.credentials = null;
    return this.retry();
  }

  /** Stops timers and requests (leaving the page); the session itself lives on. */
  stop(): void {
    this.abort?.abort();
    this.abort = null;
    if (this.clock) clearInterval(this.clock);
    if (this.refreshSoon) clearTimeout(this.refreshSoon);
    this.clock = this.refreshSoon = null;
    this.phase = { kind: 'idle' };
  }

  /**
   * Whether the learner did something lately. Background requests (polls,
   * file checks) count as activity on the server, so they run only then.
   */
  get active(): boolean {
    return Date.now() - this.lastActivity < ACTIVE_WINDOW_MS && document.visibilityState === 'visible';
  }

  /**
   * A terminal was closed by the server. When the session ended (its
   * workshop ended, say), say so at once: while the engine is being removed,
   * asking the server can answer with passing states (stopped, 500, 503).
   */
  closedByServer(reason: string): void {
    if (this.phase.kind === 'ready' && endsSession(reason)) this.fail(new ApiError(404, 'session_ended', reason));
  }

  /** The instructor sent a message to the workshop. */
  announce(message: Broadcast): void {
    this.broadcast = message;
  }

  dismissBroadcast(): void {
    this.broadcast = null;
  }

  /** The learner typed, clicked or moved: keep polling (which keeps the session alive). */
  activity(): void {
    const wasIdle = Date.now() - this.lastActivity > ACTIVE_WINDOW_MS;
    this.lastActivity = Date.now();
    if (wasIdle || this.idleWarning) void this.refresh();
  }

  /** A command finished in a terminal: ports and status may have changed. */
  commandFinished(): void {
    this.refreshIn(250);
  }

  /** Re-reads the session; notices an ended session or a stopped engine. */
  async refresh(): Promise<void> {
    const creds = this.credentials;
    if (!creds || this.polling || (this.phase.kind !== 'ready' && this.phase.kind !== 'starting')) return;
    this.polling = true;
    this.lastPoll = Date.now();
    try {
      const info = await api.getSession(creds, this.abort?.signal);
      if (this.credentials !== creds) return;
      this.online = true;
      this.serverErrors = 0;
      this.lastContact = Date.now();
      this.info = info;
      if (info.status === 'stopped') this.fail(new ApiError(503, 'engine_stopped', 'The engine of this session has stopped.'));
    } catch (err) {
      if (isAbort(err) || this.credentials !== creds) return;
      const error = toApiError(err);
      if (error.unreachable) this.online = false;
      else if (error.status >= 500 && error.status !== 503 && ++this.serverErrors <= SERVER_ERROR_RETRIES) this.refreshIn(SERVER_ERROR_RETRY_MS);
      else this.fail(error);
    } finally {
      this.polling = false;
    }
  }

  /** Refreshes after `ms`; a later call replaces an earlier one. */
  private refreshIn(ms: number): void {
    if (this.refreshSoon) clearTimeout(this.refreshSoon);
    this.refreshSoon = setTimeout(() => {
      this.refreshSoon = null;
      void this.refresh();
    }, ms);
  }

  private async rejoin(saved: SavedSession, signal: AbortSignal): Promise<SessionInfo | null> {
    try {
      return await this.waitUntilRunning(saved, signal);
    } catch (err) {
      if (err instanceof ApiError && [401, 403, 404].includes(err.status)) {
        forgetSession(saved.id);
        // A workshop session is the learner's seat: say it ended rather than quietly start another.
        if (saved.workshop) {
          this.workshop = saved.workshop;
          throw err;
        }
        return null;
      }
      throw err;
    }
  }

  private async create(signal: AbortSignal): Promise<void> {
    this.phase = { kind: 'starting', step: 'engine', since: Date.now() };
    const created = await api.createSession(this.lesson ? { lesson: this.lesson } : {}, signal);
    saveSession({ ...created, lesson: this.lesson });
    this.phase = { kind: 'starting', step: 'workspace', since: this.phase.since };
    this.become(created, await this.waitUntilRunning(created, signal), null);
  }

  /** GETs the session until its engine runs (creation normally returns only then). */
  private async waitUntilRunning(creds: Credentials, signal: AbortSignal): Promise<SessionInfo> {
    for (;;) {
      const info = await api.getSession(creds, signal);
      if (info.status !== 'starting') return info;
      await new Promise((resolve) => setTimeout(resolve, 500));
      signal.throwIfAborted();
    }
  }

  private become(creds: Credentials, info: SessionInfo, workshop: SavedWorkshop | null): void {
    if (this.credentials?.id !== creds.id) this.broadcast = null;
    this.credentials = { id: creds.id, token: creds.token };
    this.workshop = workshop;
    this.info = info;
    this.online = true;
    this.serverErrors = 0;
    this.lastContact = this.lastActivity = this.lastPoll = Date.now();
    if (info.status === 'stopped') return this.fail(new ApiError(503, 'engine_stopped', 'The engine of this session has stopped.'));
    this.phase = { kind: 'ready' };
  }

  private startClock(): void {
    this.now = Date.now();
    this.clock = setInterval(() => this.tick(), 1000);
  }

  private tick(): void {
    this.now = Date.now();
    if (this.phase.kind !== 'ready') return;
    if (this.remainingMs <= 0) return void this.refresh();
    if (this.idleRemainingMs < -SWEEP_SLACK_MS) {
      // Past the idle limit: one check tells whether the server ended it.
      this.lastContact = this.now;
      return void this.refresh();
    }
    const due = this.now - this.lastPoll >= (this.online ? POLL_MS : OFFLINE_RETRY_MS);
    if (due && (this.active || !this.online)) void this.refresh();
  }

  private fail(err: unknown): void {
    this.now = Date.now();
    const problem = describe(toApiError(err), this.workshop !== null);
    // A stopped engine can be restarted, so only an expired session is forgotten.
    if (problem.kind === 'expired' && this.credentials) forgetSession(this.credentials.id);
    this.phase = { kind: 'problem', problem };
  }
}

function describe(error: ApiError, inWorkshop: boolean): SessionProblem {
  const base = { message: error.message, retryAt: null };
  if (error.unreachable) {
    return { ...base, kind: 'unreachable', title: 'The server cannot be reached', message: `${error.message} Dockyard will keep your session while you are away.` };
  }
  if (error.code === 'engine_stopped') {
    return { ...base, kind: 'engine_stopped', title: 'Your Docker engine stopped', message: 'The engine of this session has stopped (it may have run out of memory, or been stopped). Restart it: your files, images and containers are kept, and your terminals start afresh.' };
  }
  switch (error.status) {
    case 401:
    case 403:
    case 404:
      // The server gives the reason in its message: "This session has ended (the workshop ended)."
      if (inWorkshop && /workshop ended/.test(error.message)) {
        return {
          ...base,
          kind: 'expired',
          title: 'The workshop has ended',
          message:
            'Your instructor ended the workshop, and with it this Docker engine. Your progress stays in the workshop’s results. You can keep practising in a session of your own.',
        };
      }
      return { ...base, kind: 'expired', title: 'This session has ended' };
    case 429:
      return {
        ...base,
        kind: 'rate_limited',
        title: 'Too many new sessions',
        retryAt: Date.now() + (error.retryAfterSeconds ?? 30) * 1000,
      };
    case 503:
      return {
        ...base,
        kind: 'engine_failed',
        title: error.code === 'out_of_capacity' ? 'The playground is full right now' : 'Your Docker engine did not start',
      };
    default:
      return { ...base, kind: 'failed', title: 'Something went wrong' };
  }
}

export const session = new Session();

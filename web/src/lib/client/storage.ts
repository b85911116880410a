// What survives a reload, in localStorage: the session to re-join and, per
// session, the learner's terminal tabs and open files.
import type { Credentials } from './api';

const SESSION_KEY = 'dockyard.session';
const layoutKey = (id: string) => `dockyard.workspace.${id}`;

export interface SavedSession extends Credentials {
  expiresAt: string;
  /** The lesson the session was started for; null for the blank playground. */
  lesson: string | null;
  /** The workshop the learner joined to get this session, if any. */
  workshop?: SavedWorkshop | null;
}

export interface SavedWorkshop {
  id: string;
  title: string;
  /** The join code, so the join page can offer to resume instead of taking a second seat. */
  code: string;
}

export interface SavedWorkspace {
  terminals: string[];
  activeTerminal: string;
  openFiles: string[];
  activeFile: string | null;
}

function read<T>(key: string, valid: (v: Record<string, unknown>) => boolean): T | null {
  try {
    const raw = localStorage.getItem(key);
    if (!raw) return null;
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return null;
    return valid(value as Record<string, unknown>) ? (value as T) : null;
  } catch {
    // Storage disabled or corrupt: behave as if nothing was saved.
    return null;
  }
}

function write(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Private mode or a full quota: a reload then starts fresh, which is acceptable.
  }
}

function remove(key: string): void {
  try {
    localStorage.removeItem(key);
  } catch {
    // See write().
  }
}

export function loadSession(): SavedSession | null {
  const saved = read<SavedSession>(SESSION_KEY, (v) => typeof v.id === 'string' && typeof v.token === 'string');
  if (saved && Date.parse(saved.expiresAt) <= Date.now()) {
    forgetSession(saved.id);
    return null;
  }
  return saved;
}

export function saveSession(session: SavedSession): void {
  write(SESSION_KEY, session);
}

export function forgetSession(id?: string): void {
  const saved = read<SavedSession>(SESSION_KEY, (v) => typeof v.id === 'string');
  const gone = id ?? saved?.id;
  if (gone) remove(layoutKey(gone));
  if (!id || saved?.id === id) remove(SESSION_KEY);
}

export function loadWorkspace(id: string): SavedWorkspace | null {
  return read<SavedWorkspace>(layoutKey(id), (v) => Array.isArray(v.terminals) && Array.isArray(v.openFiles));
}

export function saveWorkspace(id: string, workspace: SavedWorkspace): void {
  write(layoutKey(id), workspace);
}

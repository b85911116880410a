// The instructor's account as state: signed in or not (the cookie is
// HttpOnly, so only the server can tell), and their workshops.
import type { CreateWorkshopRequest, Workshop } from '@dockyard/sandbox-server/protocol';
import * as api from '../api';
import { ApiError, toApiError } from '../errors';

class Instructor {
  /** null until the server answered whether the browser is signed in. */
  signedIn = $state<boolean | null>(null);
  workshops = $state<Workshop[] | null>(null);
  /** Why the workshops could not be listed, if they could not. */
  problem = $state<string | null>(null);

  /** Lists the workshops, which also tells whether the sign-in cookie is valid. */
  async load(): Promise<void> {
    try {
      this.workshops = await api.listWorkshops();
      this.signedIn = true;
      this.problem = null;
    } catch (err) {
      if (!this.signedOut(err)) this.problem = toApiError(err).message;
      this.signedIn ??= false;
    }
  }

  /** Signs in with the secret the server printed; throws with the server's reason. */
  async signIn(secret: string): Promise<void> {
    await api.signInInstructor(secret.trim());
    await this.load();
  }

  async signOut(): Promise<void> {
    await api.signOutInstructor().catch(() => {});
    this.signedIn = false;
    this.workshops = null;
  }

  async create(request: CreateWorkshopRequest): Promise<Workshop> {
    const workshop = await api.createWorkshop(request);
    this.workshops = [workshop, ...(this.workshops ?? []).filter((w) => w.id !== workshop.id)];
    return workshop;
  }

  /** True (and signed out) when the error says the secret is missing or no longer valid. */
  signedOut(err: unknown): boolean {
    if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
      this.signedIn = false;
      return true;
    }
    return false;
  }
}

export const instructor = new Instructor();

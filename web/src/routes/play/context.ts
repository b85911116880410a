// The workspace of the open session, handed to the IDE's components through Svelte context.
import { getContext, setContext } from 'svelte';
import type { Workspace } from '$lib/client/workspace.svelte';

const KEY = Symbol('workspace');

export function provideWorkspace(workspace: Workspace): void {
  setContext(KEY, workspace);
}

export function useWorkspace(): Workspace {
  const workspace = getContext<Workspace | undefined>(KEY);
  if (!workspace) throw new Error('useWorkspace() outside a <Workspace>');
  return workspace;
}

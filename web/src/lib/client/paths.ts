// Workspace paths as the files API takes them: relative, "/"-separated, "" for the root.

export function join(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}

export function parent(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** True when `path` is `dir` itself or lies inside it. */
export function within(path: string, dir: string): boolean {
  return path === dir || path.startsWith(`${dir}/`);
}

/**
 * Why a name typed by the learner cannot be used, or null if it can. A name
 * may hold "/" ("app/main.py"): the missing folders are created with it.
 */
export function invalidName(name: string): string | null {
  if (!name.trim()) return 'Type a name.';
  if (name.startsWith('/')) return 'Names are relative to the folder; leave out the leading "/".';
  if (name.includes('\0')) return 'A name cannot contain NUL.';
  const segments = name.split('/');
  if (segments.some((s) => s === '..' || s === '.')) return 'A name cannot contain "." or ".." folders.';
  if (segments.some((s) => s === '')) return 'A name cannot contain empty folder names ("//" or a trailing "/").';
  return null;
}

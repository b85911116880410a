// The session's workspace as files: list, read, write. Paths are checked here
// (relative, no "..") and again inside the engine after symlinks are resolved
// (host/engine/dockyard-fs), so no path reaches outside /workspace.
import { posix } from 'node:path';
import type { EngineProvider } from './engines/provider.js';
import { BadRequest, Conflict, NotFound, PayloadTooLarge } from './errors.js';
import type { FileEntry, FileType } from './protocol.js';

const FS_TOOL = 'dockyard-fs';
const EXIT = { outside: 2, notFound: 3, wrongType: 4, tooLarge: 5, exists: 6 } as const;
const WRONG_TYPE: Record<string, string> = {
  list: 'is not a directory',
  read: 'is not a regular file',
  'prepare-write': 'is a directory',
  mkdir: 'exists and is not a directory',
  delete: 'is the workspace itself',
  rename: 'cannot be moved there',
};
const TYPES: Record<string, FileType> = { f: 'file', d: 'dir', l: 'symlink' };

export class FilesService {
  constructor(
    private readonly engines: EngineProvider,
    private readonly maxFileBytes: number,
  ) {}

  get limit(): number {
    return this.maxFileBytes;
  }

  async list(engine: string, dir: string): Promise<FileEntry[]> {
    const path = workspacePath(dir, true);
    const out = await this.tool(engine, ['list', path], dir);
    return out
      .toString('utf8')
      .split('\0')
      .filter(Boolean)
      .map((record) => {
        const [type = '', size = '0', mtime = '0', ...name] = record.split('\t');
        return { name: name.join('\t'), type: TYPES[type] ?? 'other', size: Number(size), mtime: Math.round(Number(mtime) * 1000) };
      })
      .sort((a, b) => Number(b.type === 'dir') - Number(a.type === 'dir') || a.name.localeCompare(b.name));
  }

  async read(engine: string, file: string): Promise<Buffer> {
    return this.tool(engine, ['read', workspacePath(file), String(this.maxFileBytes)], file);
  }

  async write(engine: string, file: string, content: Buffer): Promise<void> {
    if (content.length > this.maxFileBytes) throw tooLarge(file, this.maxFileBytes);
    const path = workspacePath(file);
    const out = (await this.tool(engine, ['prepare-write', path], file)).toString('utf8').trim().split('\n');
    const mode = Number.parseInt(out[0] ?? '644', 8);
    const resolved = out[1];
    if (!resolved) throw new Error('dockyard-fs prepare-write printed no path');
    await this.engines.putFile(engine, posix.dirname(resolved), posix.basename(resolved), content, mode);
  }

  async mkdir(engine: string, dir: string): Promise<void> {
    await this.tool(engine, ['mkdir', workspacePath(dir)], dir);
  }

  /** Deletes a file or a whole directory; a symlink is removed, not what it points at. */
  async delete(engine: string, path: string): Promise<void> {
    await this.tool(engine, ['delete', workspacePath(path)], path);
  }

  async rename(engine: string, from: string, to: string): Promise<void> {
    await this.tool(engine, ['rename', workspacePath(from), workspacePath(to)], `${from} → ${to}`);
  }

  private async tool(engine: string, args: string[], shown: string): Promise<Buffer> {
    const result = await this.engines.exec(engine, [FS_TOOL, ...args]);
    switch (result.exitCode) {
      case 0:
        return result.stdout;
      case EXIT.outside:
        throw new BadRequest(`${JSON.stringify(shown)} leaves the workspace.`);
      case EXIT.notFound:
        throw new NotFound(`${JSON.stringify(shown)} does not exist in the workspace.`);
      case EXIT.wrongType:
        throw new BadRequest(`${JSON.stringify(shown)} ${WRONG_TYPE[args[0] ?? ''] ?? 'cannot be used here'}.`);
      case EXIT.exists:
        throw new Conflict(`${JSON.stringify(shown)}: the target already exists.`);
      case EXIT.tooLarge:
        throw tooLarge(shown, this.maxFileBytes);
      default:
        throw new Error(`dockyard-fs ${args[0]} exited ${result.exitCode}: ${result.stderr.toString('utf8').slice(0, 300)}`);
    }
  }
}

/**
 * Validates a learner-supplied path and returns it relative to the workspace.
 * Absolute paths and any ".." segment are refused outright, even ones that
 * would stay inside, so that what is allowed is obvious.
 */
export function workspacePath(raw: string, allowRoot = false): string {
  if (raw.includes('\0')) throw new BadRequest('Paths cannot contain NUL characters.');
  if (raw.startsWith('/')) throw new BadRequest('Paths are relative to the workspace; absolute paths are not allowed.');
  const segments = raw.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) throw new BadRequest('Paths cannot contain "..".');
  if (segments.length === 0 && !allowRoot) throw new BadRequest('A file path is needed.');
  return segments.length ? segments.join('/') : '.';
}

function tooLarge(file: string, limit: number): PayloadTooLarge {
  return new PayloadTooLarge(`${JSON.stringify(file)} is larger than the ${Math.round(limit / 1024)} KiB limit for files in the editor.`);
}

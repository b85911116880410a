// Reads the engine shell's OSC 633 reports (see host/engine/shell-integration.bash)
// out of a terminal's output stream: each finished command with its exit code and
// working directory. The sequences are removed from what the learner sees.

export interface FinishedCommand {
  line: string;
  exitCode: number;
  /** Directory the command ran in (the prompt's before it). */
  cwd: string;
}

const START = '\x1b]633;';
/** A report longer than this is not ours; pass it through rather than buffer forever. */
const MAX_SEQUENCE = 64 * 1024;

export class ShellIntegrationParser {
  private pending = '';
  private commandLine: string | null = null;
  private cwd = '';

  constructor(private readonly onCommand: (command: FinishedCommand) => void) {}

  /** Feeds terminal output; returns it with every OSC 633 sequence removed. */
  push(chunk: string): string {
    let input = this.pending + chunk;
    this.pending = '';
    let out = '';
    for (;;) {
      const start = input.indexOf(START);
      if (start === -1) {
        // Hold back a tail that might be the beginning of a sequence.
        const keep = partialPrefix(input);
        out += input.slice(0, input.length - keep);
        this.pending = input.slice(input.length - keep);
        return out;
      }
      out += input.slice(0, start);
      const body = input.slice(start + START.length);
      const end = findTerminator(body);
      if (end === null) {
        if (body.length > MAX_SEQUENCE) {
          out += input.slice(start);
          return out;
        }
        this.pending = input.slice(start);
        return out;
      }
      this.handle(body.slice(0, end.index));
      input = body.slice(end.index + end.length);
    }
  }

  private handle(payload: string): void {
    const [kind, ...rest] = payload.split(';');
    const value = rest.join(';');
    switch (kind) {
      case 'E':
        this.commandLine = unescape(value);
        break;
      case 'D':
        if (this.commandLine !== null) {
          const code = Number.parseInt(value, 10);
          this.onCommand({ line: this.commandLine, exitCode: Number.isNaN(code) ? -1 : code, cwd: this.cwd });
        }
        this.commandLine = null;
        break;
      case 'P':
        if (value.startsWith('Cwd=')) this.cwd = unescape(value.slice(4));
        break;
    }
  }
}

function findTerminator(s: string): { index: number; length: number } | null {
  const bel = s.indexOf('\x07');
  const st = s.indexOf('\x1b\\');
  if (bel === -1 && st === -1) return null;
  if (st === -1 || (bel !== -1 && bel < st)) return { index: bel, length: 1 };
  return { index: st, length: 2 };
}

/** Length of the longest suffix of s that is a proper prefix of START. */
function partialPrefix(s: string): number {
  for (let n = Math.min(START.length - 1, s.length); n > 0; n--) {
    if (START.startsWith(s.slice(s.length - n))) return n;
  }
  return 0;
}

/** Reverses the shell's escaping: `\\` and `\xHH`. */
export function unescape(s: string): string {
  return s.replace(/\\(\\|x([0-9a-fA-F]{2}))/g, (_, all: string, hex: string | undefined) =>
    hex ? String.fromCharCode(Number.parseInt(hex, 16)) : all,
  );
}

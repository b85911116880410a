// One seam over the two ways a bench reaches a shell: the server's terminal
// websocket, and a PTY of its own running the same command as the server
// (the baseline without server or websocket). Waits are event-driven, never
// polled, so they add no latency to what is being timed.
import nodePty from 'node-pty';

/** Takes keystrokes and gives back terminal output. */
export interface ShellLink {
  write(data: string): void;
  /** The last few KiB of output, whoever listened: output may arrive before a first listener. */
  readonly tail: string;
  /** Calls the listener with each chunk of output; returns a function that stops it. */
  onOutput(listener: (data: string) => void): () => void;
  close(): void;
}

/** A PTY running `command` in this process, as the server's terminals do. */
export function ptyLink(command: { file: string; args: string[] }): ShellLink {
  const pty = nodePty.spawn(command.file, command.args, {
    name: 'xterm-256color',
    cols: 80,
    rows: 24,
    env: { ...process.env, TERM: 'xterm-256color' },
  });
  let tail = '';
  pty.onData((data) => (tail = keepTail(tail, data)));
  return {
    get tail() {
      return tail;
    },
    write: (data) => pty.write(data),
    onOutput: (listener) => {
      const subscription = pty.onData(listener);
      return () => subscription.dispose();
    },
    close: () => pty.kill(),
  };
}

/**
 * Resolves once the output seen since the call satisfies `done`. Listen
 * before writing what causes the output, so none of it is missed.
 */
export function waitForOutput(link: ShellLink, what: string, done: (seen: string) => boolean, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`timed out waiting for ${what}; last output: ${JSON.stringify(seen.slice(-200))}`));
    }, timeoutMs);
    const stop = link.onOutput((data) => {
      seen = keepTail(seen, data);
      if (!done(seen)) return;
      clearTimeout(timer);
      stop();
      resolve();
    });
  });
}

/** Resolves once no output has arrived for `quietMs` (a prompt has finished drawing). */
export function waitForQuiet(link: ShellLink, quietMs: number): Promise<void> {
  return new Promise((resolve) => {
    let timer = setTimeout(done, quietMs);
    const stop = link.onOutput(() => {
      clearTimeout(timer);
      timer = setTimeout(done, quietMs);
    });
    function done(): void {
      stop();
      resolve();
    }
  });
}

/** Resolves once the shell shows its prompt (`$ ` or `# `) and stays quiet. */
export async function waitForPrompt(link: ShellLink, timeoutMs = 30_000): Promise<void> {
  const prompt = (seen: string) => /[$#] $/.test(stripEscapes(seen));
  if (!prompt(link.tail)) await waitForOutput(link, 'a prompt', prompt, timeoutMs);
  await waitForQuiet(link, 200);
}

/** A rolling tail: markers may be split between chunks, and floods are large. */
export function keepTail(tail: string, data: string): string {
  return (tail + data.slice(-4096)).slice(-4096);
}

/** Output without ANSI escape sequences, to compare against plain text. */
export function stripEscapes(text: string): string {
  return text.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>]/g, '');
}

/** Typed at the prompt; a letter the prompt (learner@dockyard:/workspace$) does not contain. */
const KEY = 'z';
/** Keys per line before Ctrl-U clears it: prompt plus line stay within 80 columns, so every echo is a plain echo, not a wrap. */
export const ECHO_LINE = 50;
const CTRL_U = '\x15';

/** Types `count` keys (at most ECHO_LINE) one at a time and times each until its echo arrives. */
export async function typeLine(link: ShellLink, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const echoed = waitForOutput(link, `the echo of key ${i + 1}`, (seen) => seen.includes(KEY), 5000);
    const started = performance.now();
    link.write(KEY);
    await echoed;
    times.push(performance.now() - started);
  }
  link.write(CTRL_U);
  await waitForQuiet(link, 100);
  return times;
}

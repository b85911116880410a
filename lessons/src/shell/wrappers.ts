// Sees through commands that run another command (sudo docker …, env X=1 docker …) to the command they run.

/** Per wrapper: its options that take a value (a separate word unless attached), so the wrapped command is found. */
const WRAPPERS: Record<string, { valueOptions: string[] }> = {
  sudo: { valueOptions: ['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-T', '-U', '--user', '--group', '--host', '--prompt', '--chdir'] },
  env: { valueOptions: ['-u', '-C', '-S', '--unset', '--chdir', '--split-string'] },
  exec: { valueOptions: ['-a'] },
  nice: { valueOptions: ['-n', '--adjustment'] },
  nohup: { valueOptions: [] },
  time: { valueOptions: ['-f', '-o', '--format', '--output'] },
  command: { valueOptions: [] },
};

/**
 * The words of the command that actually runs: `sudo -E docker ps` → `docker ps`, `env A=1 docker ps` → `docker ps`.
 * Returns undefined when nothing runs (`command -v docker` only looks the name up).
 */
export function unwrap(argv: readonly string[]): string[] | undefined {
  let words = argv.slice();
  for (;;) {
    const name = basename(words[0] ?? '');
    const wrapper = WRAPPERS[name];
    if (!wrapper) return words;
    let i = 1;
    while (i < words.length) {
      const word = words[i] ?? '';
      if (word === '--') {
        i++;
        break;
      }
      if (name === 'env' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) {
        i++;
        continue;
      }
      if (!word.startsWith('-')) break;
      if (name === 'command' && /^-[a-zA-Z]*[vV]/.test(word)) return undefined;
      i += wrapper.valueOptions.includes(word) ? 2 : 1;
    }
    words = words.slice(i);
    if (words.length === 0) return undefined;
  }
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

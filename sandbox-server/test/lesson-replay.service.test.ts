// `npm run lessons -- test` against a real engine: it passes a sound lesson
// and fails a broken one with a message naming lesson, step and check.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const cli = new URL('../dist/lessons-cli.js', import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), 'dockyard-lessons-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function lesson(id: string, steps: string): void {
  mkdirSync(join(root, id, 'steps'), { recursive: true });
  writeFileSync(join(root, id, 'steps', 'step.md'), 'Do the thing.\n');
  writeFileSync(
    join(root, id, 'lesson.yaml'),
    `id: ${id}\ntitle: ${id}\nsummary: A lesson for the harness test.\nlevel: beginner\nminutes: 1\ntags: []\nsteps:\n${steps}`,
  );
}

function runCli(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, 'test', `--dir=${root}`, ...args], { encoding: 'utf8', timeout: 300_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('lessons test', () => {
  it('passes a lesson whose checks fail before and pass after each solution', () => {
    lesson('sound', `  - id: make-volume
    title: Make a volume
    text: steps/step.md
    checks:
      - kind: volume
        name: data
        message: Create a volume called data.
      - kind: command
        command: docker volume create
        args: [data]
        message: Use docker volume create.
    solution:
      - run: docker volume create data
`);
    const { status, output } = runCli('sound');
    expect(output).toContain('ok   sound');
    expect(status).toBe(0);
  });

  it('fails a check that cannot fail, a wrong solution and a failing solution command, naming each', () => {
    lesson('broken', `  - id: always-true
    title: A check that passes on a fresh engine
    text: steps/step.md
    checks:
      - kind: file
        path: never-created.txt
        absent: true
        message: There should be no such file.
    solution:
      - run: echo nothing to do
  - id: wrong-solution
    title: A solution that does not do what the check wants
    text: steps/step.md
    checks:
      - kind: container
        image: nginx
        state: running
        message: Run nginx.
    solution:
      - run: docker run -d busybox sleep 60
  - id: failing-command
    title: A solution command that fails
    text: steps/step.md
    checks:
      - kind: image
        tag: never-built
        message: Build never-built.
    solution:
      - run: docker build -t never-built /no/such/folder
`);
    const { status, output } = runCli('broken');
    expect(status).toBe(1);
    expect(output).toContain('FAIL lesson broken, step always-true, check 1: passes before the step\'s solution, so it cannot fail (file check: "There should be no such file.")');
    expect(output).toContain('FAIL lesson broken, step wrong-solution, check 1: fails after the step\'s solution: Run nginx. (no container runs from nginx.)');
    expect(output).toMatch(/FAIL lesson broken, step failing-command: solution command `docker build -t never-built \/no\/such\/folder` exited 1/);
    expect(output).toContain('lessons test: FAILED');
  });

  it('names the file and line of a lesson that does not load, and still fails the run', () => {
    mkdirSync(join(root, 'typo'), { recursive: true });
    writeFileSync(join(root, 'typo', 'lesson.yaml'), 'id: typo\ntitle: [unclosed\n');
    const { status, output } = runCli('sound');
    expect(status).toBe(1);
    expect(output).toMatch(/typo\/lesson\.yaml:\d+:\d+: .*Flow sequence/);
    rmSync(join(root, 'typo'), { recursive: true });
  });
});

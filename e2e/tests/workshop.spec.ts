// A workshop from both sides: an instructor signs in, creates a workshop and
// shares its code; three learners join from the start page (each in a
// browser context of their own) and land in the lesson with an engine; the
// dashboard follows a learner's progress live, watches their terminal and
// files read-only, broadcasts to everyone, and ends the workshop, which ends
// every learner's session and stops their engines.
import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import { runningEngines } from './helpers/engines';
import { expectRow, terminalRows, typeInTerminal } from './helpers/terminal';

test.describe.configure({ mode: 'serial' });

const SECRET = 'e2e-instructor-secret';
const TITLE = 'E2E workshop';
const NAMES = ['Ada', 'Grace', 'Linus'] as const;

let contexts: BrowserContext[] = [];
let instructor: Page;
let learners: Page[] = [];
let code = '';
/** Each learner's session as the join answered it. */
const joined: { id: string; token: string }[] = [];

const row = (name: string) => instructor.locator(`[data-testid="learner-row"][data-name="${name}"]`);
const cell = (name: string, step: string) => row(name).locator(`[data-testid="step-cell"][data-step="${step}"]`);

const type = typeInTerminal;

async function shot(page: Page, name: string) {
  // Transitions finished: a theme switch just before must not be caught half-way.
  await page.screenshot({ path: test.info().outputPath(`workshop-${name}.png`), animations: 'disabled' });
}

test.beforeAll(async ({ browser }) => {
  contexts = await Promise.all([0, 1, 2, 3].map(() => browser.newContext()));
  const [first, ...rest] = await Promise.all(contexts.map((c) => c.newPage()));
  instructor = first!;
  learners = rest;
});

test.afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
});

test('the instructor signs in and creates a workshop', async () => {
  await instructor.goto('/instructor');
  await instructor.getByTestId('instructor-secret').fill('not-the-secret');
  await instructor.getByTestId('instructor-sign-in').click();
  await expect(instructor.getByTestId('instructor-error')).toContainText('not valid');

  await instructor.getByTestId('instructor-secret').fill(SECRET);
  await instructor.getByTestId('instructor-sign-in').click();
  await instructor.getByTestId('workshop-title').fill(TITLE);
  await instructor.locator('[data-testid="workshop-lesson"][data-lesson="hello-docker"]').check();
  await instructor.getByTestId('workshop-seats').fill('5');
  await shot(instructor, 'create');
  await instructor.getByTestId('workshop-create').click();

  await expect(instructor).toHaveURL(/\/instructor\/workshops\/[a-z0-9]+$/);
  await expect(instructor.getByRole('heading', { level: 1 })).toHaveText(TITLE);
  const display = instructor.getByTestId('join-code-display');
  code = (await display.getAttribute('data-code')) ?? '';
  expect(code).toMatch(/^[A-Z2-9]{8}$/);
  await expect(display).toContainText(code.slice(0, 4));
  await expect(display.getByTestId('join-link')).toHaveText(new RegExp(`/join/${code}$`));
  await expect(instructor.getByTestId('seats')).toHaveText('0/5');
  await expect(instructor.getByTestId('no-learners')).toBeVisible();
});

test('a wrong code says no workshop has it', async () => {
  const page = learners[0]!;
  await page.goto('/');
  await page.getByTestId('join-code').fill('ZZZZ2222');
  await page.getByTestId('join-name').fill('Nobody');
  await page.getByTestId('join-submit').click();
  await expect(page.getByTestId('join-error')).toContainText('No workshop has this code');
  await expect(page).toHaveURL(/\/$/);
  // The link the instructor shares fills the code in.
  await page.goto(`/join/${code}`);
  await expect(page.getByTestId('join-code')).toHaveValue(code);
  await expect(page.getByTestId('join-name')).toBeFocused();
});

test('three learners join from the start page and land in the lesson with a running engine', async () => {
  await Promise.all(
    learners.map(async (page, i) => {
      const created: string[] = [];
      page.on('request', (r) => {
        if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/sessions') created.push(r.url());
      });
      await page.goto('/');
      await page.getByTestId('join-code').fill(code.toLowerCase());
      await page.getByTestId('join-name').fill(NAMES[i]!);
      if (i === 0) await shot(page, 'landing-join');
      const [response] = await Promise.all([page.waitForResponse('**/api/workshops/join'), page.getByTestId('join-submit').click()]);
      expect(response.status()).toBe(201);
      const body = (await response.json()) as { session: { id: string; token: string } };
      joined[i] = body.session;

      await expect(page).toHaveURL(/\/lessons\/hello-docker$/);
      await expect(page.getByTestId('session-status')).toContainText('running');
      await expect(page.getByTestId('connection-status')).toContainText('connected');
      await expect(page.getByTestId('workshop-name')).toHaveText(TITLE);
      // The IDE re-joined the workshop's session rather than starting one of its own.
      const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('dockyard.session') ?? '{}') as { id?: string });
      expect(saved.id).toBe(body.session.id);
      expect(created).toEqual([]);
    }),
  );
  // Joining sends no event: the dashboard's poll brings the learners in.
  await expect(instructor.getByTestId('learner-row')).toHaveCount(3);
  await expect(instructor.getByTestId('seats')).toHaveText('3/5');
  for (const name of NAMES) await expect(cell(name, 'first-run')).toHaveAttribute('data-state', 'current');
});

test("a learner's first step turns done on the dashboard by itself", async () => {
  const ada = learners[0]!;
  await type(ada, 'docker run busybox echo hello');
  await expectRow(terminalRows(ada), 'hello');
  // Within a few seconds of the check, through the event stream (the poll alone would take 10 s).
  await expect(cell('Ada', 'first-run')).toHaveAttribute('data-state', 'done', { timeout: 8_000 });
  await expect(cell('Ada', 'web-server')).toHaveAttribute('data-state', 'current');
  await expect(cell('Grace', 'first-run')).toHaveAttribute('data-state', 'current');
  await expect(row('Ada')).toContainText('1/4');
});

test("the instructor watches a learner's terminal and files, read-only", async () => {
  const ada = learners[0]!;
  const adaRows = terminalRows(ada);
  await row('Ada').getByTestId('learner-open').click();
  const panel = instructor.getByTestId('learner-panel');
  await expect(panel.getByRole('heading', { name: 'Ada' })).toBeVisible();
  const watched = panel.getByTestId('learner-terminal');
  await expect(watched).toHaveAttribute('data-status', 'connected');
  const watchedRows = watched.locator('.xterm-rows');
  // The screen so far is replayed, then output arrives as the learner types.
  await expectRow(watchedRows, 'hello');
  await type(ada, 'echo watched-by-$((6*7))');
  await expectRow(watchedRows, 'watched-by-42');

  // Typing into the watched terminal reaches nobody's shell.
  await watched.locator('.xterm').click();
  await instructor.keyboard.type('echo typed-by-instructor');
  await instructor.keyboard.press('Enter');
  await type(ada, 'echo ada-again');
  await expectRow(adaRows, 'ada-again');
  await expect(adaRows).not.toContainText('typed-by-instructor');

  // Files: the lesson's starter file, and one the learner writes now (the tree follows their commands).
  const files = panel.getByTestId('learner-files');
  await files.locator('[data-testid="learner-file"][data-path="index.html"]').click();
  await expect(files.getByTestId('learner-file-content')).toContainText('<');
  await type(ada, 'echo note-from-ada > notes.txt');
  await files.locator('[data-testid="learner-file"][data-path="notes.txt"]').click();
  await expect(files.getByTestId('learner-file-content')).toHaveText(/^note-from-ada\s*$/);
  await shot(instructor, 'dashboard');
  await instructor.emulateMedia({ colorScheme: 'dark' });
  await shot(instructor, 'dashboard-dark');
  await instructor.emulateMedia({ colorScheme: 'light' });
});

test('a broadcast reaches every learner', async () => {
  await instructor.getByTestId('broadcast-message').fill('Ten minutes left');
  await instructor.getByTestId('broadcast-send').click();
  await expect(instructor.getByTestId('broadcast-sent')).toContainText('Ten minutes left');
  for (const page of learners) await expect(page.getByTestId('broadcast')).toContainText('Ten minutes left');
  await shot(learners[0]!, 'learner-broadcast');
  // Dismissed by one learner, still there for the others.
  await learners[1]!.getByTestId('dismiss-broadcast').click();
  await expect(learners[1]!.getByTestId('broadcast')).toHaveCount(0);
  await expect(learners[2]!.getByTestId('broadcast')).toBeVisible();
});

test('the results download as CSV and JSON', async () => {
  const csvHref = await instructor.getByTestId('export-csv').getAttribute('href');
  const jsonHref = await instructor.getByTestId('export-json').getAttribute('href');
  // The instructor's cookie authorizes the links.
  const csv = await instructor.request.get(csvHref!);
  expect(csv.status()).toBe(200);
  const text = await csv.text();
  expect(text.split('\n')[0]).toContain('step');
  expect(text).toMatch(/Ada.*first-run.*true/);
  const json = await instructor.request.get(jsonHref!);
  expect(json.status()).toBe(200);
  expect(((await json.json()) as { learners: unknown[] }).learners).toHaveLength(3);
});

test('ending the workshop ends every learner session and stops their engines', async () => {
  const sessions = joined.map((s) => s.id);
  expect(await runningEngines(sessions)).toEqual(sessions);

  await instructor.getByTestId('end-workshop').click();
  await expect(instructor.getByTestId('confirm-dialog')).toContainText('End this workshop?');
  await instructor.getByTestId('confirm-end').click();
  await expect(instructor.getByTestId('workshop-state')).toHaveText('Ended');
  await expect(instructor.getByTestId('time-left')).toHaveText('Ended');
  await expect(instructor.getByTestId('broadcast-message')).toBeDisabled();
  await expect(instructor.getByTestId('learner-panel')).toContainText('session has ended');
  await expect(row('Ada')).toContainText('session ended');

  for (const page of learners) {
    const problem = page.getByTestId('session-problem');
    await expect(problem).toHaveAttribute('data-problem', 'expired');
    await expect(problem).toContainText('The workshop has ended');
    await expect(page.getByTestId('session-status')).toContainText('Session ended');
  }
  await shot(learners[0]!, 'learner-ended');
  await shot(instructor, 'dashboard-ended');

  // The API agrees, and no engine of theirs runs any more.
  for (const [i, page] of learners.entries()) {
    const res = await page.request.get(`/api/sessions/${joined[i]!.id}`, { headers: { authorization: `Bearer ${joined[i]!.token}` } });
    expect(res.status()).toBe(404);
  }
  await expect.poll(() => runningEngines(sessions), { timeout: 30_000 }).toEqual([]);
});

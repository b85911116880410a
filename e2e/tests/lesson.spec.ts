// A learner takes the sample lesson hello-docker through the lesson panel:
// steps turn green by themselves as the engine's state meets their checks,
// with hints, a failing check's message and a solution along the way, and
// progress that survives a reload.
import { expect, type Page, test } from '@playwright/test';
import { expectRow as expectRowIn, terminalRows, typeInTerminal } from './helpers/terminal';

test.describe.configure({ mode: 'serial' });

let page: Page;

const panel = () => page.getByTestId('lesson-panel');
const step = (id: string) => panel().locator(`[data-testid="lesson-step"][data-step="${id}"]`);
const expectRow = (text: string) => expectRowIn(terminalRows(page), text);
const type = (line: string) => typeInTerminal(page, line);

async function shot(name: string) {
  await page.screenshot({ path: test.info().outputPath(`lesson-${name}.png`) });
}

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
});

test.afterAll(async () => {
  await page.close();
});

test('the lesson card opens the lesson beside a running engine', async () => {
  await page.goto('/');
  await page.locator('[data-testid="lesson-card"][data-lesson="hello-docker"]').getByRole('link').click();
  await expect(page).toHaveURL(/\/lessons\/hello-docker$/);
  await expect(page.getByTestId('session-status')).toContainText('running');
  await expect(page.getByTestId('connection-status')).toContainText('connected');
  await expect(panel().getByRole('heading', { level: 1 })).toHaveText('Hello, Docker');
  await expect(panel().getByTestId('lesson-step')).toHaveCount(4);
  await expect(step('first-run')).toHaveAttribute('data-state', 'current');
  await expect(step('web-server')).toHaveAttribute('data-state', 'todo');
  await expect(panel().getByTestId('step-body')).toContainText('Run a tiny Linux userland');
  // Arriving at a step is no failure: no red before the learner tried anything.
  await expect(panel().getByTestId('check-message')).toHaveCount(0);
});

test('hints come one at a time', async () => {
  await panel().getByTestId('hint-button').click();
  await expect(panel().getByTestId('hint')).toHaveCount(1);
  await expect(panel().getByTestId('hint').first()).toContainText('docker run');
  await panel().getByTestId('hint-button').click();
  await expect(panel().getByTestId('hint')).toHaveCount(2);
  await expect(panel().getByTestId('hint').nth(1)).toContainText('docker run busybox echo hello');
  // All hints shown: no button for more.
  await expect(panel().getByTestId('hint-button')).toHaveCount(0);
  await shot('hints');
});

test('step 1 turns done by itself after the command runs', async () => {
  await type('docker run busybox echo hello');
  await expectRow('hello');
  await expect(step('first-run')).toHaveAttribute('data-state', 'done');
  await expect(step('web-server')).toHaveAttribute('data-state', 'current');
  await expect(panel().getByTestId('step-done')).toBeVisible();
  await shot('step1-done');
});

test('step 2: the run button of a code block types it into the terminal', async () => {
  await panel().getByTestId('next-step').click();
  await expect(panel().getByTestId('step-body')).toContainText('Start nginx');
  await expect(panel().getByTestId('step-done')).toHaveCount(0);
  await panel().locator('[data-testid="run-code"][data-command="docker run -d -p 8080:80 nginx"]').click();
  await expect(step('web-server')).toHaveAttribute('data-state', 'done');
  await expect(panel().getByTestId('step-done')).toBeVisible();
});

test('step 3: a wrong attempt says what is off, the solution shows, the Dockerfile passes', async () => {
  await panel().getByTestId('next-step').click();
  await expect(panel().getByTestId('step-body')).toContainText('Dockerfile');
  await expect(panel().getByTestId('check-message')).toHaveCount(0);

  // Checking before writing the file: the check's own message, with its diagnosis.
  await panel().getByTestId('check-button').click();
  const message = panel().getByTestId('check-message');
  await expect(message).toHaveCount(1);
  await expect(message).toContainText('Write a Dockerfile in your workspace');
  await expect(message).toContainText('(there is no file Dockerfile');
  await expect(step('dockerfile')).toHaveAttribute('data-state', 'current');
  await shot('check-failing');

  await panel().getByTestId('solution-button').click();
  const solution = panel().getByTestId('solution');
  await expect(solution).toContainText('COPY index.html /usr/share/nginx/html/');
  await expect(solution.getByTestId('solution-write')).toHaveAttribute('data-path', 'Dockerfile');
  // Revealed where the learner is looking.
  await expect(solution.getByTestId('solution-write')).toBeInViewport();
  await shot('solution');

  // Written by hand in the editor, as the step asks.
  await page.getByTestId('new-file').click();
  await page.getByTestId('new-file-input').fill('Dockerfile');
  await page.getByTestId('new-file-input').press('Enter');
  await expect(page.locator('[data-testid="editor-tab"][data-path="Dockerfile"] [role="tab"]')).toHaveAttribute('aria-selected', 'true');
  const lines = page.getByTestId('editor').locator('.view-lines');
  await expect(lines).toHaveText('');
  await lines.click();
  for (const line of ['FROM nginx', 'COPY index.html /usr/share/nginx/html/']) {
    await page.keyboard.type(line);
    await expect(lines).toContainText(line);
    // Enter would accept an open suggestion instead of ending the line.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
  }
  await page.keyboard.press('ControlOrMeta+s');
  await expect(step('dockerfile')).toHaveAttribute('data-state', 'done');
  await expect(panel().getByTestId('check-message')).toHaveCount(0);
  await expect(panel().getByTestId('step-done')).toBeVisible();
  await shot('step3-done');

  // The solution's file can be written too; over an existing file only after asking.
  await solution.getByTestId('solution-write').click();
  await expect(page.getByTestId('confirm-dialog')).toContainText('Replace Dockerfile?');
  await page.getByTestId('confirm-replace').click();
  await expect(solution.getByTestId('solution-write')).toContainText('Written');
  await expect(lines).toContainText('COPY index.html /usr/share/nginx/html/');
  await expect(page.getByTestId('dirty')).toHaveCount(0);
});

test('step 4: build and run the image, and the lesson is complete', async () => {
  await panel().getByTestId('next-step').click();
  await expect(panel().getByTestId('step-body')).toContainText('docker build -t my-site .');

  await type('docker build -t my-site .');
  // The build alone passes the image check; the container checks still say what is missing.
  await expect(panel().getByTestId('check-passed')).toHaveCount(1, { timeout: 60_000 });
  await expect(panel().getByTestId('check-message').first()).toContainText('my-site');
  await expect(step('build-and-run')).toHaveAttribute('data-state', 'current');
  await shot('step4-partial');

  await type('docker run -d -p 8081:80 my-site');
  await expect(step('build-and-run')).toHaveAttribute('data-state', 'done');
  await expect(panel().getByTestId('lesson-complete')).toBeVisible();
  for (const id of ['first-run', 'web-server', 'dockerfile', 'build-and-run']) await expect(step(id)).toHaveAttribute('data-state', 'done');
  await shot('complete');
});

test('progress survives a reload', async () => {
  await page.reload();
  await expect(page.getByTestId('session-status')).toContainText('running');
  for (const id of ['first-run', 'web-server', 'dockerfile', 'build-and-run']) await expect(step(id)).toHaveAttribute('data-state', 'done');
  await expect(panel().getByTestId('lesson-complete')).toBeVisible();
  await shot('after-reload');
});

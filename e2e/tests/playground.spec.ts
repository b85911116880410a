// The blank playground as a learner uses it: terminal, editor, build,
// published port and preview, a reload that keeps everything, and an engine
// that stops and is restarted.
import { expect, type Page, test } from '@playwright/test';
import { stopEngine } from './helpers/engines';
import { expectRow as expectRowIn, terminalRows } from './helpers/terminal';

test.describe.configure({ mode: 'serial' });

let page: Page;

const expectRow = (text: string) => expectRowIn(terminalRows(page), text);

/** Creates a file with the file tree's inline input and waits until the editor shows it. */
async function newFile(path: string) {
  await page.getByTestId('new-file').click();
  await page.getByTestId('new-file-input').fill(path);
  await page.getByTestId('new-file-input').press('Enter');
  const tab = page.locator(`[data-testid="editor-tab"][data-path="${path}"] [role="tab"]`);
  await expect(tab).toHaveAttribute('aria-selected', 'true');
  const editor = page.getByTestId('editor').locator('.monaco-editor');
  await expect(editor.locator('.view-lines')).toHaveText('');
  await editor.locator('.view-lines').click();
  return editor;
}

/** Types a command line into the terminal and waits for an output row that is exactly `output`. */
async function run(line: string, output: string) {
  await page.getByTestId('terminal').click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  await expectRow(output);
}

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
});

test.afterAll(async () => {
  await page.close();
});

test('a blank playground gives a shell in a real engine', async () => {
  await page.goto('/');
  await page.getByTestId('start-blank').click();
  await expect(page.getByTestId('session-status')).toContainText('running');
  await expect(page.getByTestId('connection-status')).toContainText('connected');
  await run('docker run --rm busybox echo hello-e2e', 'hello-e2e');
  await page.screenshot({ path: test.info().outputPath('ide-terminal.png') });
});

test('a Dockerfile written in the editor builds in the terminal', async () => {
  const editor = await newFile('Dockerfile');
  await page.keyboard.type('FROM busybox\nRUN echo built-in-e2e > /msg\nCMD ["cat", "/msg"]\n');
  await expect(page.getByTestId('dirty')).toBeVisible();
  await expect(editor.locator('.view-lines')).toContainText('RUN echo built-in-e2e');
  await page.keyboard.press('ControlOrMeta+s');
  await expect(page.getByTestId('dirty')).toHaveCount(0);
  await run('docker build -t demo . && docker run --rm demo', 'built-in-e2e');
  await page.screenshot({ path: test.info().outputPath('ide-build.png') });
});

test('a Dockerfile with an unknown instruction shows a diagnostic', async () => {
  const editor = await newFile('broken/Dockerfile');
  // A valid file first: no error marker.
  await page.keyboard.type('FROM busybox\n');
  await expect(editor.locator('.view-lines')).toContainText('FROM busybox');
  await expect(editor.locator('.squiggly-error')).toHaveCount(0);
  // Then an unknown instruction: a marker appears.
  await page.keyboard.type('FORM busybox\n');
  await expect(editor.locator('.view-lines')).toContainText('FORM busybox');
  await expect(editor.locator('.squiggly-error').first()).toBeVisible();
  await page.keyboard.press('ControlOrMeta+s');
  await page.screenshot({ path: test.info().outputPath('ide-diagnostic.png') });
});

test('a published port shows in the ports panel and opens a preview', async () => {
  await run('docker run -d -p 8080:80 nginx && echo nginx-started', 'nginx-started');
  const link = page.getByTestId('ports').locator('[data-testid="port-link"][data-port="8080"]');
  await expect(link).toBeVisible();
  const [preview] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
  await expect(preview.locator('h1')).toHaveText('Welcome to nginx!');
  await preview.screenshot({ path: test.info().outputPath('preview.png') });
  await preview.close();
});

test('a reload brings back the same shell with its output', async () => {
  await page.reload();
  await expect(page.getByTestId('connection-status')).toContainText('connected');
  // The replayed screen: the last output before the reload (older lines are in the scrollback).
  await expectRow('nginx-started');
  await run('echo after-reload-$((6*7))', 'after-reload-42');
  await page.screenshot({ path: test.info().outputPath('ide-after-reload.png') });
});

test('a stopped engine says so, and restarts with the files and images kept', async () => {
  const { id } = (await page.evaluate(() => JSON.parse(localStorage.getItem('dockyard.session') ?? '{}'))) as { id: string };
  await stopEngine(id);
  const problem = page.getByTestId('session-problem');
  await expect(problem).toHaveAttribute('data-problem', 'engine_stopped', { timeout: 15_000 });
  await page.screenshot({ path: test.info().outputPath('engine-stopped.png') });
  await page.getByTestId('restart-engine').click();
  await expect(page.getByTestId('session-status')).toContainText('running', { timeout: 60_000 });
  await expect(page.getByTestId('connection-status')).toContainText('connected');
  await run('test -f Dockerfile && docker image inspect demo >/dev/null && echo kept-$((6*7))', 'kept-42');
  await page.screenshot({ path: test.info().outputPath('engine-restarted.png') });
});

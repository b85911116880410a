// Lessons of the curriculum walked through the UI as a learner would: each
// step's solution typed into the terminal or written in the editor, and each
// step turning green by itself (nobody presses "check").
import { fileURLToPath } from 'node:url';
import { loadLessons, type SolutionAction } from '@dockyard/lessons';
import { type Browser, expect, type Page, test } from '@playwright/test';

const { lessons } = loadLessons(fileURLToPath(new URL('../../lessons', import.meta.url)));

async function walk(browser: Browser, id: string) {
  const lesson = lessons.find((l) => l.id === id);
  if (!lesson) throw new Error(`no lesson ${id}`);
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto('/');
    await page.locator(`[data-testid="lesson-card"][data-lesson="${id}"]`).getByRole('link').click();
    await expect(page.getByTestId('connection-status')).toContainText('connected');
    for (const step of lesson.steps) {
      const row = page.getByTestId('lesson-panel').locator(`[data-testid="lesson-step"][data-step="${step.id}"]`);
      await expect(row, `step ${step.id} before its solution`).not.toHaveAttribute('data-state', 'done');
      for (const action of step.solution) await apply(page, action);
      await expect(row, `step ${step.id} after its solution`).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
    }
    await expect(page.getByTestId('lesson-complete')).toBeVisible();
    await page.screenshot({ path: test.info().outputPath(`${id}-complete.png`) });
    // Back on the start page, in the same browser: the lesson shows as finished.
    await page.goto('/');
    await expect(page.locator(`[data-testid="lesson-card"][data-lesson="${id}"]`).getByTestId('lesson-progress')).toHaveText(/Completed/);
  } finally {
    await context.close();
  }
}

/** One solution action through the UI: a command in the terminal, a file in the editor. */
async function apply(page: Page, action: SolutionAction) {
  if ('run' in action) {
    await page.getByTestId('terminal').click();
    await page.keyboard.type(action.run);
    await page.keyboard.press('Enter');
    return;
  }
  const existing = page.locator(`[data-testid="file-row"][data-path="${action.file}"]`);
  if (await existing.count()) await existing.click();
  else {
    await page.getByTestId('new-file').click();
    await page.getByTestId('new-file-input').fill(action.file);
    await page.getByTestId('new-file-input').press('Enter');
  }
  await expect(page.locator(`[data-testid="editor-tab"][data-path="${action.file}"] [role="tab"]`)).toHaveAttribute('aria-selected', 'true');
  const editor = page.getByTestId('editor').locator('.monaco-editor');
  await editor.locator('.view-lines').click();
  await page.keyboard.press('ControlOrMeta+a');
  // As a paste: typing would trigger the editor's auto-closing of brackets and quotes.
  await page.keyboard.insertText(action.content);
  await page.keyboard.press('ControlOrMeta+s');
  await expect(page.getByTestId('dirty')).toHaveCount(0);
}

test('lesson 1, first container, walked through the UI', async ({ browser }) => {
  test.setTimeout(300_000);
  await walk(browser, 'first-container');
});

test('lesson 5, first Dockerfile, walked through the UI', async ({ browser }) => {
  test.setTimeout(300_000);
  await walk(browser, 'first-dockerfile');
});


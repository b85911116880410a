// Reading and typing in a terminal pane, as a learner or an instructor sees it.
import { expect, type Locator, type Page } from '@playwright/test';

/** The rows xterm renders for the page's (learner's) terminal. */
export function terminalRows(page: Page): Locator {
  return page.getByTestId('terminal').locator('.xterm-rows');
}

/** Waits for a row that is exactly `text`: the output line, not the echoed command. */
export async function expectRow(rows: Locator, text: string): Promise<void> {
  await expect(rows.locator(':scope > div').filter({ hasText: new RegExp(`^\\s*${text}\\s*$`) }).first()).toBeVisible();
}

/** Types a command line into the page's terminal, as a learner would, and presses Enter. */
export async function typeInTerminal(page: Page, line: string): Promise<void> {
  await page.getByTestId('terminal').click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

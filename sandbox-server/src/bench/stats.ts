// Figures for the benchmarks: percentiles and a small aligned table, so every
// bench prints alike and a reader compares rows at a glance.

/** The p-th percentile by the nearest-rank method (NaN for no values). */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** Milliseconds with a precision that suits their size: 0.42, 4.2, 42. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return '-';
  return value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0);
}

export function mib(bytes: number): string {
  return (bytes / 1024 ** 2).toFixed(1);
}

/** Prints a title, a header and rows: the first column left-aligned, the rest right-aligned. */
export function printTable(title: string, header: string[], rows: string[][], notes: string[] = []): void {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ').trimEnd();
  console.log(`\n${title}`);
  for (const row of all) console.log(line(row));
  for (const note of notes) console.log(note);
}

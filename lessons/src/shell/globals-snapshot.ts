// Remembers the two globals that mvdan-sh's GopherJS runtime overwrites when it loads, so mvdan.ts can put them back.
// It must be imported before mvdan-sh: ES modules evaluate their imports in order.

type StackLimit = { stackTraceLimit?: number };
type MaybeRequire = { require?: unknown };

const stackTraceLimit = (Error as StackLimit).stackTraceLimit;
const hadRequire = Object.hasOwn(globalThis, 'require');

/** Undoes GopherJS's `Error.stackTraceLimit = Infinity` (every Error would capture its whole stack) and its `global.require`. */
export function restoreGlobals(): void {
  (Error as StackLimit).stackTraceLimit = stackTraceLimit;
  if (!hadRequire) delete (globalThis as MaybeRequire).require;
}

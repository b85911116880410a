// dockerfile-ast (under dockerfile-utils) calls Node's Buffer.from(text, 'UTF-8')
// to spot a byte-order mark; the browser has no Buffer, so give it that one call.
const scope = globalThis as { Buffer?: unknown };
scope.Buffer ??= {
  from(text: string): Uint8Array {
    return new TextEncoder().encode(text);
  },
};

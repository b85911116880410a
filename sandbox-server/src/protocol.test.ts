import { describe, expect, it } from 'vitest';
import { parseTerminalClientMessage } from './protocol.js';

describe('parseTerminalClientMessage', () => {
  it('accepts the three client messages', () => {
    expect(parseTerminalClientMessage('{"type":"input","data":"ls\\r"}')).toEqual({ type: 'input', data: 'ls\r' });
    expect(parseTerminalClientMessage('{"type":"resize","cols":120,"rows":40}')).toEqual({ type: 'resize', cols: 120, rows: 40 });
    expect(parseTerminalClientMessage('{"type":"ack","bytes":4096}')).toEqual({ type: 'ack', bytes: 4096 });
  });

  it.each([
    ['not json', /not JSON/],
    ['[1]', /unknown message type/],
    ['null', /must be an object/],
    ['{"type":"launch"}', /unknown message type "launch"/],
    ['{"type":"input","data":42}', /data must be a string/],
    ['{"type":"resize","cols":0,"rows":24}', /cols out of range/],
    ['{"type":"resize","cols":80,"rows":1e9}', /rows out of range/],
    ['{"type":"resize","cols":80.5,"rows":24}', /cols out of range/],
    ['{"type":"ack","bytes":-1}', /non-negative/],
  ])('refuses %s', (raw, error) => {
    const parsed = parseTerminalClientMessage(raw);
    expect(typeof parsed).toBe('string');
    expect(parsed).toMatch(error);
  });

  it('refuses input larger than a big paste', () => {
    expect(parseTerminalClientMessage(JSON.stringify({ type: 'input', data: 'x'.repeat(70_000) }))).toMatch(/too large/);
  });
});

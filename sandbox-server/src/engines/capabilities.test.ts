import { describe, expect, it } from 'vitest';
import { boundingSet, capabilitiesFromMask, engineCapabilities } from './capabilities.js';

describe('capabilities', () => {
  it('decodes a mask without CAP_SYS_RESOURCE, as on hosts that refuse --privileged', () => {
    const caps = capabilitiesFromMask('000001fffeffffff');
    expect(caps).toContain('SYS_ADMIN');
    expect(caps).toContain('NET_ADMIN');
    expect(caps).not.toContain('SYS_RESOURCE');
    expect(caps).toHaveLength(40);
  });

  it('reads CapBnd from a status file', () => {
    expect(boundingSet('Name:\tnode\nCapBnd:\t0000000000000005\n')).toEqual(['CHOWN', 'DAC_READ_SEARCH']);
    expect(() => boundingSet('Name:\tnode\n')).toThrow(/CapBnd/);
  });

  it('grants the bounding set less the deny list, in any spelling', () => {
    expect(engineCapabilities(['SYS_ADMIN', 'SYS_MODULE', 'NET_ADMIN'], ['cap_sys_module'])).toEqual(['SYS_ADMIN', 'NET_ADMIN']);
  });
});

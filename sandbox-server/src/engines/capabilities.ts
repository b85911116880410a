// What an engine may be granted when `--privileged` is refused: the
// capabilities this server process itself holds, less a deny list.
import { readFileSync } from 'node:fs';

// Bit positions from linux/capability.h.
const NAMES = [
  'CHOWN', 'DAC_OVERRIDE', 'DAC_READ_SEARCH', 'FOWNER', 'FSETID', 'KILL', 'SETGID', 'SETUID',
  'SETPCAP', 'LINUX_IMMUTABLE', 'NET_BIND_SERVICE', 'NET_BROADCAST', 'NET_ADMIN', 'NET_RAW',
  'IPC_LOCK', 'IPC_OWNER', 'SYS_MODULE', 'SYS_RAWIO', 'SYS_CHROOT', 'SYS_PTRACE', 'SYS_PACCT',
  'SYS_ADMIN', 'SYS_BOOT', 'SYS_NICE', 'SYS_RESOURCE', 'SYS_TIME', 'SYS_TTY_CONFIG', 'MKNOD',
  'LEASE', 'AUDIT_WRITE', 'AUDIT_CONTROL', 'SETFCAP', 'MAC_OVERRIDE', 'MAC_ADMIN', 'SYSLOG',
  'WAKE_ALARM', 'BLOCK_SUSPEND', 'AUDIT_READ', 'PERFMON', 'BPF', 'CHECKPOINT_RESTORE',
];

/** Capability names set in a /proc/<pid>/status mask such as CapBnd. */
export function capabilitiesFromMask(hexMask: string): string[] {
  const mask = BigInt(`0x${hexMask}`);
  return NAMES.filter((_, bit) => (mask >> BigInt(bit)) & 1n);
}

export function boundingSet(status = readFileSync('/proc/self/status', 'utf8')): string[] {
  const match = /^CapBnd:\s*([0-9a-f]+)$/m.exec(status);
  if (!match?.[1]) throw new Error('cannot read CapBnd from /proc/self/status');
  return capabilitiesFromMask(match[1]);
}

export function engineCapabilities(bounding: string[], deny: string[]): string[] {
  const denied = new Set(deny.map((c) => c.toUpperCase().replace(/^CAP_/, '')));
  return bounding.filter((c) => !denied.has(c));
}

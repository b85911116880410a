// Carves one small subnet per engine network out of a configured pool, so
// hundreds of sessions fit (Docker's default pools hold about thirty) and no
// engine network overlaps the 172.17/16 bridge each inner engine creates.

export interface Subnet {
  cidr: string;
  gateway: string;
}

export class SubnetPool {
  private readonly base: number;
  private readonly count: number;
  private readonly size: number;
  /** Subnets handed out but not yet visible in Docker's network list. */
  private readonly pending = new Set<string>();

  constructor(pool: string, private readonly prefix: number) {
    const [addr, bitsText] = pool.split('/');
    const bits = Number(bitsText);
    if (!addr || !Number.isInteger(bits) || bits < 8 || bits > prefix || prefix > 30) {
      throw new Error(`bad subnet pool ${pool} for /${prefix} subnets`);
    }
    this.base = (toInt(addr) & mask(bits)) >>> 0;
    this.size = 2 ** (32 - prefix);
    this.count = 2 ** (prefix - bits);
  }

  allocate(taken: Set<string>): Subnet {
    for (let i = 0; i < this.count; i++) {
      const start = this.base + i * this.size;
      const cidr = `${toDotted(start)}/${this.prefix}`;
      if (taken.has(cidr) || this.pending.has(cidr)) continue;
      this.pending.add(cidr);
      return { cidr, gateway: toDotted(start + 1) };
    }
    throw new Error('subnet pool exhausted');
  }

  release(cidr: string): void {
    this.pending.delete(cidr);
  }
}

function toInt(dotted: string): number {
  const parts = dotted.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`bad address ${dotted}`);
  return parts.reduce((acc, p) => acc * 256 + p, 0);
}

function toDotted(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

function mask(bits: number): number {
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}

// Whether the registry mirror answers, asked every few seconds, so a learner
// whose pull fails is told why instead of reading a DNS error about Docker Hub.
export class RegistryWatch {
  up = true;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly url: string,
    private readonly intervalMs = 5000,
  ) {}

  start(): void {
    void this.probe();
    this.timer = setInterval(() => void this.probe(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async probe(): Promise<boolean> {
    try {
      const res = await fetch(this.url, { signal: AbortSignal.timeout(3000) });
      this.up = res.ok;
    } catch {
      this.up = false;
    }
    return this.up;
  }
}

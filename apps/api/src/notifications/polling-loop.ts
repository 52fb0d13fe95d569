import { Logger } from '@nestjs/common';

/**
 * A background loop: runs `step` until it reports no more work, then sleeps `pollMs` or until
 * woken (a NOTIFY, a local write). Errors are logged and retried after the pause.
 */
export class PollingLoop {
  private stopped = false;
  private running: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private woken = false;

  constructor(
    private readonly name: string,
    private readonly pollMs: number,
    private readonly step: () => Promise<number>,
  ) {}

  start(): void {
    this.running ??= this.run();
  }

  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.running;
  }

  private async run(): Promise<void> {
    const logger = new Logger(this.name);
    while (!this.stopped) {
      this.woken = false;
      try {
        if ((await this.step()) > 0) continue;
      } catch (error) {
        if (!this.stopped) logger.warn(`${error instanceof Error ? error.message : String(error)}; retrying`);
      }
      if (this.woken || this.stopped) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.pollMs);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = null;
    }
  }
}

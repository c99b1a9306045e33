// Process memory over the run: RSS at the start and end of the load, its peak, and the heap after a full
// garbage collection at both ends (what is really retained, without the garbage RSS still holds).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface MemoryFigures {
  readonly rssStartMb: number;
  readonly rssEndMb: number;
  readonly rssPeakMb: number;
  readonly heapAfterGcStartMb: number;
  readonly heapAfterGcEndMb: number;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** A full collection, available without starting Node with --expose-gc. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

export class MemorySampler {
  private rssStart = 0;
  private heapStart = 0;
  private peak = 0;
  private timer?: NodeJS.Timeout;

  start(): void {
    collectGarbage();
    const usage = process.memoryUsage();
    this.rssStart = usage.rss;
    this.heapStart = usage.heapUsed;
    this.peak = usage.rss;
    this.timer = setInterval(() => {
      this.peak = Math.max(this.peak, process.memoryUsage.rss());
    }, 500);
  }

  stop(): MemoryFigures {
    clearInterval(this.timer);
    const rssEnd = process.memoryUsage.rss();
    collectGarbage();
    return {
      rssStartMb: mb(this.rssStart),
      rssEndMb: mb(rssEnd),
      rssPeakMb: mb(Math.max(this.peak, rssEnd)),
      heapAfterGcStartMb: mb(this.heapStart),
      heapAfterGcEndMb: mb(process.memoryUsage().heapUsed),
    };
  }
}

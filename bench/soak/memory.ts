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
  /** RSS every few seconds of the load, to tell a plateau from a climb. */
  readonly rssTimelineMb: readonly number[];
  /** process.memoryUsage() at both ends (MB, before the collection), to see where RSS went. */
  readonly usageStartMb: Record<string, number>;
  readonly usageEndMb: Record<string, number>;
}

const TIMELINE_EVERY_MS = 5000;
/** Bounds the timeline whatever the duration (an hour at one sample per 5 s). */
const MAX_TIMELINE_SAMPLES = 720;

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

const inMb = (usage: NodeJS.MemoryUsage): Record<string, number> =>
  Object.fromEntries(Object.entries(usage).map(([name, bytes]) => [name, mb(bytes)]));

/** A full collection, available without starting Node with --expose-gc. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

export class MemorySampler {
  private rssStart = 0;
  private heapStart = 0;
  private usageStart: Record<string, number> = {};
  private peak = 0;
  private readonly timeline: number[] = [];
  private timer?: NodeJS.Timeout;
  private timelineTimer?: NodeJS.Timeout;

  start(): void {
    collectGarbage();
    const usage = process.memoryUsage();
    this.usageStart = inMb(usage);
    this.rssStart = usage.rss;
    this.heapStart = usage.heapUsed;
    this.peak = usage.rss;
    this.timeline.push(mb(usage.rss));
    this.timer = setInterval(() => {
      this.peak = Math.max(this.peak, process.memoryUsage.rss());
    }, 500);
    this.timelineTimer = setInterval(() => {
      if (this.timeline.length < MAX_TIMELINE_SAMPLES) this.timeline.push(mb(process.memoryUsage.rss()));
    }, TIMELINE_EVERY_MS);
  }

  stop(): MemoryFigures {
    clearInterval(this.timer);
    clearInterval(this.timelineTimer);
    const usageEnd = process.memoryUsage();
    const rssEnd = usageEnd.rss;
    collectGarbage();
    return {
      rssStartMb: mb(this.rssStart),
      rssEndMb: mb(rssEnd),
      rssPeakMb: mb(Math.max(this.peak, rssEnd)),
      heapAfterGcStartMb: mb(this.heapStart),
      heapAfterGcEndMb: mb(process.memoryUsage().heapUsed),
      rssTimelineMb: [...this.timeline, mb(rssEnd)],
      usageStartMb: this.usageStart,
      usageEndMb: inMb(usageEnd),
    };
  }
}

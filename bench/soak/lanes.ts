// The senders: closed-loop load lanes (optionally paced to a total rate) and the probe lane, which sends
// one fresh token on a fixed beat so recovery after each fault is seen to within one beat. Every loop
// ends at the deadline and after at most a fixed number of requests.
import type { Sender, SentRequest } from './sender';
import type { OwnedToken } from './tokens';
import type { PlannedRequest, TrafficMix } from './traffic';

export type OnAnswer = (planned: PlannedRequest, sent: SentRequest) => void;

export interface LaneSettings {
  readonly sender: Sender;
  readonly mix: TrafficMix;
  readonly clock: () => number;
  readonly durationMs: number;
  readonly onAnswer: OnAnswer;
}

/** No lane sends more than this, whatever the machine's speed. */
export const MAX_REQUESTS_PER_LANE = 2_000_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Spaces request starts 1/rate apart across all lanes; a lane that falls behind does not burst to catch up. */
export class Pacer {
  private nextSlotMs = 0;

  constructor(
    private readonly rate: number,
    private readonly clock: () => number,
  ) {}

  async slot(): Promise<void> {
    const now = this.clock();
    if (this.nextSlotMs < now - 1000) this.nextSlotMs = now;
    const at = this.nextSlotMs;
    this.nextSlotMs += 1000 / this.rate;
    if (at > now) await sleep(at - now);
  }
}

export async function runLoadLanes(settings: LaneSettings, connections: number, pacer?: Pacer): Promise<void> {
  const lane = async () => {
    for (let sent = 0; sent < MAX_REQUESTS_PER_LANE && settings.clock() < settings.durationMs; sent += 1) {
      if (pacer) await pacer.slot();
      if (settings.clock() >= settings.durationMs) return;
      const planned = settings.mix.next();
      settings.onAnswer(planned, await settings.sender.send(planned));
    }
  };
  await Promise.all(Array.from({ length: connections }, lane));
}

export async function runProbeLane(settings: LaneSettings, fresh: readonly OwnedToken[], intervalMs: number): Promise<void> {
  const inFlight: Array<Promise<void>> = [];
  for (let index = 0; index < fresh.length; index += 1) {
    await sleep(index * intervalMs - settings.clock());
    if (settings.clock() >= settings.durationMs) break;
    const planned = settings.mix.fresh(fresh[index]);
    inFlight.push(settings.sender.send(planned).then((sent) => settings.onAnswer(planned, sent)));
  }
  await Promise.all(inFlight);
}

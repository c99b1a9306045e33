// The example streams: a small in-code catalogue.
export interface Stream {
  readonly id: string;
  readonly title: string;
  readonly manifestUrl: string;
  readonly durationSeconds: number;
  readonly codec: string;
  readonly resolution: string;
}

const STREAMS: ReadonlyMap<string, Stream> = new Map(
  [
    { id: 's-1', title: 'Launch keynote', manifestUrl: 'https://media.example.com/s-1/master.m3u8', durationSeconds: 3120, codec: 'h264', resolution: '1920x1080' },
    { id: 's-2', title: 'Product walkthrough', manifestUrl: 'https://media.example.com/s-2/master.m3u8', durationSeconds: 845, codec: 'h265', resolution: '3840x2160' },
  ].map((stream) => [stream.id, stream]),
);

export function findStream(id: string | undefined): Stream | undefined {
  return id === undefined ? undefined : STREAMS.get(id);
}

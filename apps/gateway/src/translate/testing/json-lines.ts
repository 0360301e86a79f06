/** Test helper: newline-delimited JSON, the form the SDKs' `fromReadableStream` helpers read. */
export function jsonLines(items: unknown[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream({
    start(c) {
      for (const item of items) c.enqueue(enc.encode(JSON.stringify(item) + '\n'));
      c.close();
    },
  });
}

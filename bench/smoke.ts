import type { Target } from './targets';

/**
 * One request per target before measuring: a 200 with a real completion (or a finished stream),
 * and through the full gateway a non-zero cost (the hold and settle are real), else throws.
 */
export async function smokeCheck(targets: Target[], timeoutMs = 10_000): Promise<void> {
  for (const t of targets) {
    const deadline = Date.now() + timeoutMs;
    let problem = '';
    while (Date.now() < deadline) {
      const res = await fetch(t.url, { method: 'POST', headers: t.headers, body: t.body, signal: AbortSignal.timeout(5_000) }).catch((err: Error) => err);
      if (res instanceof Error) problem = res.message;
      else {
        const text = await res.text();
        const priced = t.via !== 'gateway' || t.stream || Number(res.headers.get('x-tollgate-cost')) > 0;
        const good =
          res.status === 200 &&
          priced &&
          (t.stream ? text.trimEnd().endsWith('data: [DONE]') : Boolean((JSON.parse(text) as { choices?: unknown[] }).choices?.length));
        if (good) {
          problem = '';
          break;
        }
        problem = `HTTP ${res.status}: ${text.slice(0, 300)}`;
      }
      await new Promise((r) => setTimeout(r, 250)); // a new route reaches the gateway over NATS
    }
    if (problem) throw new Error(`smoke check of "${t.name}" (${t.url}) failed: ${problem}`);
  }
}

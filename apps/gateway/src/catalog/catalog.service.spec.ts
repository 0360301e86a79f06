import type { Bus } from '@tollgate/messaging';
import type { GatewayConfig } from '../config';
import type { CatalogRepository, RouteRow } from './catalog.repository';
import { CatalogService } from './catalog.service';

const TENANT = '00000000-0000-4000-8000-000000000001';

/** One route, `model` → a provider at `baseUrl` (what an admin write changes). */
function catalog(baseUrl: string): RouteRow[] {
  const provider = { id: 'p1', name: 'upstream', kind: 'openai', baseUrl, apiKeyEnc: null };
  const target = { providerId: 'p1', upstreamModel: 'gpt-4o-mini', priority: 0, weight: 1, timeoutMs: null, provider };
  return [{ tenantId: TENANT, model: 'chat', createdAt: new Date(0), targets: [target] }] as unknown as RouteRow[];
}

/** A repository whose reads stay pending until the test answers them, in whatever order it likes. */
class HeldReads {
  readonly pending: ((rows: RouteRow[]) => void)[] = [];
  readonly repo = { allRoutes: () => new Promise<RouteRow[]>((resolve) => this.pending.push(resolve)) } as unknown as CatalogRepository;

  answer(read: number, rows: RouteRow[]): void {
    this.pending[read](rows);
  }
}

/** A bus that hands the test the `catalogChanged` handler and records what was published. */
class FakeBus {
  onChanged: () => void = () => undefined;
  readonly published: string[] = [];
  readonly bus = {
    subscribe: (_name: string, handler: () => void) => {
      this.onChanged = handler;
      return { unsubscribe: () => undefined };
    },
    publishConfirmed: (name: string) => {
      this.published.push(name);
      return Promise.resolve();
    },
  } as unknown as Bus;
}

const config = { CATALOG_SECRET: 'test-secret', CATALOG_REFRESH_MS: 3_600_000 } as GatewayConfig;
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));
const baseUrlOf = (service: CatalogService) => service.resolve(TENANT, 'chat')?.targets[0]?.baseUrl;

/** A started service (its first read answered with the old catalog) and the means to drive it. */
async function started() {
  const reads = new HeldReads();
  const bus = new FakeBus();
  const service = new CatalogService(config, reads.repo, bus.bus);
  const boot = service.onApplicationBootstrap();
  reads.answer(0, catalog('http://old.example/v1'));
  await boot;
  return { reads, bus, service };
}

describe('CatalogService: overlapping reloads never put back an older catalog', () => {
  let current: CatalogService | undefined;
  afterEach(() => current?.onApplicationShutdown());

  it('keeps an admin write when an older reload (a change event) finishes after it', async () => {
    const { reads, bus, service } = await started();
    current = service;
    bus.onChanged(); // read 1: an event reload, reading before the write below
    const write = service.changed(null); // read 2: after the admin write
    reads.answer(2, catalog('http://new.example/v1'));
    await write;
    expect(baseUrlOf(service)).toBe('http://new.example/v1');
    expect(bus.published).toEqual(['catalogChanged']);

    reads.answer(1, catalog('http://old.example/v1'));
    await flush();
    expect(baseUrlOf(service)).toBe('http://new.example/v1');
  });

  it('changed() returns with a catalog at least as new as its own read when a later reload finished first', async () => {
    const { reads, bus, service } = await started();
    current = service;
    const write = service.changed(null); // read 1: just after the admin write
    bus.onChanged(); // read 2: another instance's later write
    reads.answer(2, catalog('http://newer.example/v1'));
    await flush();
    reads.answer(1, catalog('http://new.example/v1'));
    await write;
    expect(baseUrlOf(service)).toBe('http://newer.example/v1');
    expect(bus.published).toEqual(['catalogChanged']);
  });

  it('installs reads that finish in order, the latest last', async () => {
    const { reads, bus, service } = await started();
    current = service;
    bus.onChanged();
    bus.onChanged();
    reads.answer(1, catalog('http://first.example/v1'));
    await flush();
    expect(baseUrlOf(service)).toBe('http://first.example/v1');
    reads.answer(2, catalog('http://second.example/v1'));
    await flush();
    expect(baseUrlOf(service)).toBe('http://second.example/v1');
  });
});

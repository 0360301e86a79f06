import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Client } from 'pg';
import { CostProposal, proposalsFromCatalog } from '../apps/billing/src/prices/litellm-catalog';

/**
 * `npm run prices:import -- <path> [--litellm-provider openai] [--provider <route provider>] [--actor <name>]`
 *
 * Reads a LiteLLM `model_prices_and_context_window.json` file and stores its token prices as
 * PROPOSED cost prices in billing's database (DATABASE_URL). A proposal prices nothing: an admin
 * reviews it (GET /admin/cost-prices?status=proposed) and accepts or rejects it. A price that is
 * already proposed, or equal to the one accepted last for the same model and target, is not
 * proposed again, so importing the same file twice adds nothing.
 */
export interface ImportOptions {
  databaseUrl: string;
  actor?: string;
  litellmProvider?: string;
  provider?: string | null;
}

export interface ImportSummary {
  proposed: number;
  unchanged: number;
  skipped: { key: string; reason: string }[];
}

export async function importCatalogFile(path: string, opts: ImportOptions): Promise<ImportSummary> {
  const { proposals, skipped } = proposalsFromCatalog(JSON.parse(readFileSync(path, 'utf8')), opts);
  const client = new Client({ connectionString: opts.databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    let proposed = 0;
    for (const p of proposals) proposed += await propose(client, p, `${p.source} (${basename(path).slice(0, 100)})`, opts.actor ?? 'prices-import');
    await client.query('COMMIT');
    return { proposed, unchanged: proposals.length - proposed, skipped };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
}

/** One proposal, unless the same rates are pending already or are what was accepted last (1 when stored). */
async function propose(client: Client, p: CostProposal, source: string, actor: string): Promise<number> {
  const { rowCount } = await client.query(
    `INSERT INTO billing.cost_prices (id, model, provider, upstream_model, input_per_million, cached_input_per_million, output_per_million,
       max_output_tokens, effective_from, status, source, created_by)
     SELECT gen_random_uuid(), $1, $2, $3, $4::bigint, $5::bigint, $6::bigint, $7, now(), 'proposed', $8, $9
     WHERE NOT EXISTS (
       SELECT 1 FROM billing.cost_prices c
       WHERE c.status = 'proposed' AND c.model = $1 AND c.provider IS NOT DISTINCT FROM $2 AND c.upstream_model IS NOT DISTINCT FROM $3
         AND c.input_per_million = $4::bigint AND c.cached_input_per_million = $5::bigint AND c.output_per_million = $6::bigint)
     AND NOT EXISTS (
       SELECT 1 FROM (
         SELECT input_per_million, cached_input_per_million, output_per_million FROM billing.cost_prices
         WHERE status = 'accepted' AND model = $1 AND provider IS NOT DISTINCT FROM $2 AND upstream_model IS NOT DISTINCT FROM $3
         ORDER BY effective_from DESC, created_at DESC LIMIT 1) latest
       WHERE latest.input_per_million = $4::bigint AND latest.cached_input_per_million = $5::bigint AND latest.output_per_million = $6::bigint)`,
    [
      p.model,
      p.provider,
      p.upstreamModel,
      String(p.inputPerMillion),
      String(p.cachedInputPerMillion),
      String(p.outputPerMillion),
      p.maxOutputTokens,
      source,
      actor,
    ],
  );
  return rowCount ?? 0;
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const path = args.find((a, i) => !a.startsWith('--') && (i === 0 || !args[i - 1].startsWith('--')));
  if (!path) {
    process.stderr.write(
      'usage: npm run prices:import -- <model_prices_and_context_window.json> [--litellm-provider <name>] [--provider <route provider>] [--actor <name>]\n',
    );
    process.exit(2);
  }
  const summary = await importCatalogFile(path, {
    databaseUrl: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/tollgate',
    actor: option(args, '--actor'),
    litellmProvider: option(args, '--litellm-provider'),
    provider: option(args, '--provider') ?? null,
  });
  for (const s of summary.skipped.slice(0, 50)) process.stderr.write(`skipped ${s.key}: ${s.reason}\n`);
  process.stdout.write(
    `proposed ${summary.proposed} cost prices (${summary.unchanged} unchanged, ${summary.skipped.length} entries skipped). ` +
      'Nothing is applied until an admin accepts them: GET /admin/cost-prices?status=proposed, then POST /admin/cost-prices/{id}/accept or /reject.\n',
  );
}

if (require.main === module) {
  main().catch((err: Error) => {
    process.stderr.write(`prices import failed: ${err.message}\n`);
    process.exit(1);
  });
}

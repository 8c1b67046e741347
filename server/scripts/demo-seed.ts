import type { Database } from '../src/db/duckdb';
import { FinanceService } from '../src/finance-api/finance.service';
import { seededUniform } from '../src/finance/ranges';
import { writeDemoInitiatives } from './demo-initiatives';
import { DEMO_AGENT_ID, PROFILES, seedRuns, type DemoRunOptions } from './demo-runs';

// The demo data set as a function (seed-demo.ts is its command line; tests call it on their own
// migrated database): runs first, then initiatives whose self-hosted option uses the first profile.

export interface DemoOptions extends DemoRunOptions {
  initiatives: number;
}

/** The self-hosted option of every demo initiative: 1x H100 SXM, llama-3.1-8b, fp8, chat-short. */
export const DEMO_SELF_HOSTED = {
  model: 'llama-3.1-8b',
  quantization: 'fp8',
  scenario: 'chat-short',
} as const;

/** Seeds a migrated database; refuses one that already holds the demo data. */
export async function seedDemo(database: Database, options: DemoOptions) {
  const existing = await database.connection.runAndReadAll('SELECT count(*) FROM agents WHERE id = $1', [
    DEMO_AGENT_ID,
  ]);
  if (Number(existing.getRowsJS()[0]?.[0] ?? 0) > 0) {
    throw new Error(
      `${database.path} already holds the demo data set; use a fresh --db path (or delete that file)`,
    );
  }
  const u = seededUniform(options.seed);
  const seeded = await seedRuns(database, options, u);
  const h100 = PROFILES[0]!;
  // Through the finance services: each write is checked as a GraphQL mutation would be.
  const initiativeIds = await writeDemoInitiatives(new FinanceService(database), options.initiatives, u, {
    selfHostedProfileId: seeded.profiles.get(h100.name)!,
    selfHostedProfileName: h100.name,
    ...DEMO_SELF_HOSTED,
  });
  return { runs: seeded.runs, samples: seeded.samples, profiles: seeded.profiles.size, initiativeIds };
}

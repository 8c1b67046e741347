import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

// The FinOps Foundation's FOCUS requirements models as kept in ../fixtures/focus (SOURCES.md names
// their repositories and commits), and the validator's ISO 4217 list. Evaluated by focus-rule-model.ts.

const FIXTURES = fileURLToPath(new URL('../fixtures/focus/', import.meta.url));

export type Req = { CheckFunction?: string; Items?: Req[]; [k: string]: unknown };
export interface ModelRule {
  Function: string;
  Reference: string;
  EntityType: string;
  Status: string;
  Type: string;
  ApplicabilityCriteria: string[];
  ValidationCriteria: {
    MustSatisfy: string;
    Keyword: string;
    Requirement: Req;
    Condition: Req;
    Dependencies: string[];
  };
}
export interface FocusModel {
  name: string;
  rules: Record<string, ModelRule>;
  /** The CostAndUsage dataset's root rules. */
  roots: string[];
}

/** The FOCUS 1.3 requirements model: every model_rules/**.json of the release folder, merged. */
export function focusModel13(): FocusModel {
  const files = JSON.parse(
    gunzipSync(readFileSync(FIXTURES + 'requirements-model-1.3.files.json.gz')).toString('utf8'),
  ) as Record<string, string>;
  const rules: Record<string, ModelRule> = {};
  for (const [path, text] of Object.entries(files))
    if (path.startsWith('model_rules/')) Object.assign(rules, JSON.parse(text));
  const datasets = JSON.parse(files['model_datasets.json']!) as {
    ModelDatasets: Record<string, { ModelRules: string[] }>;
  };
  return { name: 'FOCUS 1.3', rules, roots: datasets.ModelDatasets.CostAndUsage!.ModelRules };
}

/** focus_validator's own bundled model-1.2.json. */
export function focusModel12(): FocusModel {
  const m = JSON.parse(gunzipSync(readFileSync(FIXTURES + 'model-1.2.json.gz')).toString('utf8')) as {
    ModelRules: Record<string, ModelRule>;
    ModelDatasets: Record<string, { ModelRules: string[] }>;
  };
  return { name: 'FOCUS 1.2', rules: m.ModelRules, roots: m.ModelDatasets.CostAndUsage!.ModelRules };
}

export const CURRENCIES = new Set(
  readFileSync(FIXTURES + 'currency_codes.csv', 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => l.split(',')[1]?.trim())
    .filter(Boolean),
);

/**
 * FinOps FOCUS 1.3 vocabulary (focus.finops.org, ratified December 2025): the columns every Cost and
 * Usage dataset must carry, the allowed values of the enumerated columns, and how a ServiceCategory
 * maps onto this project's TCO categories. The lists equal the FinOps Foundation's FOCUS 1.3
 * requirements model (server/test/fixtures/focus/SOURCES.md), which
 * server/test/finance/focus-columns.test.ts reads to check them.
 */
import type { CostCategory } from './model.js';

/**
 * Columns a FOCUS 1.3 Cost and Usage dataset MUST have whatever the provider supports (the model's
 * presence rules without applicability criteria). ProviderName and PublisherName are deprecated in
 * 1.3 but still required; 1.2 required all of these except HostProviderName and ServiceProviderName.
 */
export const FOCUS_MANDATORY_COLUMNS = [
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargePeriodEnd',
  'ChargePeriodStart',
  'ContractedCost',
  'EffectiveCost',
  'HostProviderName',
  'InvoiceIssuerName',
  'ListCost',
  'PricingQuantity',
  'PricingUnit',
  'ProviderName',
  'PublisherName',
  'ServiceCategory',
  'ServiceName',
  'ServiceProviderName',
] as const;

/** ChargeCategory allowed values: a Credit or an Adjustment may be negative. */
export const FOCUS_CHARGE_CATEGORIES = ['Usage', 'Purchase', 'Tax', 'Credit', 'Adjustment'] as const;
export type FocusChargeCategory = (typeof FOCUS_CHARGE_CATEGORIES)[number];

/** ChargeFrequency allowed values. */
export const FOCUS_CHARGE_FREQUENCIES = ['One-Time', 'Recurring', 'Usage-Based'] as const;

/** ServiceCategory allowed values (the same 19 in FOCUS 1.2 and 1.3). */
export const FOCUS_SERVICE_CATEGORIES = [
  'AI and Machine Learning',
  'Analytics',
  'Business Applications',
  'Compute',
  'Databases',
  'Developer Tools',
  'Multicloud',
  'Identity',
  'Integration',
  'Internet of Things',
  'Management and Governance',
  'Media',
  'Migration',
  'Mobile',
  'Networking',
  'Security',
  'Storage',
  'Web',
  'Other',
] as const;
export type FocusServiceCategory = (typeof FOCUS_SERVICE_CATEGORIES)[number];

/**
 * ServiceCategory → TCO category (docs/finance.md "FOCUS interchange"): API and platform usage is
 * software; hosting of any kind (compute, storage, network, web, mobile, media, IoT, multicloud) is
 * infrastructure; data services are data engineering; security and identity are security and
 * compliance; migration services are change management; "Other" (support plans, marketplace fees)
 * and management tools are software.
 */
export const SERVICE_CATEGORY_TO_TCO: Record<FocusServiceCategory, CostCategory> = {
  'AI and Machine Learning': 'software',
  Analytics: 'data-engineering',
  'Business Applications': 'software',
  Compute: 'infrastructure',
  Databases: 'data-engineering',
  'Developer Tools': 'software',
  Multicloud: 'infrastructure',
  Identity: 'security-compliance',
  Integration: 'data-engineering',
  'Internet of Things': 'infrastructure',
  'Management and Governance': 'software',
  Media: 'infrastructure',
  Migration: 'change-management',
  Mobile: 'infrastructure',
  Networking: 'infrastructure',
  Security: 'security-compliance',
  Storage: 'infrastructure',
  Web: 'infrastructure',
  Other: 'software',
};

/**
 * Provider-defined tag keys of Yardstick's own exports (FOCUS Tags: provider-defined keys carry a
 * provider prefix). The importer maps a row tagged with INITIATIVE_TAG to that initiative.
 */
export const FOCUS_TAG_PREFIX = 'yardstick/';
export const INITIATIVE_TAG = `${FOCUS_TAG_PREFIX}initiativeId`;
export const DEPLOYMENT_OPTION_TAG = `${FOCUS_TAG_PREFIX}deploymentOptionId`;

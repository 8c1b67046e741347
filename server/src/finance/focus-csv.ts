/**
 * FinOps FOCUS 1.3 export of self-hosted inference cost (pure formatting, no I/O): every column a
 * FOCUS 1.3 Cost and Usage dataset must carry, the SKU and resource columns of a provider that bills
 * provisioned devices by the hour, and `x_` columns for model, quantization, hardware and phase.
 * The import of FOCUS bills is in focus-import.ts.
 */
import { formatCsv } from './csv.js';
import { DEPLOYMENT_OPTION_TAG, INITIATIVE_TAG } from './focus-columns.js';
import type { Phase } from './model.js';

/**
 * Provider, host, publisher and invoice issuer of self-hosted inference: the organisation running it.
 * FOCUS 1.3 requires HostProviderName = ServiceProviderName when nothing else hosts the service.
 */
export const SELF_HOSTED_PROVIDER = 'Self-hosted';

/**
 * The FOCUS applicability criteria this export meets (what a FOCUS validator is told the data
 * generator supports): usage is measured (tokens), devices are provisioned resources of a type,
 * priced per unit (device-hour) from a price list (the hardware catalogue, without discounts), and
 * rows are tagged. Not met: commitment discounts, capacity reservations, regions and zones,
 * sub-accounts, negotiated or virtual-currency pricing, split cost allocation.
 */
export const FOCUS_EXPORT_APPLICABILITY = [
  'USAGE_MEASUREMENT_SUPPORTED',
  'BILLING_BASED_ON_PROVISIONED_RESOURCES_SUPPORTED',
  'RESOURCE_TYPE_ASSIGNMENT_SUPPORTED',
  'UNIT_PRICING_SUPPORTED',
  'PUBLIC_PRICE_LIST_SUPPORTED',
  'TAGGING_SUPPORTED',
] as const;

/** One month of one self-hosted deployment option's inference cost. */
export interface InferenceCostRow {
  /** First day of the charge period, `YYYY-MM-DD` (UTC); the period runs to `chargePeriodEnd`, exclusive. */
  chargePeriodStart: string;
  chargePeriodEnd: string;
  /** Devices provisioned in the month (the capacity plan). */
  devices: number;
  /** Hours each device is provisioned in the month (730 on the allocation basis). */
  hoursPerDevice: number;
  /** Price of one device-hour, in `currency`. */
  hourlyCostPerDevice: number;
  currency: string;
  /** Input + output tokens served in the month. */
  tokens: number;
  model: string;
  quantization: string;
  /** Hardware profile name, e.g. "1x H100 owned". */
  hardware: string;
  phase: Phase;
  initiative: { id: string; name: string };
  option: { id: string; name: string };
  /** The priced construct: hardware profile id (SkuId) and the catalogue price row used (SkuPriceId). */
  sku: { id: string; priceId: string; pricing: string };
}

/** Export column order: FOCUS columns first (alphabetical), then the custom `x_` columns. */
export const FOCUS_EXPORT_COLUMNS = [
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargeFrequency',
  'ChargePeriodEnd',
  'ChargePeriodStart',
  'ConsumedQuantity',
  'ConsumedUnit',
  'ContractedCost',
  'ContractedUnitPrice',
  'EffectiveCost',
  'HostProviderName',
  'InvoiceId',
  'InvoiceIssuerName',
  'ListCost',
  'ListUnitPrice',
  'PricingQuantity',
  'PricingUnit',
  'ProviderName',
  'PublisherName',
  'ResourceId',
  'ResourceName',
  'ResourceType',
  'ServiceCategory',
  'ServiceName',
  'ServiceProviderName',
  'ServiceSubcategory',
  'SkuId',
  'SkuMeter',
  'SkuPriceDetails',
  'SkuPriceId',
  'Tags',
  'x_Model',
  'x_Quantization',
  'x_Hardware',
  'x_Phase',
] as const;

/** `YYYY-MM-DD` or a full date-time → FOCUS date-time `YYYY-MM-DDTHH:mm:ssZ` (UTC). */
export function focusDateTime(d: string): string {
  return d.length === 10 ? `${d}T00:00:00Z` : new Date(d).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Formats self-hosted inference cost as FOCUS 1.3 CSV, one row per month. Owned or rented devices
 * are priced per device-hour with no discount, so ListUnitPrice = ContractedUnitPrice = the hourly
 * cost, PricingQuantity = devices × hours (PricingUnit "Hours"), and every cost column (Billed,
 * Effective, List, Contracted) = unit price × PricingQuantity. The billing period is the calendar
 * month of the charge; the billing account is the initiative; the resource is the deployment option.
 * Example: 2 devices × 730 h at $10/h → PricingQuantity 1460, ListUnitPrice 10, BilledCost 14600.
 */
export function exportInferenceFocusCsv(rows: readonly InferenceCostRow[]): string {
  return formatCsv(
    FOCUS_EXPORT_COLUMNS,
    rows.map((r) => {
      const pricingQuantity = r.devices * r.hoursPerDevice;
      const cost = r.hourlyCostPerDevice * pricingQuantity;
      const start = focusDateTime(r.chargePeriodStart);
      const end = focusDateTime(r.chargePeriodEnd);
      return {
        BilledCost: cost,
        BillingAccountId: r.initiative.id,
        BillingAccountName: r.initiative.name,
        BillingCurrency: r.currency,
        BillingPeriodEnd: end,
        BillingPeriodStart: start,
        ChargeCategory: 'Usage',
        ChargeClass: null,
        ChargeDescription:
          `Self-hosted inference: ${r.model} (${r.quantization}) on ${r.hardware}, ` +
          `${r.devices} device(s) x ${r.hoursPerDevice} h`,
        ChargeFrequency: 'Usage-Based',
        ChargePeriodEnd: end,
        ChargePeriodStart: start,
        ConsumedQuantity: r.tokens,
        ConsumedUnit: 'Tokens',
        ContractedCost: cost,
        ContractedUnitPrice: r.hourlyCostPerDevice,
        EffectiveCost: cost,
        HostProviderName: SELF_HOSTED_PROVIDER,
        // No invoice is issued for self-hosted cost: FOCUS 1.3 wants InvoiceId present (RECOMMENDED)
        // and null when a charge has no invoice.
        InvoiceId: null,
        InvoiceIssuerName: SELF_HOSTED_PROVIDER,
        ListCost: cost,
        ListUnitPrice: r.hourlyCostPerDevice,
        PricingQuantity: pricingQuantity,
        PricingUnit: 'Hours',
        ProviderName: SELF_HOSTED_PROVIDER,
        PublisherName: SELF_HOSTED_PROVIDER,
        ResourceId: r.option.id,
        ResourceName: r.option.name,
        ResourceType: 'Inference deployment',
        ServiceCategory: 'AI and Machine Learning',
        ServiceName: 'Self-hosted inference',
        ServiceProviderName: SELF_HOSTED_PROVIDER,
        ServiceSubcategory: 'Generative AI',
        SkuId: r.sku.id,
        SkuMeter: 'Device hours',
        SkuPriceDetails: JSON.stringify({ x_Pricing: r.sku.pricing, x_Hardware: r.hardware }),
        SkuPriceId: r.sku.priceId,
        Tags: JSON.stringify({ [INITIATIVE_TAG]: r.initiative.id, [DEPLOYMENT_OPTION_TAG]: r.option.id }),
        x_Model: r.model,
        x_Quantization: r.quantization,
        x_Hardware: r.hardware,
        x_Phase: r.phase,
      };
    }),
  );
}

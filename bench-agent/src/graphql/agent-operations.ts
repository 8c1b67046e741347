/**
 * The agent's GraphQL operations and input types, generated from operations.graphql by `npm run gen`
 * into `@yardstick/schema/generated/agent`. Re-exported here so agent code has one import site.
 */
export {
  AppendSamplesDocument,
  AppendTelemetryDocument,
  ExportRunDocument,
  FinishRunDocument,
  StartRunDocument,
} from '@yardstick/schema/generated/agent';
export type {
  AcceleratorInput,
  AppendSamplesInput,
  AppendTelemetryInput,
  ExportRunQuery,
  FinishRunInput,
  HardwareInput,
  RunStatus,
  StartRunInput,
} from '@yardstick/schema/generated/agent';

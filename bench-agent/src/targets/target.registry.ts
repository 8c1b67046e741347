import { openAiChatDriver } from './openai-chat.driver';
import { openAiCompletionsDriver } from './openai-completions.driver';
import type { TargetDriver } from './target.types';

/** Target drivers by name (`--api <name>`, `api:` in a run plan's target section). */
const DRIVERS: Record<string, TargetDriver> = {
  [openAiChatDriver.name]: openAiChatDriver,
  [openAiCompletionsDriver.name]: openAiCompletionsDriver,
};

export const TARGET_APIS = Object.keys(DRIVERS);

/** The driver registered as `name`; the error lists the known names. */
export function driverFor(name: string): TargetDriver {
  const driver = DRIVERS[name];
  if (!driver) throw new Error(`unknown target api "${name}"; expected one of: ${TARGET_APIS.join(', ')}`);
  return driver;
}

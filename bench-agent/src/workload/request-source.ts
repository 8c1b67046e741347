import type { Scenario } from '@yardstick/schema/scenario';
import { createRng, type Rng } from '../util/rng';
import { synthesizeText } from '../prompts/prompt.synth';
import type { SendSlot } from '../executors/executor.types';
import { drawLength } from './length-distribution';
import { readDatasetFile, type DatasetEntry } from './dataset.reader';
import { SessionPool } from './session.pool';
import type { NamedTokenizer } from './tokenizer.registry';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** What to send for one request. */
export interface PlannedRequest {
  /** The user message. For multi-turn sessions: the whole conversation so far, flattened (see messages). */
  prompt: string;
  systemPrompt?: string;
  /** The conversation as chat messages (system, then alternating user/assistant, ending with user). */
  messages: ChatMessage[];
  maxTokens: number;
  /** Content tokens of the new text under the named tokenizer (null for dataset prompts: not counted). */
  newContentTokens: number | null;
  session?: { id: number; turn: number; turns: number };
  /** Call once the response is complete, with the answer's length, so a session can continue. */
  done(outputTokens: number | null): void;
}

/**
 * Turns the scenario's request block into concrete requests: synthetic prompts of exact length under the
 * named tokenizer, optional shared prefixes, multi-turn sessions whose history grows each turn, dataset
 * replay, and lengths dictated by a trace. Two seeded RNG streams (lengths, text) make the sequence of
 * requests reproducible from scenario + seed (for multi-turn, given the same completion order).
 */
export class RequestSource {
  private readonly sizeRng: Rng;
  private readonly textRng: Rng;
  private readonly prefixes: string[] = [];
  private readonly dataset?: DatasetEntry[];
  private readonly sessions?: SessionPool;
  private datasetIndex = 0;

  constructor(
    private readonly scenario: Scenario,
    private readonly tokenizer: NamedTokenizer,
    seed = scenario.seed,
  ) {
    this.sizeRng = createRng(seed ^ 0x5bd1e995);
    this.textRng = createRng(seed + 7);
    const { shared_prefix: shared, dataset, multi_turn: multiTurn } = scenario.request;
    if (shared) {
      for (let g = 0; g < shared.groups; g += 1) {
        this.prefixes.push(
          synthesizeText(tokenizer, createRng(seed * 31 + g), shared.tokens, `Context ${g}:`),
        );
      }
    }
    if (dataset) {
      this.dataset = readDatasetFile(dataset.file);
      if (dataset.order === 'shuffle') shuffle(this.dataset, createRng(seed + 13));
    }
    if (multiTurn) this.sessions = new SessionPool(() => drawLength(this.sizeRng, multiTurn.turns));
  }

  /** Plans the request for a slot (the slot's lengths, from a trace, override the distributions). */
  next(slot: SendSlot): PlannedRequest {
    const { request } = this.scenario;
    const systemPrompt = request.system_prompt;
    const system: ChatMessage[] = systemPrompt ? [{ role: 'system', content: systemPrompt }] : [];
    if (this.dataset) {
      const entry = this.dataset[this.datasetIndex % this.dataset.length]!;
      this.datasetIndex += 1;
      const maxTokens =
        slot.lengths?.outputTokens ?? entry.outputTokens ?? drawLength(this.sizeRng, request.output_tokens);
      return {
        prompt: entry.prompt,
        systemPrompt,
        messages: [...system, { role: 'user', content: entry.prompt }],
        maxTokens,
        newContentTokens: null,
        done: () => {},
      };
    }
    const inputTokens = slot.lengths?.inputTokens ?? drawLength(this.sizeRng, request.input_tokens);
    const maxTokens = slot.lengths?.outputTokens ?? drawLength(this.sizeRng, request.output_tokens);
    const prefix =
      this.prefixes.length > 0 ? this.prefixes[this.sizeRng.int(0, this.prefixes.length - 1)]! : '';
    if (!this.sessions) {
      const text =
        prefix +
        synthesizeText(this.tokenizer, this.textRng, inputTokens, `${prefix ? ' ' : ''}Request ${slot.seq}:`);
      return {
        prompt: text,
        systemPrompt,
        messages: [...system, { role: 'user', content: text }],
        maxTokens,
        newContentTokens: inputTokens,
        done: () => {},
      };
    }
    const session = this.sessions.acquire(prefix);
    const header = `${session.history.length === 0 && session.prefix ? ' ' : ''}Session ${session.id} turn ${session.turn + 1}:`;
    const userText =
      (session.history.length === 0 ? session.prefix : '') +
      synthesizeText(this.tokenizer, this.textRng, inputTokens, header);
    const history: ChatMessage[] = [...session.history, { role: 'user', content: userText }];
    return {
      prompt: history.map((m) => m.content).join('\n'),
      systemPrompt,
      messages: [...system, ...history],
      maxTokens,
      newContentTokens: inputTokens,
      session: { id: session.id, turn: session.turn, turns: session.turns },
      done: (outputTokens) => {
        const answer = synthesizeText(this.tokenizer, this.textRng, Math.max(1, outputTokens ?? maxTokens));
        this.sessions!.release(session, [...history, { role: 'assistant', content: answer }]);
      },
    };
  }
}

function shuffle<T>(items: T[], rng: Rng): void {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = rng.int(0, i);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}

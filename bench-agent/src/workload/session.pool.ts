/** A multi-turn conversation in progress. */
export interface Session {
  id: number;
  /** Turn about to be sent (0-based). */
  turn: number;
  turns: number;
  /** Shared prefix this session's first message starts with ('' for none). */
  prefix: string;
  history: { role: 'system' | 'user' | 'assistant'; content: string }[];
}

/**
 * Hands out sessions so that a session's next turn is only sent after its previous answer arrived:
 * `acquire` continues the longest-waiting idle session, or opens a new one when none is idle (more
 * users arriving than conversations in progress); `release` records the answer and puts the session
 * back until its last turn. Under a closed loop of N users this keeps ~N conversations going.
 */
export class SessionPool {
  private readonly idle: Session[] = [];
  private nextId = 0;
  opened = 0;

  constructor(private readonly drawTurns: () => number) {}

  acquire(prefix: string): Session {
    const waiting = this.idle.shift();
    if (waiting) return waiting;
    this.opened += 1;
    return { id: this.nextId++, turn: 0, turns: Math.max(1, this.drawTurns()), prefix, history: [] };
  }

  release(session: Session, history: Session['history']): void {
    session.history = history;
    session.turn += 1;
    if (session.turn < session.turns) this.idle.push(session);
  }
}

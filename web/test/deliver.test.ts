import { describe, expect, it } from 'vitest';
import { deliver, errorMessage } from '../src/lib/deliver';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('deliver', () => {
  it('hands the answer and then settles while the effect is current', async () => {
    const work = deferred<number>();
    const seen: string[] = [];
    deliver(work.promise, {
      data: (v) => seen.push(`data ${v}`),
      error: (m) => seen.push(`error ${m}`),
      settled: () => seen.push('settled'),
    });
    work.resolve(7);
    await flush();
    expect(seen).toEqual(['data 7', 'settled']);
  });

  it('drops a late answer once cancelled (the effect re-ran for another id)', async () => {
    const first = deferred<string>();
    const second = deferred<string>();
    let shown = '';
    const cancelFirst = deliver(first.promise, { data: (v) => (shown = v), error: () => {} });
    cancelFirst();
    deliver(second.promise, { data: (v) => (shown = v), error: () => {} });
    second.resolve('run-2');
    await flush();
    first.resolve('run-1'); // answers last, but belongs to the cancelled effect
    await flush();
    expect(shown).toBe('run-2');
  });

  it('passes the error text, and a throw in the data handler is reported as an error too', async () => {
    const errors: string[] = [];
    deliver(Promise.reject(new Error('run not found')), { data: () => {}, error: (m) => errors.push(m) });
    deliver(Promise.resolve(1), {
      data: () => {
        throw new Error('bad shape');
      },
      error: (m) => errors.push(m),
    });
    await flush();
    expect(errors.sort()).toEqual(['bad shape', 'run not found']);
  });

  it('errorMessage reads Error messages and stringifies anything else', () => {
    expect(errorMessage(new Error('x'))).toBe('x');
    expect(errorMessage('plain')).toBe('plain');
    expect(errorMessage(42)).toBe('42');
  });
});

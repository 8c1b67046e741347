/** The text to show for a failed request (GraphQL errors arrive as Error with the server's message). */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Where `deliver` hands the outcome of a request. */
export interface Delivery<T> {
  data: (value: T) => void;
  error: (message: string) => void;
  /** After data or error (e.g. clear a loading flag). */
  settled?: () => void;
}

/**
 * Hands the outcome of `work` to `to` only while the effect that started it is current. Return its
 * result from a `$effect`: when the effect re-runs (another id, metric or filter) or the component
 * goes away, a late answer from the earlier request is dropped instead of overwriting the new one.
 *
 *   $effect(() => deliver(request(Doc, { id }), { data: (d) => (run = d.run), error: (m) => (error = m) }));
 */
export function deliver<T>(work: Promise<T>, to: Delivery<T>): () => void {
  let cancelled = false;
  work
    .then((value) => {
      if (!cancelled) to.data(value);
    })
    .catch((err: unknown) => {
      if (!cancelled) to.error(errorMessage(err));
    })
    .finally(() => {
      if (!cancelled) to.settled?.();
    });
  return () => {
    cancelled = true;
  };
}

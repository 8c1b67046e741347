/**
 * A per-request batching loader: every `load(key)` made while GraphQL resolves one level of a
 * response (the same turn of the event loop) is answered by ONE call of `loadMany(keys)`, so a page
 * of 20 runs asking each for its hardware costs one statement, not 20. Keys are de-duplicated;
 * answers are cached for the loader's life (one request). The DataLoader pattern, in a few lines.
 *
 * `const hardware = batchLoader((ids) => findHardwareByIds(db, ids)); await hardware('h1')`.
 */
export function batchLoader<K, V>(
  loadMany: (keys: readonly K[]) => Promise<Map<K, V>>,
): (key: K) => Promise<V | undefined> {
  const cache = new Map<K, Promise<V | undefined>>();
  let batch: { keys: K[]; answers: Promise<Map<K, V>> } | null = null;
  const startBatch = () => {
    const keys: K[] = [];
    // Runs after the promise jobs of this turn (the sibling resolvers), as DataLoader schedules it.
    const answers = new Promise<Map<K, V>>((resolve, reject) => {
      void Promise.resolve().then(() =>
        process.nextTick(() => {
          batch = null;
          loadMany(keys).then(resolve, reject);
        }),
      );
    });
    return { keys, answers };
  };
  return (key) => {
    const cached = cache.get(key);
    if (cached) return cached;
    batch ??= startBatch();
    batch.keys.push(key);
    const result = batch.answers.then((answers) => answers.get(key));
    cache.set(key, result);
    return result;
  };
}

/**
 * Runs `task` over `inputs` with at most `concurrency` at once, in input order; stops starting
 * new tasks once the signal aborts. Results keep input positions; unstarted ones stay undefined.
 */
export async function runPool<T, R>(inputs: readonly T[], concurrency: number, task: (input: T, index: number) => Promise<R>, signal: AbortSignal): Promise<(R | undefined)[]> {
  const results = new Array<R | undefined>(inputs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < inputs.length && !signal.aborted) {
      const index = next++;
      results[index] = await task(inputs[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, inputs.length) }, worker));
  return results;
}

import { ConfigError } from '../../src/errors.js';

/** The problems a ConfigError thrown by `run` lists; none when it does not throw. Any other error is thrown on. */
export function configProblems(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

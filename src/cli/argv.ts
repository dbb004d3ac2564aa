/** The options of one command that take a value, and those whose value is a number (kebab-case and camelCase names). */
export interface OptionKinds {
  readonly values: ReadonlySet<string>;
  readonly numbers: ReadonlySet<string>;
}

/** Builds {@link OptionKinds} from the option lists yargs keeps for a command. */
export function optionKinds(options: { string: readonly string[]; number: readonly string[] }): OptionKinds {
  const both = (names: readonly string[]): Set<string> => new Set(names.flatMap((n) => [n, n.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())]));
  return { values: both([...options.string, ...options.number]), numbers: both(options.number) };
}

function numberProblem(name: string, value: string | undefined): string | null {
  if (value === undefined || value.startsWith('--')) return `--${name}: give a number`;
  if (value.trim() === '') return `--${name} '': give a number`;
  return Number.isFinite(Number(value)) ? null : `--${name} ${value}: not a number`;
}

/**
 * Prepares a command line for yargs the way getopt reads one: an option that takes a value
 * takes the next word even when that starts with '-' (`--shard -1/2`, `--junit -`), where yargs
 * would read it as flags. A number option whose value is empty or not a number is a problem,
 * named with the text given (yargs reads '' as 0 and 'abc' as NaN, losing both).
 */
export function prepareArgv(argv: readonly string[], kinds: OptionKinds): { argv: string[]; problems: string[] } {
  const out: string[] = [];
  const problems: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] ?? '';
    if (token === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const eq = token.indexOf('=');
    const name = token.startsWith('--') ? token.slice(2, eq < 0 ? undefined : eq) : '';
    if (!kinds.values.has(name)) {
      out.push(token);
      continue;
    }
    const value: string | undefined = eq < 0 ? argv[i + 1] : token.slice(eq + 1);
    if (eq < 0 && value !== undefined && value.startsWith('-') && !value.startsWith('--')) {
      out.push(`--${name}=${value}`);
      i++;
    } else {
      out.push(token);
    }
    const problem = kinds.numbers.has(name) ? numberProblem(name, value) : null;
    if (problem !== null) problems.push(problem);
  }
  return { argv: out, problems };
}

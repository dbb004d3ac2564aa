/**
 * Arithmetic over metric names: the left side of a `--fail-on` threshold and the body of a
 * `--objective`, e.g. `turn_split_rate + false_starts_per_hour/100` or
 * `(stopped_to_transcript_ms.p95 - 200) * 2`. Numbers, names, `+ - * /`, unary minus and
 * parentheses; `*` and `/` bind tighter than `+` and `-`, and operators of one level group from
 * the left. Which names exist is the caller's business (thresholds.ts checks them).
 */
export type MetricExpression =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'negate'; readonly operand: MetricExpression }
  | { readonly kind: 'binary'; readonly op: '+' | '-' | '*' | '/'; readonly left: MetricExpression; readonly right: MetricExpression };

/** A parsed expression, or why the text is not one. */
export type ParsedExpression = { readonly expr: MetricExpression } | { readonly error: string };

type Token = { readonly kind: 'number'; readonly value: number; readonly text: string } | { readonly kind: 'name' | 'op'; readonly text: string };

const TOKEN = /\s*(?:(\d+(?:\.\d+)?(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?)|([a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)*)|([-+*/()]))/iy;

function tokenize(text: string): Token[] | string {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (text.slice(TOKEN.lastIndex).trim() === '') break;
    const rest = text.slice(TOKEN.lastIndex);
    const at = TOKEN.lastIndex + rest.length - rest.trimStart().length;
    const match = TOKEN.exec(text);
    if (match === null) return `unexpected "${text.slice(at).trim().slice(0, 12)}" at character ${at + 1}`;
    const [, number, name, op] = match;
    if (number !== undefined) tokens.push({ kind: 'number', value: Number(number), text: number });
    else if (name !== undefined) tokens.push({ kind: 'name', text: name });
    else tokens.push({ kind: 'op', text: op ?? '' });
  }
  return tokens;
}

class Parser {
  private next = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  parse(): MetricExpression {
    const expr = this.sum();
    const left = this.tokens[this.next];
    if (left !== undefined) throw new Error(`unexpected "${left.text}" after a complete expression`);
    return expr;
  }

  private peek(...ops: string[]): string | null {
    const token = this.tokens[this.next];
    return token?.kind === 'op' && ops.includes(token.text) ? token.text : null;
  }

  private sum(): MetricExpression {
    let left = this.product();
    for (let op = this.peek('+', '-'); op !== null; op = this.peek('+', '-')) {
      this.next++;
      left = { kind: 'binary', op: op as '+' | '-', left, right: this.product() };
    }
    return left;
  }

  private product(): MetricExpression {
    let left = this.unary();
    for (let op = this.peek('*', '/'); op !== null; op = this.peek('*', '/')) {
      this.next++;
      left = { kind: 'binary', op: op as '*' | '/', left, right: this.unary() };
    }
    return left;
  }

  private unary(): MetricExpression {
    if (this.peek('-') !== null) {
      this.next++;
      return { kind: 'negate', operand: this.unary() };
    }
    return this.primary();
  }

  private primary(): MetricExpression {
    const token = this.tokens[this.next++];
    if (token === undefined) throw new Error('the expression ends where a number or a metric should be');
    if (token.kind === 'number') return { kind: 'number', value: token.value };
    if (token.kind === 'name') return { kind: 'name', name: token.text };
    if (token.text !== '(') throw new Error(`"${token.text}" where a number or a metric should be`);
    const inner = this.sum();
    if (this.peek(')') === null) throw new Error('a "(" is not closed');
    this.next++;
    return inner;
  }
}

/** Parses an expression; never throws. */
export function parseMetricExpression(text: string): ParsedExpression {
  const tokens = tokenize(text);
  if (typeof tokens === 'string') return { error: tokens };
  if (tokens.length === 0) return { error: 'the expression is empty' };
  try {
    return { expr: new Parser(tokens).parse() };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** Every name the expression uses, once each, in order of first use. */
export function expressionNames(expr: MetricExpression): string[] {
  if (expr.kind === 'number') return [];
  if (expr.kind === 'name') return [expr.name];
  if (expr.kind === 'negate') return expressionNames(expr.operand);
  return [...new Set([...expressionNames(expr.left), ...expressionNames(expr.right)])];
}

/** The value of an expression; null when a name has no value or the result is not a finite number (a division by zero). */
export function evaluateExpression(expr: MetricExpression, lookup: (name: string) => number | null): number | null {
  const value = evaluate(expr, lookup);
  return value !== null && Number.isFinite(value) ? value : null;
}

function evaluate(expr: MetricExpression, lookup: (name: string) => number | null): number | null {
  if (expr.kind === 'number') return expr.value;
  if (expr.kind === 'name') return lookup(expr.name);
  if (expr.kind === 'negate') {
    const operand = evaluate(expr.operand, lookup);
    return operand === null ? null : -operand;
  }
  const left = evaluate(expr.left, lookup);
  const right = evaluate(expr.right, lookup);
  if (left === null || right === null) return null;
  if (expr.op === '+') return left + right;
  if (expr.op === '-') return left - right;
  if (expr.op === '*') return left * right;
  return left / right;
}

const LEVEL = { '+': 1, '-': 1, '*': 2, '/': 2 } as const;

/** The expression written out with single spaces around `+` and `-` and only the parentheses it needs. */
export function formatExpression(expr: MetricExpression): string {
  if (expr.kind === 'number') return String(expr.value);
  if (expr.kind === 'name') return expr.name;
  if (expr.kind === 'negate') {
    const inner = formatExpression(expr.operand);
    return expr.operand.kind === 'binary' ? `-(${inner})` : `-${inner}`;
  }
  const level = LEVEL[expr.op];
  const side = (e: MetricExpression, right: boolean): string => {
    const text = formatExpression(e);
    // The right operand of - and / needs its parentheses even at the same level: a - (b - c).
    const needs = e.kind === 'binary' && (LEVEL[e.op] < level || (right && LEVEL[e.op] === level && (expr.op === '-' || expr.op === '/')));
    return needs ? `(${text})` : text;
  };
  const glue = level === 1 ? ` ${expr.op} ` : expr.op;
  return `${side(expr.left, false)}${glue}${side(expr.right, true)}`;
}

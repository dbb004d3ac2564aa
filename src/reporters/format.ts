/** Formats a number for CSV/tables: fixed digits, trailing zeros dropped; '' for null or NaN. */
export function formatNumber(value: number | null | undefined, digits: number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  const fixed = value.toFixed(digits);
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/** Milliseconds with one decimal. */
export const ms = (value: number | null | undefined): string => formatNumber(value, 1);
/** Rates (WER, CER) with four decimals. */
export const rate = (value: number | null | undefined): string => formatNumber(value, 4);

/** `detected/expected` turns; `-` stands for detected turns a target did not expose (a relay). */
export function turnCounts(detected: number | null, expected: number | null, separator = '/'): string {
  return `${detected === null ? '-' : String(detected)}${separator}${expected === null ? '?' : String(expected)}`;
}

/**
 * Masks a secret for display: at most its first four characters (a quarter of the value for short
 * ones, nothing below four characters), an ellipsis and its length. The rest never leaves the scanner.
 *
 * @example
 * ```ts
 * maskSecret("sk-p" + "a".repeat(47)); // "sk-p…(51 chars)"
 * maskSecret("hunter22"); // "hu…(8 chars)"
 * ```
 */
export function maskSecret(value: string): string {
  const shown = Math.min(4, Math.floor(value.length / 4));
  let head = value.slice(0, shown);
  // Never cut a surrogate pair in half.
  const last = head.charCodeAt(shown - 1);
  if (last >= 0xd800 && last <= 0xdbff) head = head.slice(0, -1);
  return `${head}…(${value.length} chars)`;
}

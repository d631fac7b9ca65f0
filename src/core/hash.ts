/** FNV-1a 64-bit over UTF-16 code units, as 16 hex digits. Pure JS so the core also runs in a web worker. */
export function fnv1a64(text: string): string {
  let h = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = 0xffffffffffffffffn;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * prime) & mask;
  }
  return h.toString(16).padStart(16, '0');
}

/** Hash of code with all whitespace removed, so re-indentation and reformatting keep the same hash. */
export function normalisedHash(code: string): string {
  return fnv1a64(code.replace(/\s+/g, ''));
}

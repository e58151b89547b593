const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Why Postgres cannot store this text, or null when it can. A NUL character is refused
 * by every text and jsonb column; a lone UTF-16 surrogate is refused by jsonb and
 * silently turned into U+FFFD by text columns — neither ever comes from honest input.
 */
export function unstorable(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain NUL (\\u0000) characters';
  if (loneSurrogate.test(text)) return 'must be valid Unicode (it holds an unpaired UTF-16 surrogate)';
  return null;
}

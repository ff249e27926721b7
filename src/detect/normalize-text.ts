/**
 * Undoes the encodings a credential commonly hides behind without changing the line layout:
 * URL-encoding of `+ / =` (presigned URLs, connection strings) and JSON's escaped slash `\/`.
 * Returns the text unchanged (same string) when neither occurs, so the common case is free.
 */
export function normalizeText(text: string): string {
  const url = /%2[BbFf]|%3[Dd]/.test(text);
  const json = text.includes('\\/');
  if (!url && !json) return text;
  let out = text;
  if (json) out = out.replace(/\\\//g, '/');
  if (url) {
    out = out
      .replace(/%2[Bb]/g, '+')
      .replace(/%2[Ff]/g, '/')
      .replace(/%3[Dd]/g, '=');
  }
  return out;
}

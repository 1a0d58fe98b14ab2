const HTML_SPECIAL = /[&<>"']/;
const HTML_SPECIAL_ALL = /[&<>"']/g;
const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const toEntity = (c: string): string => ENTITIES[c];

/**
 * Escapes a value for HTML text and quoted attribute values; `null`/`undefined` print nothing.
 * The quick `test` keeps the common case (nothing to escape) free of allocations.
 */
export function escapeHtml(value: unknown): string {
  if (value === undefined || value === null) return '';
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- EJS prints any value via String()
  const text = typeof value === 'string' ? value : String(value);
  return HTML_SPECIAL.test(text) ? text.replace(HTML_SPECIAL_ALL, toEntity) : text;
}

// XML 1.0 §2.2: these code points may not appear in a document, not even as character
// references, so a parser rejects the whole response. They become U+FFFD instead.
const XML_FORBIDDEN =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const XML_FORBIDDEN_ALL = new RegExp(XML_FORBIDDEN.source, 'g');

/**
 * Escapes a value for XML text and attribute values (`&#39;` and `&quot;` are valid in XML
 * too), replacing characters XML 1.0 forbids with U+FFFD so the document stays well-formed.
 */
export function escapeXml(value: unknown): string {
  if (value === undefined || value === null) return '';
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- EJS prints any value via String()
  let text = typeof value === 'string' ? value : String(value);
  if (XML_FORBIDDEN.test(text)) text = text.replace(XML_FORBIDDEN_ALL, '\uFFFD');
  return HTML_SPECIAL.test(text) ? text.replace(HTML_SPECIAL_ALL, toEntity) : text;
}

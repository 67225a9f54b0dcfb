/**
 * Which links the consoles' pages may carry (`h` in dom.ts drops any other `href`): this site, a
 * phone number or a fragment; nothing else (no javascript:). A path starts with one `/` followed
 * by neither `/` nor a backslash (browsers read `/\host` as `//host`), and holds no tab or newline
 * (which browsers drop from a URL: `/\t/host` is `//host` too).
 */
export function safeHref(v: unknown): boolean {
  return typeof v === 'string' && (/^\/(?![/\\])[^\t\n\r]*$/.test(v) || /^#/.test(v) || /^tel:\+?[0-9]+$/.test(v));
}

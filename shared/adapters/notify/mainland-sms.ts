/** What the Alibaba Cloud and Tencent Cloud SMS senders share. */

/** `+8613912345678` → `13912345678`; undefined for a number outside the mainland. */
export function mainlandNational(phone: string): string | undefined {
  const match = /^\+86(1[3-9]\d{9})$/.exec(phone);
  return match?.[1];
}

/** A provider's error code as it may appear in our errors: code characters only, never free text. */
export function safeCode(code: string | undefined): string {
  return code && /^[A-Za-z0-9._-]{1,80}$/.test(code) ? code : 'unknown';
}

/** `https://host:port` → the host (with port) and protocol the SDKs take separately. */
export function endpointParts(url: string): { host: string; protocol: 'http' | 'https' } {
  const parsed = new URL(url);
  return { host: parsed.host, protocol: parsed.protocol === 'http:' ? 'http' : 'https' };
}

/**
 * The class a CommonJS SDK exports as `default`: Node's ESM loader hands `import X from` the
 * whole `module.exports` (whose `default` is the class), a bundler may hand the class itself.
 */
export function cjsDefault<T>(imported: T): T {
  const inner = (imported as { default?: T }).default;
  return inner ?? imported;
}

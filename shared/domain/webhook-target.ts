/**
 * Where a webhook may point: HTTPS to a public address. Staff type the URL, and the system POSTs
 * to it, so a URL to loopback, a private network, link-local (the cloud metadata service) or the
 * like would let staff reach what only the system can reach. Checked when a channel is saved (a
 * literal address or `localhost`) and again when sending, on the address the host resolves to.
 * The local stack alone allows plain http and loopback (its test receiver is on 127.0.0.1).
 */
import { isIP } from 'node:net';

/** Why an address is refused, or undefined for a public one. */
export function refusedAddressReason(address: string): string | undefined {
  const family = isIP(address);
  if (family === 4) return refusedV4(v4Bytes(address));
  if (family === 6) return refusedV6(v6Groups(address));
  return 'not an IP address';
}

export interface WebhookUrlPolicy {
  /** Local stack only: plain http and loopback targets are allowed. */
  readonly allowLocal: boolean;
}

/** Why a webhook URL is refused before any lookup, or undefined. Hosts by name are checked when sending. */
export function refusedWebhookUrl(url: string, policy: WebhookUrlPolicy): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'Not a URL';
  }
  if (parsed.protocol !== 'https:' && !(policy.allowLocal && parsed.protocol === 'http:')) return 'Webhooks must use https';
  const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return policy.allowLocal ? undefined : 'Not a public address (loopback)';
  if (!isIP(host)) return undefined;
  const reason = refusedAddressReason(host);
  if (!reason || (policy.allowLocal && reason === 'loopback')) return undefined;
  return `Not a public address (${reason})`;
}

function v4Bytes(address: string): number[] {
  return address.split('.').map(Number);
}

function refusedV4([a = 0, b = 0, c = 0, d = 0]: number[]): string | undefined {
  if (a === 169 && b === 254 && c === 169 && d === 254) return 'metadata';
  if (a === 255 && b === 255 && c === 255 && d === 255) return 'broadcast';
  if (a === 0) return 'unspecified';
  if (a === 127) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
  if (a === 100 && b >= 64 && b <= 127) return 'private';
  if (a === 169 && b === 254) return 'link-local';
  // IETF protocol assignments (DS-Lite, NAT64 discovery), benchmarking, documentation.
  if (a === 192 && b === 0 && (c === 0 || c === 2)) return 'reserved';
  if ((a === 198 && (b === 18 || b === 19)) || (a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113)) {
    return 'reserved';
  }
  if (a >= 224 && a <= 239) return 'multicast';
  if (a >= 240) return 'reserved';
  return undefined;
}

/** The eight 16-bit groups of an IPv6 address, a trailing dotted quad included. */
function v6Groups(address: string): number[] {
  let text = address.toLowerCase().replace(/%.*$/, '');
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (quad?.[1]) {
    const [a = 0, b = 0, c = 0, d = 0] = v4Bytes(quad[1]);
    text = `${text.slice(0, -quad[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parts = (s: string) => (s ? s.split(':').map((g) => Number.parseInt(g, 16)) : []);
  const left = parts(head);
  const right = tail === undefined ? [] : parts(tail);
  return [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
}

function refusedV6(g: number[]): string | undefined {
  const v4At = (i: number) => [(g[i] ?? 0) >> 8, (g[i] ?? 0) & 255, (g[i + 1] ?? 0) >> 8, (g[i + 1] ?? 0) & 255];
  const zero = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  const first = g[0] ?? 0;
  if (zero(0, 8)) return 'unspecified';
  if (zero(0, 7) && g[7] === 1) return 'loopback';
  // Addresses that carry an IPv4 address, judged as it: IPv4-mapped (::ffff:a.b.c.d), IPv4-translated
  // (SIIT, ::ffff:0:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d), 6to4 (2002:aabb:ccdd::).
  if (zero(0, 5) && g[5] === 0xffff) return refusedV4(v4At(6));
  if (zero(0, 4) && g[4] === 0xffff && g[5] === 0) return refusedV4(v4At(6));
  if (zero(0, 6)) return refusedV4(v4At(6)) ?? 'reserved';
  if (first === 0x64 && g[1] === 0xff9b && zero(2, 6)) return refusedV4(v4At(6));
  if (first === 0x2002) return refusedV4(v4At(1));
  // A network's own NAT64 (64:ff9b:1::/48) and Teredo (2001::/32): where they lead is not in the address.
  if (first === 0x64 && g[1] === 0xff9b && g[2] === 1) return 'local NAT64';
  if (first === 0x2001 && g[1] === 0) return 'Teredo';
  if (first === 0xfd00 && g[1] === 0x0ec2 && zero(2, 7) && g[7] === 0x254) return 'metadata';
  if ((first & 0xffc0) === 0xfe80) return 'link-local';
  if ((first & 0xffc0) === 0xfec0) return 'site-local';
  if ((first & 0xfe00) === 0xfc00) return 'unique-local';
  if ((first & 0xff00) === 0xff00) return 'multicast';
  return undefined;
}

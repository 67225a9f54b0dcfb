/** The network a client address belongs to, for limits that a few addresses of one subscriber or site should share. */
import { isIP } from 'node:net';

/**
 * An IPv4 address's /24 (`1.2.3.0/24`), an IPv6 address's /64 (`2408:8207:1:2::/64`; an
 * IPv4-mapped one as IPv4). Anything else (no address at all) is itself.
 */
export function networkOf(address: string): string {
  const ip = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] ?? address;
  const family = isIP(ip);
  if (family === 4) return `${ip.split('.').slice(0, 3).join('.')}.0/24`;
  if (family !== 6) return address;
  // An embedded IPv4 address is the last 32 bits: two groups, outside the /64.
  const groups = (part: string) => (part ? part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])) : []);
  const [head = '', tail] = ip.split('%')[0]!.split('::');
  const first = groups(head);
  const last = tail === undefined ? [] : groups(tail);
  const all = [...first, ...Array<string>(Math.max(0, 8 - first.length - last.length)).fill('0'), ...last];
  return `${all
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

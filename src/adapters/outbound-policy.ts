import ipaddr from 'ipaddr.js';
import { StepError } from '../engine/errors.ts';
import type { AddressCheck } from './outbound-http.ts';

type IP = ipaddr.IPv4 | ipaddr.IPv6;
type Range = { cidr: string; parsed: [IP, number]; kind: string };

export const ALLOW_SETTING = 'LEVQOR_OUTBOUND_ALLOW';

const range = (cidr: string, kind: string): Range => ({ cidr, parsed: ipaddr.parseCIDR(cidr), kind });

/** Destinations refused unless allowed; the first match names the reason. Documented in docs/operations.md. */
export const BLOCKED_RANGES: readonly Range[] = [
  range('0.0.0.0/8', 'unspecified'),
  range('10.0.0.0/8', 'private'),
  range('100.64.0.0/10', 'carrier-grade NAT'),
  range('127.0.0.0/8', 'loopback'),
  range('169.254.0.0/16', 'link-local'),
  range('172.16.0.0/12', 'private'),
  range('192.0.0.0/24', 'reserved'),
  range('192.0.2.0/24', 'documentation'),
  range('192.88.99.0/24', 'reserved'),
  range('192.168.0.0/16', 'private'),
  range('198.18.0.0/15', 'benchmarking'),
  range('198.51.100.0/24', 'documentation'),
  range('203.0.113.0/24', 'documentation'),
  range('224.0.0.0/4', 'multicast'),
  range('255.255.255.255/32', 'broadcast'),
  range('240.0.0.0/4', 'reserved'),
  range('::/128', 'unspecified'),
  range('::1/128', 'loopback'),
  range('100::/64', 'discard-only'),
  range('64:ff9b:1::/48', 'local-use NAT64'),
  range('2001:2::/48', 'benchmarking'),
  range('2001:db8::/32', 'documentation'),
  range('3fff::/20', 'documentation'),
  range('fc00::/7', 'unique-local'),
  range('fe80::/10', 'link-local'),
  range('fec0::/10', 'site-local'),
  range('ff00::/8', 'multicast'),
];

/** IPv6 forms that carry an IPv4 address: judged by the IPv4 address they lead to. */
const EMBEDDINGS: readonly { range: Range; extract: (parts: number[]) => number[] }[] = [
  { range: range('::/96', 'IPv4-compatible'), extract: (p) => [p[6], p[7]] },
  { range: range('::ffff:0:0:0/96', 'IPv4-translated'), extract: (p) => [p[6], p[7]] },
  { range: range('64:ff9b::/96', 'NAT64'), extract: (p) => [p[6], p[7]] },
  { range: range('2002::/16', '6to4'), extract: (p) => [p[1], p[2]] },
  // Teredo stores the client's IPv4 address inverted.
  { range: range('2001::/32', 'Teredo'), extract: (p) => [p[6] ^ 0xffff, p[7] ^ 0xffff] },
];

type Refusal = { range: string; reason: string };

type AllowList = { hosts: Set<string>; suffixes: string[]; ranges: [IP, number][] };

/**
 * The address check for outbound requests: refuses non-public destinations (by resolved IP, including
 * IPv6 forms that embed an IPv4 address) unless `allow` lists the host or a range holding the address.
 */
export function createOutboundPolicy(allow: string[]): AddressCheck {
  const allowed = parseAllowList(allow);
  return (address, _family, host) => {
    if (hostAllowed(allowed, host)) return;
    const refusal = refusalFor(address, allowed);
    if (!refusal) return;
    const origin = host && host !== address ? `, resolved from "${host}"` : '';
    const orHost = host && host !== address ? ` (or the host "${host}")` : '';
    throw new StepError(
      'address_blocked',
      `refused to connect to ${address} (${refusal.reason}${origin}): outbound requests to private, loopback, link-local and other non-public networks are blocked; ` +
        `to allow it, add "${address}" or its range${orHost} to ${ALLOW_SETTING}`,
      { details: { address, host, range: refusal.range } },
    );
  };
}

function refusalFor(address: string, allowed: AllowList): Refusal | undefined {
  let ip: IP;
  try {
    ip = ipaddr.parse(address);
  } catch {
    return { range: address, reason: 'not a recognisable IP address' };
  }
  // ::ffff:a.b.c.d is the IPv4 address itself to the socket layer.
  const mapped = ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress();
  if (mapped) ip = (ip as ipaddr.IPv6).toIPv4Address();
  if (inRanges(ip, allowed.ranges)) return undefined;
  const blocked = BLOCKED_RANGES.find((r) => matches(ip, r.parsed));
  if (blocked) {
    const reason = mapped ? `IPv4-mapped IPv6 form of ${ip.toString()}, a ${blocked.kind} address` : `${blocked.kind} address`;
    return { range: blocked.cidr, reason };
  }
  if (ip.kind() !== 'ipv6') return undefined;
  const parts = (ip as ipaddr.IPv6).parts;
  for (const { range: r, extract } of EMBEDDINGS) {
    if (!matches(ip, r.parsed)) continue;
    const [high, low] = extract(parts);
    const v4 = new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
    if (inRanges(v4, allowed.ranges)) return undefined;
    const inner = BLOCKED_RANGES.find((b) => matches(v4, b.parsed));
    if (inner) return { range: inner.cidr, reason: `${r.kind} IPv6 form of ${v4.toString()}, a ${inner.kind} address` };
  }
  return undefined;
}

function matches(ip: IP, [network, bits]: [IP, number]): boolean {
  return ip.kind() === network.kind() && ip.match(network, bits);
}

function inRanges(ip: IP, ranges: [IP, number][]): boolean {
  return ranges.some((r) => matches(ip, r));
}

function hostAllowed(allowed: AllowList, host: string): boolean {
  const name = normaliseHost(host);
  return allowed.hosts.has(name) || allowed.suffixes.some((suffix) => name.endsWith(suffix));
}

const normaliseHost = (host: string) => host.toLowerCase().replace(/\.$/, '');

const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;

/** Why `entry` is not a valid allow-list entry, or undefined when it is one. */
export function allowEntryProblem(entry: string): string | undefined {
  return parseAllowEntry(entry) ? undefined : `"${entry}" is not a hostname, *.hostname, IP address or CIDR range`;
}

type AllowEntry = { host: string } | { suffix: string } | { range: [IP, number] };

function parseAllowEntry(raw: string): AllowEntry | undefined {
  const entry = raw.trim().replace(/^\[(.*)\]$/, '$1');
  if (ipaddr.IPv4.isValidFourPartDecimal(entry)) return { range: [ipaddr.IPv4.parse(entry), 32] };
  if (ipaddr.IPv4.isValidCIDRFourPartDecimal(entry)) return { range: ipaddr.IPv4.parseCIDR(entry) };
  if (ipaddr.IPv6.isValid(entry)) {
    const ip = ipaddr.IPv6.parse(entry);
    return { range: ip.isIPv4MappedAddress() ? [ip.toIPv4Address(), 32] : [ip, 128] };
  }
  if (ipaddr.IPv6.isValidCIDR(entry)) return { range: ipaddr.IPv6.parseCIDR(entry) };
  const wildcard = entry.startsWith('*.');
  const name = normaliseHost(wildcard ? entry.slice(2) : entry);
  const labels = name.split('.');
  // A name ending in a number is an IPv4 address to URL parsers, never a hostname.
  if (name.length > 253 || !labels.every((l) => LABEL.test(l)) || /^(\d+|0x[0-9a-f]*)$/.test(labels.at(-1)!)) return undefined;
  return wildcard ? { suffix: `.${name}` } : { host: name };
}

function parseAllowList(entries: string[]): AllowList {
  const list: AllowList = { hosts: new Set(), suffixes: [], ranges: [] };
  for (const raw of entries) {
    const entry = parseAllowEntry(raw);
    if (!entry) throw new Error(`${ALLOW_SETTING}: ${allowEntryProblem(raw)}`);
    if ('host' in entry) list.hosts.add(entry.host);
    else if ('suffix' in entry) list.suffixes.push(entry.suffix);
    else list.ranges.push(entry.range);
  }
  return list;
}

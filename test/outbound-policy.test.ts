import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { createOutboundHttp, type Resolve } from '../src/adapters/outbound-http.ts';
import { allowEntryProblem, createOutboundPolicy } from '../src/adapters/outbound-policy.ts';
import { ConfigError, loadConfig } from '../src/config/config.ts';
import { StepError } from '../src/engine/errors.ts';
import { startLocalHttp } from './support/local-http.ts';
import { startTestLevqor } from './support/test-levqor.ts';

type LocalService = Awaited<ReturnType<typeof startLocalHttp>>;

/** A fake DNS: each name answers the listed addresses; unknown names fail like NXDOMAIN. */
function fakeResolver(table: Record<string, string[]>): Resolve {
  return async (hostname) => {
    const answer = table[hostname];
    if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return answer.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

function request(url: string) {
  return { method: 'GET', url, headers: {}, signal: AbortSignal.timeout(5_000), maxResponseBytes: 1024 };
}

async function refusal(promise: Promise<unknown>): Promise<StepError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof StepError, `expected a StepError, got ${String(error)}`);
    return error;
  }
  assert.fail('the request was not refused');
}

/** Listens on ::1 at `port` when the host has IPv6 loopback; undefined otherwise. */
async function listenOnIpv6Loopback(port: number, hits: string[]): Promise<Server | undefined> {
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.end('reached');
  });
  return new Promise((resolve) => {
    server.once('error', () => resolve(undefined));
    server.listen(port, '::1', () => resolve(server));
  });
}

describe('the outbound address policy refuses a corpus of bypass forms', () => {
  let target: LocalService;
  let redirector: LocalService;
  let ipv6Target: Server | undefined;
  const ipv6Hits: string[] = [];
  let port: number;
  const strict = () =>
    createOutboundHttp({
      checkAddress: createOutboundPolicy([]),
      resolve: fakeResolver({
        localhost: ['127.0.0.1', '::1'],
        'internal.example': ['10.0.0.5'],
        'mixed.example': ['93.184.216.34', '127.0.0.1'],
        'metadata.example': ['169.254.169.254'],
        'mapped.example': ['::ffff:7f00:1'],
      }),
    });
  let outbound: ReturnType<typeof createOutboundHttp>;
  // The redirector on 127.0.0.1 is allowed; where it sends the request is not.
  let viaAllowedRedirect: ReturnType<typeof createOutboundHttp>;

  before(async () => {
    target = await startLocalHttp((_req, res) => res.end('reached'));
    port = Number(new URL(target.url).port);
    redirector = await startLocalHttp((req, res) => {
      res.writeHead(302, { location: decodeURIComponent(req.url.slice('/to/'.length)) }).end();
    });
    ipv6Target = await listenOnIpv6Loopback(port, ipv6Hits);
    outbound = strict();
    viaAllowedRedirect = createOutboundHttp({ checkAddress: createOutboundPolicy(['127.0.0.1']) });
  });

  after(async () => {
    await outbound.close();
    await viaAllowedRedirect.close();
    await target.close();
    await redirector.close();
    if (ipv6Target) await new Promise((resolve) => ipv6Target!.close(resolve));
  });

  // [name, url (PORT is the loopback target's port), the address the error must name]
  const corpus: [string, string, string][] = [
    ['loopback literal', 'http://127.0.0.1:PORT/', '127.0.0.1'],
    ['localhost resolving to loopback', 'http://localhost:PORT/', '127.0.0.1'],
    ['decimal IPv4', 'http://2130706433:PORT/', '127.0.0.1'],
    ['octal IPv4', 'http://0177.0.0.1:PORT/', '127.0.0.1'],
    ['hex IPv4', 'http://0x7f000001:PORT/', '127.0.0.1'],
    ['dotted hex IPv4', 'http://0x7f.0.0.1:PORT/', '127.0.0.1'],
    ['short IPv4', 'http://127.1:PORT/', '127.0.0.1'],
    ['percent-encoded IPv4', 'http://%31%32%37.0.0.1:PORT/', '127.0.0.1'],
    ['IPv4 with a trailing dot', 'http://127.0.0.1.:PORT/', '127.0.0.1'],
    ['IPv6 loopback', 'http://[::1]:PORT/', '::1'],
    ['IPv4-mapped IPv6 in dotted form', 'http://[::ffff:127.0.0.1]:PORT/', '::ffff:7f00:1'],
    ['IPv4-mapped IPv6 in hex form', 'http://[::ffff:7f00:1]:PORT/', '::ffff:7f00:1'],
    ['a hostname resolving to an IPv4-mapped loopback', 'http://mapped.example:PORT/', '::ffff:7f00:1'],
    ['IPv4-compatible IPv6', 'http://[::127.0.0.1]:PORT/', '::7f00:1'],
    ['IPv4-translated IPv6', 'http://[::ffff:0:7f00:1]:PORT/', '::ffff:0:7f00:1'],
    ['expanded IPv4-mapped metadata address', 'http://[0:0:0:0:0:ffff:a9fe:a9fe]/', '::ffff:a9fe:a9fe'],
    ['cloud metadata address', 'http://169.254.169.254/latest/meta-data', '169.254.169.254'],
    ['a hostname resolving to the metadata address', 'http://metadata.example/latest/meta-data', '169.254.169.254'],
    ['unique-local IPv6', 'http://[fd00::1]/', 'fd00::1'],
    ['link-local IPv6', 'http://[fe80::1]/', 'fe80::1'],
    ['site-local IPv6', 'http://[fec0::1]/', 'fec0::1'],
    ['carrier-grade NAT', 'http://100.64.0.1/', '100.64.0.1'],
    ['private 10/8', 'http://10.1.2.3/', '10.1.2.3'],
    ['private 172.16/12', 'http://172.16.0.1/', '172.16.0.1'],
    ['private 192.168/16', 'http://192.168.1.1/', '192.168.1.1'],
    ['unspecified IPv4', 'http://0.0.0.0:PORT/', '0.0.0.0'],
    ['zero short form', 'http://0:PORT/', '0.0.0.0'],
    ['unspecified IPv6', 'http://[::]:PORT/', '::'],
    ['multicast IPv4', 'http://224.0.0.1/', '224.0.0.1'],
    ['multicast IPv6', 'http://[ff02::1]/', 'ff02::1'],
    ['broadcast', 'http://255.255.255.255/', '255.255.255.255'],
    ['benchmarking range', 'http://198.18.0.1/', '198.18.0.1'],
    ['NAT64 form of loopback', 'http://[64:ff9b::7f00:1]/', '64:ff9b::7f00:1'],
    ['6to4 form of loopback', 'http://[2002:7f00:1::]/', '2002:7f00:1::'],
    ['Teredo form of loopback', 'http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/', '2001:0:4136:e378:8000:63bf:80ff:fffe'],
    ['a hostname resolving to a private address', 'http://internal.example/', '10.0.0.5'],
    ['a hostname resolving to one public and one private address', 'http://mixed.example:PORT/', '127.0.0.1'],
  ];

  for (const [name, rawUrl, address] of corpus) {
    test(`${name} (${rawUrl.replace(':PORT', '')}) is refused with address_blocked naming ${address} and LEVQOR_OUTBOUND_ALLOW`, async () => {
      const before = target.received.length;
      const error = await refusal(outbound.request(request(rawUrl.replace('PORT', String(port)))));
      assert.equal(error.code, 'address_blocked', error.message);
      assert.equal(error.retryable, false);
      assert.ok(error.message.includes(`refused to connect to ${address} (`), error.message);
      assert.match(error.message, /LEVQOR_OUTBOUND_ALLOW/);
      assert.equal((error.details as { address: string }).address, address);
      assert.equal(target.received.length, before, 'the loopback target received nothing');
      assert.deepEqual(ipv6Hits, [], 'the IPv6 loopback target received nothing');
    });
  }

  test('a redirect from an allowed local server to the metadata address is refused at the redirect hop', async () => {
    const error = await refusal(viaAllowedRedirect.request(request(`${redirector.url}/to/${encodeURIComponent('http://169.254.169.254/latest/meta-data')}`)));
    assert.equal(error.code, 'address_blocked');
    assert.match(error.message, /^refused to connect to 169\.254\.169\.254 \(link-local address\)/);
    assert.match(error.message, /LEVQOR_OUTBOUND_ALLOW/);
    assert.equal(redirector.received.at(-1)!.url.startsWith('/to/'), true, 'the allowed first hop was made');
  });

  test('a redirect from an allowed local server to IPv6 loopback is refused and the target receives nothing', async () => {
    const error = await refusal(viaAllowedRedirect.request(request(`${redirector.url}/to/${encodeURIComponent(`http://[::1]:${port}/`)}`)));
    assert.equal(error.code, 'address_blocked');
    assert.ok(error.message.includes('refused to connect to ::1 ('), error.message);
    assert.match(error.message, /LEVQOR_OUTBOUND_ALLOW/);
    assert.deepEqual(ipv6Hits, []);
  });

  test('a redirect to a hostname resolving to a private address is refused at the lookup', async () => {
    const resolving = createOutboundHttp({ checkAddress: createOutboundPolicy(['127.0.0.1']), resolve: fakeResolver({ 'internal.example': ['10.0.0.5'] }) });
    const error = await refusal(resolving.request(request(`${redirector.url}/to/${encodeURIComponent('http://internal.example/admin')}`)));
    await resolving.close();
    assert.equal(error.code, 'address_blocked');
    assert.ok(error.message.includes('refused to connect to 10.0.0.5 (private address, resolved from "internal.example")'), error.message);
    assert.deepEqual(error.details, { address: '10.0.0.5', host: 'internal.example', range: '10.0.0.0/8' });
  });

  for (const scheme of ['file:///etc/passwd', 'ftp://127.0.0.1:PORT/', 'gopher://127.0.0.1:PORT/_x', 'ws://127.0.0.1:PORT/', 'data:text/plain,hi']) {
    test(`the scheme of ${scheme.replace(':PORT', '')} is refused with invalid_url and the target receives nothing`, async () => {
      const before = target.received.length;
      const error = await refusal(outbound.request(request(scheme.replace('PORT', String(port)))));
      assert.equal(error.code, 'invalid_url');
      assert.match(error.message, new RegExp(`only http: and https: URLs are allowed, got ${scheme.split(':')[0]}:`));
      assert.equal(target.received.length, before);
    });
  }

  test('a redirect to a file: URL is refused with invalid_url', async () => {
    const error = await refusal(viaAllowedRedirect.request(request(`${redirector.url}/to/${encodeURIComponent('file:///etc/passwd')}`)));
    assert.equal(error.code, 'invalid_url');
  });
});

describe('the outbound address policy as a function', () => {
  const check = createOutboundPolicy([]);
  const refuses = (address: string, host = address) => {
    try {
      check(address, address.includes(':') ? 6 : 4, host);
      return false;
    } catch (error) {
      assert.ok(error instanceof StepError && error.code === 'address_blocked');
      return true;
    }
  };

  test('public IPv4 and IPv6 addresses, and IPv6 forms embedding a public IPv4 address, pass', () => {
    const publicAddresses = [
      '93.184.216.34', '8.8.8.8', '1.1.1.1', '11.0.0.1', '100.128.0.1', '172.32.0.1', '169.253.255.255', '192.169.0.1', '223.255.255.254',
      '2606:4700::1', '2a00:1450:4001::1', '::ffff:93.184.216.34', '64:ff9b::5db8:d822', '2002:5db8:d822::1',
    ];
    for (const address of publicAddresses) assert.equal(refuses(address, 'example.com'), false, address);
  });

  test('each blocked range refuses its first, a middle and its last address', () => {
    const blocked = [
      '0.0.0.0', '0.255.255.255', '10.0.0.0', '10.255.255.255', '100.64.0.0', '100.127.255.255', '127.0.0.1', '127.255.255.255',
      '169.254.0.1', '169.254.169.254', '172.16.0.0', '172.31.255.255', '192.0.0.8', '192.0.2.1', '192.168.0.1', '198.18.0.1',
      '198.19.255.255', '198.51.100.7', '203.0.113.9', '224.0.0.1', '239.255.255.255', '240.0.0.1', '255.255.255.255',
      '::', '::1', 'fc00::1', 'fd00::1', 'fdff:ffff::1', 'fe80::1', 'febf::1', 'fec0::1', 'ff02::1', 'ff0e::1', '2001:db8::1',
      '::ffff:10.0.0.1', '::ffff:169.254.169.254', '64:ff9b::a00:1', '2002:a9fe:a9fe::', '::a00:1',
    ];
    for (const address of blocked) assert.equal(refuses(address), true, address);
  });

  test('the refusal names the address, the host it came from, the range and the setting', () => {
    assert.throws(() => check('10.0.0.5', 4, 'internal.example'), (error: StepError) => {
      assert.equal(error.code, 'address_blocked');
      assert.equal(error.retryable, false);
      assert.equal(
        error.message,
        'refused to connect to 10.0.0.5 (private address, resolved from "internal.example"): outbound requests to private, loopback, link-local and other non-public networks are blocked; ' +
          'to allow it, add "10.0.0.5" or its range (or the host "internal.example") to LEVQOR_OUTBOUND_ALLOW',
      );
      assert.deepEqual(error.details, { address: '10.0.0.5', host: 'internal.example', range: '10.0.0.0/8' });
      return true;
    });
    assert.throws(() => check('::ffff:7f00:1', 6, '::ffff:7f00:1'), /IPv4-mapped IPv6 form of 127\.0\.0\.1, a loopback address/);
    assert.throws(() => check('2002:7f00:1::', 6, '2002:7f00:1::'), /6to4 IPv6 form of 127\.0\.0\.1, a loopback address/);
  });

  test('an address that cannot be parsed is refused rather than let through', () => {
    assert.equal(refuses('not-an-ip'), true);
  });

  test('the allow-list admits listed IPs, CIDRs and hostnames and nothing else', () => {
    const allow = createOutboundPolicy(['10.0.0.5', '192.168.0.0/16', 'fd12::/16', '[::1]', 'crm.internal', '*.internal.test']);
    const admits = (address: string, host: string) => {
      try {
        allow(address, address.includes(':') ? 6 : 4, host);
        return true;
      } catch {
        return false;
      }
    };
    const cases: [string, string, boolean][] = [
      ['10.0.0.5', 'anything.example', true],
      ['::ffff:10.0.0.5', '::ffff:a00:5', true],
      ['10.0.0.6', 'anything.example', false],
      ['192.168.44.3', '192.168.44.3', true],
      ['172.16.0.1', '172.16.0.1', false],
      ['fd12::5', 'fd12::5', true],
      ['fd13::5', 'fd13::5', false],
      ['::1', '::1', true],
      ['127.0.0.1', '127.0.0.1', false],
      ['10.9.9.9', 'crm.internal', true],
      ['10.9.9.9', 'CRM.Internal.', true],
      ['10.9.9.9', 'crm.internal.evil.example', false],
      ['10.9.9.9', 'other.internal', false],
      ['10.9.9.9', 'api.internal.test', true],
      ['10.9.9.9', 'a.b.internal.test', true],
      ['10.9.9.9', 'internal.test', false],
      ['10.9.9.9', 'evilinternal.test', false],
      ['169.254.169.254', 'metadata.example', false],
    ];
    for (const [address, host, expected] of cases) assert.equal(admits(address, host), expected, `${host} → ${address}`);
  });

  test('allow-list entries are validated: hosts, *.hosts, IPs and CIDRs only', () => {
    for (const good of ['example.com', 'crm', '*.internal.test', '10.0.0.5', '10.0.0.0/8', '::1', '[fd00::1]', 'fd00::/8', 'svc_a.local']) {
      assert.equal(allowEntryProblem(good), undefined, good);
    }
    for (const bad of ['http://example.com', 'a b', '*', '*.', 'foo.*.bar', '10.0.0.0/33', '10', '999.1.1.1', '0x7f000001', '-bad.example', 'host:80', '::1/129']) {
      assert.match(allowEntryProblem(bad) ?? '', /is not a hostname, \*\.hostname, IP address or CIDR range/, bad);
    }
    assert.throws(() => createOutboundPolicy(['not a host']), /LEVQOR_OUTBOUND_ALLOW: "not a host"/);
  });

  test('LEVQOR_OUTBOUND_ALLOW is split on commas; unset or empty allows nothing; a bad entry stops the start naming the variable and the entry', () => {
    assert.deepEqual(loadConfig({}).outbound.allow, []);
    assert.deepEqual(loadConfig({ LEVQOR_OUTBOUND_ALLOW: '' }).outbound.allow, []);
    assert.deepEqual(loadConfig({ LEVQOR_OUTBOUND_ALLOW: ' 127.0.0.1, 10.0.0.0/8 ,,*.svc.local' }).outbound.allow, ['127.0.0.1', '10.0.0.0/8', '*.svc.local']);
    assert.throws(() => loadConfig({ LEVQOR_OUTBOUND_ALLOW: '127.0.0.1,http://crm.internal' }), (error: Error) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /^ {2}LEVQOR_OUTBOUND_ALLOW: "http:\/\/crm\.internal" is not a hostname/m);
      return true;
    });
  });
});

describe('the connection goes to the address that was checked', () => {
  test('a resolver answering a public-looking address, then loopback, cannot make a connection reach loopback', async () => {
    // 127.0.0.2 plays the public address (the only one allowed); 127.0.0.1 on the same port is the internal service.
    const internal = await startLocalHttp((_req, res) => res.end('internal'));
    const port = Number(new URL(internal.url).port);
    const publicHits: string[] = [];
    const publicServer = createServer((req, res) => {
      publicHits.push(`${req.socket.localAddress} ${req.url}`);
      res.setHeader('connection', 'close');
      res.end('public');
    });
    await new Promise<void>((resolve) => publicServer.listen(port, '127.0.0.2', resolve));
    const answers: string[] = [];
    const checked: string[] = [];
    const policy = createOutboundPolicy(['127.0.0.2']);
    const outbound = createOutboundHttp({
      resolve: async () => {
        const address = answers.length === 0 ? '127.0.0.2' : '127.0.0.1';
        answers.push(address);
        return [{ address, family: 4 }];
      },
      checkAddress(address, family, host) {
        checked.push(address);
        policy(address, family, host);
      },
    });
    try {
      const first = await outbound.request(request(`http://rebind.example:${port}/first`));
      assert.equal(Buffer.from(first.body).toString(), 'public');
      assert.deepEqual(publicHits, ['127.0.0.2 /first'], 'the first connection went to the checked answer');
      // The public server closed the connection, so the next request resolves again and gets loopback.
      const error = await refusal(outbound.request(request(`http://rebind.example:${port}/second`)));
      assert.equal(error.code, 'address_blocked');
      assert.ok(error.message.includes('refused to connect to 127.0.0.1 (loopback address, resolved from "rebind.example")'), error.message);
      assert.deepEqual(answers, ['127.0.0.2', '127.0.0.1'], 'one resolution per connection');
      assert.deepEqual(checked, answers, 'every answer was checked');
      assert.equal(internal.received.length, 0, 'nothing reached loopback');
    } finally {
      await outbound.close();
      await internal.close();
      publicServer.closeAllConnections();
      await new Promise((resolve) => publicServer.close(resolve));
    }
  });
});

describe('outbound policy through a whole Levqor instance', () => {
  test('with LEVQOR_OUTBOUND_ALLOW empty, an http step to 127.0.0.1 fails the run with address_blocked naming the address and the setting', async () => {
    const service = await startLocalHttp((_req, res) => res.end('ok'));
    const levqor = await startTestLevqor('pglite', { env: { LEVQOR_OUTBOUND_ALLOW: '' } });
    try {
      assert.deepEqual(levqor.config.outbound.allow, []);
      const created = await levqor.api('POST', '/api/v1/workflows', {
        name: 'ssrf',
        trigger: { type: 'manual' },
        steps: [{ id: 'call', type: 'http', with: { url: `${service.url}/internal` }, retry: { attempts: 3, initialDelay: '5ms' } }],
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const started = await levqor.api('POST', `/api/v1/workflows/${created.body.id}/run`, {});
      assert.equal(started.status, 202, JSON.stringify(started.body));
      const run = await levqor.waitForRun(started.body.runId);
      assert.equal(run.status, 'failed');
      assert.equal(run.error.code, 'address_blocked', JSON.stringify(run.error));
      assert.match(run.error.message, /refused to connect to 127\.0\.0\.1 \(loopback address\)/);
      assert.match(run.error.message, /LEVQOR_OUTBOUND_ALLOW/);
      assert.equal(run.steps[0].error.code, 'address_blocked');
      assert.equal(service.received.length, 0, 'the service received nothing');
    } finally {
      await levqor.close();
      await service.close();
    }
  });
});

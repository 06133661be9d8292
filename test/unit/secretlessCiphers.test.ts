import * as assert from 'node:assert/strict';
import * as https from 'node:https';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { CertificateAuthority, InjectingProxy, makePlaceholder, parseHostEntries } from '../../src/core/secretless';
import { PROXY_CIPHERS } from '../../src/core/secretless/cipherPreference';
import { fakeGitHubToken } from '../support/fakeCredentials';

const listen = async (server: net.Server): Promise<number> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
};

/** Terminates TLS as the proxy does (a TLSSocket on the leaf's context) and returns what a client negotiated. */
async function negotiate(ca: CertificateAuthority, client: tls.ConnectionOptions): Promise<{ cipher: string; protocol: string | null }> {
  const context = await ca.secureContextFor('localhost');
  const server = net.createServer((socket) => {
    const secure = new tls.TLSSocket(socket, { isServer: true, secureContext: context });
    secure.on('secure', () => secure.end()).on('error', () => secure.destroy());
  });
  const port = await listen(server);
  try {
    return await new Promise((resolve, reject) => {
      const socket = tls.connect({ port, host: '127.0.0.1', servername: 'localhost', ca: ca.certificatePem, ...client }, () => {
        resolve({ cipher: socket.getCipher().name, protocol: socket.getProtocol() });
        socket.destroy();
      });
      socket.on('error', reject);
    });
  } finally {
    server.close();
  }
}

/** One GET through the proxy's CONNECT tunnel, with a client that keeps Node's default order (AES-256 first). */
function getThrough(proxyPort: number, authorization: string, port: number, proxyCa: string): Promise<{ cipher: string; body: string }> {
  return new Promise((resolve, reject) => {
    const raw = net.connect(proxyPort, '127.0.0.1', () =>
      raw.write(`CONNECT localhost:${port} HTTP/1.1\r\nProxy-Authorization: ${authorization}\r\n\r\n`),
    );
    raw.on('error', reject);
    raw.once('data', (head: Buffer) => {
      if (!head.toString('latin1').startsWith('HTTP/1.1 200')) return reject(new Error('the proxy refused the tunnel'));
      const secure = tls.connect({ socket: raw, servername: 'localhost', ca: proxyCa }, () =>
        secure.write(`GET / HTTP/1.1\r\nHost: localhost:${port}\r\nConnection: close\r\n\r\n`),
      );
      const chunks: Buffer[] = [];
      secure.on('data', (c: Buffer) => chunks.push(c));
      secure.on('error', reject);
      secure.on('end', () => resolve({ cipher: secure.getCipher().name, body: Buffer.concat(chunks).toString('latin1') }));
    });
  });
}

describe('secretless proxy cipher preference', function () {
  this.timeout(20_000);
  let ca: CertificateAuthority;
  before(async () => {
    ca = await CertificateAuthority.create('Cipher test CA');
  });

  it("is Node's own list with AES-128-GCM first: nothing added, nothing removed", () => {
    assert.deepEqual(PROXY_CIPHERS.split(':').sort(), tls.DEFAULT_CIPHERS.split(':').sort());
    assert.equal(PROXY_CIPHERS.split(':')[0], 'TLS_AES_128_GCM_SHA256');
  });

  it("a client that prefers AES-256 (Node's default order) gets AES-128-GCM on TLS 1.3 from the proxy's leaf", async () => {
    assert.deepEqual(await negotiate(ca, {}), { cipher: 'TLS_AES_128_GCM_SHA256', protocol: 'TLSv1.3' });
  });

  it('is a preference, not a restriction: a client offering only AES-256-GCM, or only TLS 1.2, still connects', async () => {
    assert.equal((await negotiate(ca, { ciphers: 'TLS_AES_256_GCM_SHA384' })).cipher, 'TLS_AES_256_GCM_SHA384');
    assert.deepEqual(await negotiate(ca, { maxVersion: 'TLSv1.2' }), { cipher: 'ECDHE-ECDSA-AES128-GCM-SHA256', protocol: 'TLSv1.2' });
  });

  it('both legs of a bound host negotiate AES-128-GCM: the client to the proxy, and the proxy to a server that takes its client’s order', async () => {
    const serverCa = await CertificateAuthority.create('Cipher test upstream CA');
    const upstreamCiphers: string[] = [];
    // A server that takes its client's order (Node's servers keep their own unless told not to), as many do.
    const server = https.createServer(
      {
        honorCipherOrder: false,
        SNICallback: (name, cb) => void serverCa.secureContextFor(name).then((c) => cb(null, c), cb),
      },
      (req, res) => {
        upstreamCiphers.push((req.socket as tls.TLSSocket).getCipher().name);
        res.end('ok');
      },
    );
    const port = await listen(server);
    const proxy = await InjectingProxy.start({ ca, upstreamCaPems: [serverCa.certificatePem], onSwap: () => undefined });
    try {
      const value = fakeGitHubToken();
      const run = proxy.openRun([
        { name: 'gh/token', value, placeholder: makePlaceholder(value), hosts: parseHostEntries([`localhost:${port}`]).entries },
      ]);
      const url = new URL(run.url);
      const { cipher, body } = await getThrough(
        proxy.port,
        `Basic ${Buffer.from(`${url.username}:${url.password}`).toString('base64')}`,
        port,
        ca.certificatePem,
      );
      assert.ok(body.endsWith('ok'), body);
      assert.equal(cipher, 'TLS_AES_128_GCM_SHA256');
      assert.deepEqual(upstreamCiphers, ['TLS_AES_128_GCM_SHA256']);
    } finally {
      await proxy.close();
      server.closeAllConnections();
      server.close();
    }
  });
});

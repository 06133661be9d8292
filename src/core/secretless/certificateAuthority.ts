import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { randomBytes, webcrypto } from 'node:crypto';
import * as tls from 'node:tls';
import { PROXY_CIPHERS } from './cipherPreference';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

const serial = (): string => {
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f; // a positive serial
  return bytes.toString('hex');
};

/**
 * The per-window certificate authority that signs a leaf for each bound host the proxy
 * terminates TLS for. Its private key is a non-extractable WebCrypto key: it exists only in this
 * process's memory and ends with it. Only the certificate is ever written (into the trust bundle).
 */
export class CertificateAuthority {
  private readonly leaves = new Map<string, Promise<tls.SecureContext>>();

  private constructor(
    private readonly caKey: CryptoKey,
    private readonly caCert: x509.X509Certificate,
    /** One key for every leaf: extractable, because Node's TLS takes a PEM, and held in memory only. */
    private readonly leafKeys: CryptoKeyPair,
    private readonly leafKeyPem: string,
  ) {}

  static async create(commonName = 'Vaultify secretless proxy CA'): Promise<CertificateAuthority> {
    const caKeys = await webcrypto.subtle.generateKey(ALGORITHM, false, ['sign', 'verify']);
    const notBefore = new Date(Date.now() - DAY_MS);
    const caCert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: serial(),
      name: `CN=${commonName}, O=Vaultify`,
      notBefore,
      notAfter: new Date(Date.now() + 365 * DAY_MS),
      keys: caKeys,
      signingAlgorithm: ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
      ],
    });
    const leafKeys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
    const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', leafKeys.privateKey));
    const leafKeyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END PRIVATE KEY-----\n`;
    return new CertificateAuthority(caKeys.privateKey, caCert, leafKeys, leafKeyPem);
  }

  /** The CA certificate in PEM: what clients add to their trust. */
  get certificatePem(): string {
    return this.caCert.toString('pem') + '\n';
  }

  /** A TLS context with a leaf for `host`, made once per host; the proxy's cipher order wins over the client's. */
  secureContextFor(host: string): Promise<tls.SecureContext> {
    const key = host.toLowerCase();
    let context = this.leaves.get(key);
    if (!context) {
      context = this.leafPem(key).then((cert) =>
        tls.createSecureContext({ key: this.leafKeyPem, cert: cert + this.certificatePem, ciphers: PROXY_CIPHERS, honorCipherOrder: true }),
      );
      context.catch(() => this.leaves.delete(key));
      this.leaves.set(key, context);
    }
    return context;
  }

  private async leafPem(host: string): Promise<string> {
    const bare = host.replace(/^\[|\]$/g, '');
    const isIp = IPV4.test(bare) || bare.includes(':');
    const leaf = await x509.X509CertificateGenerator.create({
      serialNumber: serial(),
      subject: `CN=${isIp ? 'Vaultify' : bare}`,
      issuer: this.caCert.subject,
      notBefore: new Date(Date.now() - DAY_MS),
      notAfter: this.caCert.notAfter,
      publicKey: this.leafKeys.publicKey,
      signingKey: this.caKey,
      signingAlgorithm: ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
        new x509.SubjectAlternativeNameExtension([{ type: isIp ? 'ip' : 'dns', value: bare }], false),
        await x509.AuthorityKeyIdentifierExtension.create(this.caCert, false),
        await x509.SubjectKeyIdentifierExtension.create(this.leafKeys.publicKey),
      ],
    });
    return leaf.toString('pem') + '\n';
  }
}

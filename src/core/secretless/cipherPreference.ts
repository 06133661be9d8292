import * as tls from 'node:tls';

/**
 * The cipher list for both TLS legs the proxy holds: Node's own list (nothing added, so nothing
 * weaker than it allows), with AES-128-GCM moved first. Every byte of a swapped download is
 * decrypted from upstream and encrypted again to the client; AES-128-GCM does that for less CPU
 * than Node's first choice, AES-256-GCM, and is as much an AEAD of TLS 1.3 and 1.2. Toward the
 * client the proxy's order decides; upstream, only a server that takes its client's order follows it.
 */
const FIRST = ['TLS_AES_128_GCM_SHA256', 'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256'];

export const PROXY_CIPHERS = (() => {
  const defaults = tls.DEFAULT_CIPHERS.split(':');
  return [...FIRST.filter((c) => defaults.includes(c)), ...defaults.filter((c) => !FIRST.includes(c))].join(':');
})();

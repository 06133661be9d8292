import { decodeBase64Json } from './checksums';
import { looksRandom } from './entropy';
import { defineRule, type SecretMatch } from './ruleDefinition';

/** Three base64url segments, the first two JSON objects (`eyJ` is `{"`); segments hold no `.`, so matching is linear. */
const JWT = /(?<![A-Za-z0-9_.-])eyJ[A-Za-z0-9_-]{8,4000}\.eyJ[A-Za-z0-9_-]{2,16000}\.[A-Za-z0-9_-]{0,2000}(?![A-Za-z0-9_-])/g;

/**
 * JSON Web Tokens. A signed one is a bearer credential until it expires. An unsigned one
 * (`alg: none`, no signature) proves nothing, but still carries whatever claims it holds.
 */
/** A signing or verifying call; its secret is the first random-looking string literal among the arguments. */
const SIGNING_CALL = /\b(?:jwt|jsonwebtoken|JWT|Jwts|jose|jws|JWS)\.(?:sign|verify|encode|decode)\s{0,4}\(/g;
const LITERAL = /(["'`])([^"'`\n\\]{16,512})\1/g;

function* signingSecrets(text: string): Iterable<SecretMatch> {
  for (const call of text.matchAll(SIGNING_CALL)) {
    const from = call.index + call[0].length;
    const args = text.slice(from, from + 600);
    for (const literal of args.matchAll(LITERAL)) {
      if (!looksRandom(literal[2], 16)) continue;
      const start = from + literal.index + 1;
      yield { start, end: start + literal[2].length, kind: 'jwt-secret', title: 'JWT signing secret', confidence: 'medium', generic: true };
      break;
    }
  }
}

export const JWT_RULES = [
  defineRule({ id: 'jwt-signing-secret', keywords: ['jwt', 'jose', 'jws'], scan: ({ text }) => signingSecrets(text) }),
  defineRule({
    id: 'jwt',
    keywords: ['eyj'],
    *scan({ text }) {
      for (const m of text.matchAll(JWT)) {
        const [header, , signature] = m[0].split('.');
        const alg = decodeBase64Json(header)?.alg;
        if (typeof alg !== 'string') continue;
        const signed = alg.toLowerCase() !== 'none' && signature.length >= 16;
        const match: SecretMatch = {
          start: m.index,
          end: m.index + m[0].length,
          kind: 'jwt',
          title: signed ? 'JSON Web Token' : 'unsigned JSON Web Token',
          confidence: signed ? 'high' : 'low',
        };
        yield match;
      }
    },
  }),
];

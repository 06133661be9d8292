import { defineRule, type SecretMatch } from './ruleDefinition';

/** Kinds by URL scheme; any other scheme with a password is still reported, as a URL password. */
const SCHEMES: [scheme: RegExp, kind: string, title: string][] = [
  [/^postgres(?:ql)?$|^postgis$|^cockroachdb$|^timescaledb$/, 'postgres-url', 'password in a PostgreSQL URL'],
  [/^mysqlx?$|^mariadb$/, 'mysql-url', 'password in a MySQL URL'],
  [/^mongodb(?:\+srv)?$/, 'mongodb-url', 'password in a MongoDB URL'],
  [/^rediss?$|^redis\+sentinel$|^valkey$/, 'redis-url', 'password in a Redis URL'],
  [/^amqps?$/, 'amqp-url', 'password in an AMQP URL'],
  [/^mssql$|^sqlserver$/, 'mssql-url', 'password in a SQL Server URL'],
  [/^https?$/, 'basic-auth-url', 'password in a basic-auth URL'],
  [/^s?ftps?$/, 'ftp-url', 'password in an FTP URL'],
  [/^smtps?$/, 'smtp-url', 'password in an SMTP URL'],
  [/^ldaps?$/, 'ldap-url', 'password in an LDAP URL'],
];

function kindOfScheme(scheme: string): [kind: string, title: string] {
  const lower = scheme.toLowerCase();
  const known = SCHEMES.find(([re]) => re.test(lower));
  return known ? [known[1], known[2]] : ['url-password', 'password in a URL'];
}

/** Default and demo passwords: real, but weak evidence of a secret worth protecting. */
const WEAK = /^(?:postgres|root|admin|guest|mysql|redis|rabbitmq|mongo|sa|user|default)$/i;

/**
 * Hosts that only the developer's own machine (or its containers) can reach: loopback, the
 * unspecified address, mDNS `*.local` names. A default password there is a development
 * database's, not a secret, and is not reported.
 */
const LOCAL_HOST =
  /^(?:localhost|127(?:\.[0-9]{1,3}){3}|0\.0\.0\.0|\[::1?\]|host\.docker\.internal|[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,4}\.local|\(localdb\)[^;]{0,40})$/i;

/** The host part of a URL authority starting at `at` (after the `@`, or after `://`). */
function hostAt(text: string, at: number): string {
  const m = /^(?:\[[0-9a-fA-F:.]{0,45}\]|[^\s:/?#'"`<>,;]{1,253})/.exec(text.slice(at, at + 260));
  return m ? m[0] : '';
}

/**
 * Upper-case words standing in for a user or password (`USER:PASSWORD@`, `PROXY_PASS`), and
 * bracketed or braced stand-ins (`{token}`): documentation, not credentials.
 */
const URL_PLACEHOLDER = /^(?:[A-Z][A-Z_]{1,40}|\{[A-Za-z_][A-Za-z0-9_]{0,40}\}|%s)$/;

/**
 * `scheme://user:password@host`. The password runs to the last `@` before the path, as URL
 * parsers read it, so an unescaped `@` inside it stays inside; so may the user's (an e-mail
 * address as the login: `smtps://me@example.com:…@smtp.example.com`). Bounded on both sides.
 */
const USERINFO = /:\/\/(?<user>[^\s:/?#'"`<>\\]{0,128}):(?<secret>[^\s/?#'"`<>\\]{1,256})@(?=[A-Za-z0-9[_.-])/dg;

/**
 * `?password=` and `;password=` inside a URL or JDBC string: found by the parameter, whose
 * literal name anchors the search, then owned by the `scheme://` before it on the same run of
 * URL characters.
 */
const QUERY = /[?&;](?:password|pwd|pass)=(?<secret>[^&;\s'"`<>]{1,256})/dgi;
const SCHEME_BEFORE = /(?:^|[^A-Za-z0-9+.:-])((?:jdbc:)?[A-Za-z][A-Za-z0-9+.-]{1,30})$/;

/**
 * The scheme of the URL a query parameter at `index` belongs to: the last `://` at most 300
 * characters back, with no space or quote between it and the parameter.
 */
function urlSchemeBefore(text: string, index: number): string | undefined {
  const from = Math.max(0, index - 300);
  const separator = text.lastIndexOf('://', index);
  if (separator < from || /[\s'"`<>]/.test(text.slice(separator, index))) return undefined;
  return schemeBefore(text, separator);
}

/** The URL scheme that ends at `separator` (the index of its `://`), if one does. */
function schemeBefore(text: string, separator: number): string | undefined {
  return SCHEME_BEFORE.exec(text.slice(Math.max(0, separator - 40), separator))?.[1];
}

/** Oracle's thin driver: `jdbc:oracle:thin:user/password@//host:1521/service`. */
const ORACLE = /jdbc:oracle:thin:[A-Za-z0-9_$#]{1,128}\/(?<secret>[^@\s'"`<>]{1,256})@/dg;

/** ADO.NET and ODBC connection strings: `Server=...;User Id=...;Password=...;`. */
const ADO = /(?:^|[;"'\s])(?:Password|Pwd)\s{0,4}=\s{0,4}(?<secret>[^;'"\s]{1,256})/dgi;
const ADO_CONTEXT = /(?:Server|Data Source|Host|Address|Addr|Network Address|Driver|Provider)\s{0,4}=/i;

export const CONNECTION_STRING_RULES = [
  defineRule({
    id: 'connection-string',
    keywords: ['://', 'password', 'pwd', 'jdbc:oracle:thin:'],
    *scan({ text }) {
      // Found by the literal `://`, which the engine scans for quickly; the scheme is read back from it.
      for (const m of text.matchAll(USERINFO)) {
        const scheme = schemeBefore(text, m.index);
        if (!scheme) continue;
        const { user } = m.groups!;
        const [start, end] = m.indices!.groups!.secret;
        const secret = text.slice(start, end);
        // `https://TOKEN:x-oauth-basic@github.com`: the GitHub rule reports the token.
        if (secret === 'x-oauth-basic') continue;
        const [kind, title] = kindOfScheme(scheme.replace(/^jdbc:/i, ''));
        const weak = secret === user || WEAK.test(secret);
        if (URL_PLACEHOLDER.test(secret) || (weak && LOCAL_HOST.test(hostAt(text, end + 1)))) continue;
        const match: SecretMatch = { start, end, kind, title, confidence: weak ? 'low' : 'high' };
        yield match;
      }
      for (const m of text.matchAll(QUERY)) {
        const scheme = urlSchemeBefore(text, m.index);
        if (!scheme) continue;
        const [start, end] = m.indices!.groups!.secret;
        const [kind, title] = scheme.toLowerCase().startsWith('jdbc:') ? ['jdbc-url', 'password in a JDBC URL'] : kindOfScheme(scheme);
        const weak = WEAK.test(text.slice(start, end));
        const separator = text.lastIndexOf('://', m.index);
        const authority = text.slice(separator + 3, m.index);
        const host = hostAt(text, separator + 3 + authority.lastIndexOf('@') + 1);
        if (URL_PLACEHOLDER.test(text.slice(start, end)) || (weak && LOCAL_HOST.test(host))) continue;
        const match: SecretMatch = { start, end, kind, title, confidence: weak ? 'low' : 'high' };
        yield match;
      }
      for (const m of text.matchAll(ORACLE)) {
        const [start, end] = m.indices!.groups!.secret;
        const match: SecretMatch = { start, end, kind: 'jdbc-url', title: 'password in a JDBC URL', confidence: 'high' };
        yield match;
      }
      for (const m of text.matchAll(ADO)) {
        const [start, end] = m.indices!.groups!.secret;
        if (!ADO_CONTEXT.test(lineOf(text, m.index))) continue;
        const secret = text.slice(start, end).trim();
        if (!secret) continue;
        const server =
          /(?:Server|Data Source|Host|Address|Addr)\s{0,4}=\s{0,4}(?:tcp:)?([^;,'"\s]{1,253})/i.exec(lineOf(text, m.index))?.[1] ?? '';
        if (WEAK.test(secret) && LOCAL_HOST.test(server)) continue;
        const match: SecretMatch = {
          start,
          end: start + secret.length,
          kind: 'connection-string-password',
          title: 'password in a connection string',
          confidence: WEAK.test(secret) ? 'low' : 'high',
        };
        yield match;
      }
    },
  }),
];

/** The line around an index, at most 400 characters each way. */
function lineOf(text: string, index: number): string {
  let from = index;
  while (from > 0 && index - from < 400 && text.charCodeAt(from - 1) !== 10) from--;
  let to = index;
  while (to < text.length && to - index < 400 && text.charCodeAt(to) !== 10) to++;
  return text.slice(from, to);
}

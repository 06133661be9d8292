/**
 * Text whose findings depend on more than the lines around them, so that an edit anywhere in
 * the document may change them: a document holding any of it is scanned in full rather than
 * around each edit (see `incrementalScan.ts`). Listed by the rule or filter that reads that far;
 * the unit tests check that every rule the detector runs on the whole text has an entry here.
 * Markers are matched case-insensitively, each within one line.
 */
export const NON_LOCAL_TEXT: Readonly<Record<string, readonly string[]>> = {
  // `secretlint-disable` holds until `secretlint-enable` or the end; the `-line` forms are local.
  '@secretlint/secretlint-rule-filter-comments': ['secretlint-disable', 'secretlint-enable'],
  '@secretlint/secretlint-rule-privatekey': ['private key'],
  '@secretlint/secretlint-rule-gcp': ['private_key'],
  'vaultify/private-key': ['private key'],
  'vaultify/putty-private-key': ['putty-user-key-file'],
  'vaultify/gcp-service-account': ['private_key'],
  'vaultify/kubernetes-secret': ['kind:'],
  // Its values count only in a file with `machine … login` somewhere (or named .netrc).
  'vaultify/netrc': ['machine'],
  // Its pattern spans a few lines at most.
  'vaultify/npmrc': [],
  // Its values count only in a file with `"auths"` somewhere.
  'vaultify/docker-config': ['"auths"'],
  // Read only in a file named .pgpass (see NON_LOCAL_FILES).
  'vaultify/pgpass': [],
  // A signing call's arguments: 600 characters at most, within `REACH_CHARS`.
  'vaultify/jwt-signing-secret': [],
  // Its regular expressions match within a line.
  'vaultify/discord': [],
  // The filters: an Ansible vault or SOPS file, a SealedSecret manifest, armoured PGP and certificate blocks.
  filters: ['$ansible_vault', 'enc[', 'kind:', '-----begin '],
};

/** The local forms of a marker, subtracted from its count. */
const LOCAL_FORMS: Readonly<Record<string, readonly string[]>> = {
  'secretlint-disable': ['secretlint-disable-line', 'secretlint-disable-next-line'],
};

/** Credential files that rules read as a whole whatever they hold. */
const NON_LOCAL_FILES = /(?:^|[\\/])(?:[._]netrc|\.pgpass|\.npmrc)$/;

const MARKERS = [...new Set(Object.values(NON_LOCAL_TEXT).flat())];

/** How many non-local markers `text` holds (line-aligned slices of a text add up to the whole's count). */
export function nonLocalCount(text: string): number {
  const lower = text.toLowerCase();
  let count = 0;
  for (const marker of MARKERS) {
    count += occurrences(lower, marker);
    for (const local of LOCAL_FORMS[marker] ?? []) count -= occurrences(lower, local);
  }
  return count;
}

/** Whether a file of this path is read as a whole by some rule, whatever it holds. */
export function isNonLocalFile(filePath: string | undefined): boolean {
  return filePath !== undefined && NON_LOCAL_FILES.test(filePath);
}

function occurrences(text: string, marker: string): number {
  let count = 0;
  for (let at = text.indexOf(marker); at !== -1; at = text.indexOf(marker, at + 1)) count++;
  return count;
}

/** `1.101.0-insider` -> [1, 101]; anything unreadable counts as 0. */
function majorMinor(version: string): [number, number] {
  const [major, minor] = version.split(/[.-]/).map((part) => Number(part) || 0);
  return [major ?? 0, minor ?? 0];
}

/**
 * Whether a host of `version` (vscode.version) has what became final in `floor` (`1.95`): the
 * agent APIs were proposed, and refused to extensions without the proposal, before that.
 */
export function hostAtLeast(version: string, floor: string): boolean {
  const [major, minor] = majorMinor(version);
  const [floorMajor, floorMinor] = majorMinor(floor);
  return major > floorMajor || (major === floorMajor && minor >= floorMinor);
}

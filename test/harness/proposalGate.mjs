// code-server lets every extension use every proposed API: its patches make isProposedApiEnabled
// return true in the server, both extension hosts and the workbench, and set the workbench's
// `_envEnablesProposedApiForAll`. Desktop VS Code, VSCodium and Cursor allow a proposal only to an
// extension that declares it in enabledApiProposals. The harness runs a copy of the installed
// code-server with upstream's checks back, so a proposal used without declaring it fails here as
// it would for a user. The copy is hard links except for the patched files; the rig itself is
// left as npm installed it.
import { existsSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

/** Bump when the patch changes, so cached copies are rebuilt. */
const PATCH_VERSION = 1;
const VSCODE = 'node_modules/code-server/lib/vscode';
// Where each part keeps the check: the server, both extension hosts and the workbench. Releases
// before VS Code 1.94 bundle them under the second name (the first then exists as a loader).
const PARTS = [
  { files: ['out/server-main.js', 'out/vs/server/node/server.main.js'] },
  { files: ['out/vs/workbench/api/node/extensionHostProcess.js'] },
  { files: ['out/vs/workbench/api/worker/extensionHostWorkerMain.js', 'out/vs/workbench/api/worker/extensionHostWorker.js'] },
  { files: ['out/vs/code/browser/workbench/workbench.js', 'out/vs/workbench/workbench.web.main.js'], workbench: true },
];
const CHECK = 'CANNOT use API proposal';
// code-server's `function isProposedApiEnabled(extension, proposal) { return true }`, found by the
// checkProposedApiEnabled right after it.
const ALWAYS_ENABLED =
  /function ([\w$]+)\(([\w$]+),([\w$]+)\)\{return!0\}(?=function [\w$]+\(([\w$]+),([\w$]+)\)\{if\(!\1\(\4,\5\)\)throw new Error\(`Extension '\$\{\4\.identifier\.value\}' CANNOT use API proposal)/;
// The workbench's constructor(logService, environmentService, productService) setting the switch,
// its fields named (`this._envEnablesProposedApiForAll`) or mangled (`this.b`, before 1.101).
const FOR_ALL =
  /(constructor\(([\w$]+),([\w$]+),([\w$]+)\)\{(?:this\.[\w$]+=\2;this\.[\w$]+=\3;if\(|if\(this\.[\w$]+=\2,this\.[\w$]+=\3,)this\.([\w$]+)=new Set\(\(\3\.extensionEnabledProposedApi\?\?\[\]\)\.map\(([\w$]+)=>[\w$.]+\.toKey\(\6\)\)\),this\.[\w$]+=)!0,/;

/** `source` with upstream's proposal checks in place of code-server's; throws if a switch is not where expected. */
export function gateApiProposals(file, source, { workbench = false } = {}) {
  const what = `in ${file}: update test/harness/proposalGate.mjs for this code-server version`;
  if (!ALWAYS_ENABLED.test(source)) throw new Error(`code-server's isProposedApiEnabled was not found ${what}`);
  let gated = source.replace(
    ALWAYS_ENABLED,
    (_all, name, extension, proposal) =>
      `function ${name}(${extension},${proposal}){return!!${extension}.enabledApiProposals&&${extension}.enabledApiProposals.includes(${proposal})}`,
  );
  if (workbench) {
    if (!FOR_ALL.test(gated)) throw new Error(`code-server's _envEnablesProposedApiForAll was not found ${what}`);
    gated = gated.replace(
      FOR_ALL,
      (_all, start, _log, env, product, enabled) =>
        `${start}!${env}.isBuilt||${env}.isExtensionDevelopment&&${product}.quality!=="stable"||this.${enabled}.size===0&&Array.isArray(${env}.extensionEnabledProposedApi),`,
    );
  }
  return gated;
}

/** The file of `part` that holds the proposal check in the code-server installed at `vscodeRoot`. */
function partFile(vscodeRoot, part) {
  const file = part.files.find(
    (candidate) => existsSync(join(vscodeRoot, candidate)) && readFileSync(join(vscodeRoot, candidate), 'utf8').includes(CHECK),
  );
  if (!file)
    throw new Error(
      `None of ${part.files.join(', ')} holds the API proposal check: update test/harness/proposalGate.mjs for this code-server version`,
    );
  return file;
}

/** The code-server binary of the gated copy of `rigRoot/cs`, made on first use and after the rig changes. */
export function gatedCodeServer(rigRoot) {
  const source = join(rigRoot, 'cs');
  const target = join(rigRoot, 'cs-gated');
  const stamp = `${JSON.parse(readFileSync(join(source, 'node_modules/code-server/package.json'), 'utf8')).version} patch ${PATCH_VERSION}`;
  const stampFile = join(target, '.gated');
  if (!existsSync(stampFile) || readFileSync(stampFile, 'utf8') !== stamp) {
    const building = `${target}.${process.pid}`;
    rmSync(building, { recursive: true, force: true });
    try {
      execFileSync('cp', ['-al', source, building]);
      for (const part of PARTS) {
        const file = partFile(join(building, VSCODE), part);
        const path = join(building, VSCODE, file);
        const gated = gateApiProposals(file, readFileSync(path, 'utf8'), part);
        // A new file, not a write through the hard link into the installed rig.
        unlinkSync(path);
        writeFileSync(path, gated);
      }
      writeFileSync(join(building, '.gated'), stamp);
    } catch (error) {
      rmSync(building, { recursive: true, force: true });
      throw error;
    }
    rmSync(target, { recursive: true, force: true });
    try {
      renameSync(building, target);
    } catch (error) {
      // Another run finished its copy first; that one serves as well.
      rmSync(building, { recursive: true, force: true });
      if (!existsSync(stampFile)) throw error;
    }
  }
  return join(target, 'node_modules/.bin/code-server');
}

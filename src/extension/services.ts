import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { AcceptedSettings } from './acceptedSettings';
import { approvalAnswerer } from './broker/approvalPrompt';
import { AuditTrail } from './broker/auditTrail';
import { AuditDocuments } from './broker/auditView';
import { GrantStore } from './broker/grantStore';
import { ReleaseBroker } from './broker/releaseBroker';
import type { Ctx } from './ctx';
import type { DetectionClient } from './detectionClient';
import { ExposureLedger } from './exposure/exposureLedger';
import { lazyFeature } from './lazyFeature';
import { Vault } from './vault/vault';
import { warnIfTooShortToMask } from './vault/shortValues';
import { VaultTreeProvider } from './vaultView/vaultTree';

/**
 * The composition root: every service the features share, each made on first use and then
 * kept. Synchronous getters for what activation needs anyway (vault, audit trail, grants,
 * broker); loaders for what imports heavy modules (detection, masking and the command flows), so
 * activation pays for nothing it does not use.
 */
export class Services {
  private readonly made = new Map<string, unknown>();

  constructor(readonly ctx: Ctx) {}

  private once<T>(key: string, make: () => T): T {
    if (!this.made.has(key)) this.made.set(key, make());
    return this.made.get(key) as T;
  }

  get audit(): AuditTrail {
    const { extension, settings, log } = this.ctx;
    return this.once(
      'audit',
      () =>
        new AuditTrail(
          extension.secrets,
          path.join(extension.globalStorageUri.fsPath, 'audit'),
          settings.get('audit.maxSegmentMB') * 1024 * 1024,
          log,
          (texts) => this.masking(texts),
        ),
    );
  }

  get vault(): Vault {
    // The vault records its changes in the trail; the trail masks what it records with the vault's values.
    return this.once(
      'vault',
      () => new Vault(this.ctx.extension.secrets, this.ctx.extension.globalState, this.ctx.test, this.ctx.log, this.audit),
    );
  }

  /** The time grants are measured by; tests may move it forward. */
  readonly now = (): number => Date.now() + (this.ctx.test?.clockOffsetMs() ?? 0);

  get grants(): GrantStore {
    return this.once('grants', () => this.ctx.register(new GrantStore(this.now)));
  }

  get broker(): ReleaseBroker {
    const allowedHosts = (cwd: string | undefined): readonly string[] =>
      this.ctx.settings.get('secretless.allowedHosts', cwd === undefined ? undefined : vscode.Uri.file(cwd));
    return this.once(
      'broker',
      () => new ReleaseBroker(this.vault, this.grants, this.audit, approvalAnswerer(this.ctx.test), this.now, allowedHosts),
    );
  }

  get auditDocuments(): AuditDocuments {
    return this.once('auditDocuments', () => new AuditDocuments(() => this.audit.records()));
  }

  /** Where each secret was found exposed, and what was done about it. */
  get exposure(): ExposureLedger {
    return this.once('exposure', () => this.ctx.register(new ExposureLedger(this.ctx.extension.globalState)));
  }

  get acceptedSettings(): AcceptedSettings {
    return this.once('acceptedSettings', () => new AcceptedSettings(this.ctx.extension.globalState, this.audit));
  }

  get vaultTree(): VaultTreeProvider {
    const { ctx } = this;
    return this.once('vaultTree', () =>
      ctx.register(
        new VaultTreeProvider(this.vault, {
          marks: ctx.person,
          broker: this.broker,
          exposures: this.exposure,
          warnDays: () => ctx.settings.get('expiry.warnDays'),
        }),
      ),
    );
  }

  /** Warns once that a value is too short for masked output to hide. */
  readonly warnShort = (name: string, value: string): void => warnIfTooShortToMask(this.ctx, name, value);

  /**
   * Masks free text before the audit trail records it, with every vaulted value and every
   * credential the detector knows; the masker loads with the first record that needs it.
   */
  readonly masking = async (texts: readonly string[]): Promise<string[]> =>
    (await import('./broker/auditMask')).maskForTrail(this.vault, this.ctx.settings, texts);

  /** The language client; the server loads the detector, so it starts right after activation, not in it. */
  readonly detection = lazyFeature(async (): Promise<DetectionClient> => {
    const [{ DetectionClient }, { shareKnownValues }] = await Promise.all([import('./detectionClient'), import('./vaultify/knownValues')]);
    const client = new DetectionClient(this.ctx);
    await client.start();
    this.ctx.register(this.acceptedSettings.onDidChange(() => void client.settingsChanged()));
    shareKnownValues(this.ctx, this.vault, client);
    return client;
  });

  readonly flow = lazyFeature(async () => {
    const [{ VaultifyFlow }, { LocalHistoryCleaner }, { warnIfCommitted }] = await Promise.all([
      import('./vaultify/vaultifySecret'),
      import('./vaultify/localHistory'),
      import('./vaultify/gitExposure'),
    ]);
    const { ctx } = this;
    const history = ctx.register(new LocalHistoryCleaner(ctx.extension.globalStorageUri, ctx.log));
    return new VaultifyFlow(
      this.vault,
      await this.detection(),
      ctx.log,
      async (document, vaulted) => {
        for (const { name, value } of vaulted) this.warnShort(name, value);
        if (ctx.settings.get('cleanLocalHistory', document.uri)) await history.clean(vaulted);
        void warnIfCommitted(document, vaulted);
      },
      ctx.test,
    );
  });

  readonly secrets = lazyFeature(
    async () => new (await import('./secrets/secretCommands')).SecretCommands(this.ctx, this.vault, this.broker, this.warnShort),
  );

  readonly rotation = lazyFeature(async () => {
    const { ctx } = this;
    return new (await import('./exposure/rotation')).Rotation(
      this.vault,
      this.broker,
      this.audit,
      this.exposure,
      () => ctx.settings.get('rotation.retiredMaskDays'),
      this.warnShort,
      (args) => ctx.person.mark(args),
    );
  });

  readonly exposureCheck = lazyFeature(
    async () => new (await import('./exposure/exposureCheck')).ExposureCheck(this.ctx, this.vault, this.exposure),
  );

  /** The team files (sops, age, YAML): opened right after activation by the team feature. */
  readonly team = lazyFeature(async () => (await import('./team/teamFeature')).openTeam(this.ctx, this));

  /** The CA and the proxy start with the first run that has a secret bound to hosts. */
  readonly secretless = lazyFeature(async () => {
    const { ctx } = this;
    const { SecretlessRuns } = await import('./secretless/secretlessRuns');
    return ctx.register(
      new SecretlessRuns(
        (entry) => this.audit.record(entry),
        (line) => ctx.log.info(line),
        () => ctx.settings.get('secretless.extraCaFiles'),
        randomBytes(8).toString('hex'),
      ),
    );
  });

  readonly terminals = lazyFeature(
    async () =>
      new (await import('./terminal/maskedTerminalLauncher')).MaskedTerminalLauncher(
        this.ctx,
        this.vault,
        this.broker,
        async (uri) => (await this.detection()).detect(uri),
        this.secretless,
      ),
  );

  /** Fires when the "what AI can't see" document should be computed again. */
  get hiddenFilesChanged(): vscode.EventEmitter<vscode.Uri> {
    return this.once('hiddenFilesChanged', () => this.ctx.register(new vscode.EventEmitter<vscode.Uri>()));
  }

  readonly guard = lazyFeature(async () => (await import('./guard/aiGuard')).openGuard(this.ctx, this));

  /** The runner, the masker and the env-file code load with the first agent request. */
  readonly agentBackend = lazyFeature(async () => {
    const [{ createAgentBackend }, { intakeAnswers }] = await Promise.all([
      import('./agents/brokerBackend'),
      import('./agents/intakeAnswers'),
    ]);
    const { ctx } = this;
    return createAgentBackend(
      this.vault,
      this.broker,
      ctx.settings,
      { audit: this.audit, exposures: this.exposure, log: ctx.log, now: this.now, ...intakeAnswers(ctx.test) },
      this.secretless,
    );
  });
}

/**
 * A CDKTF app that declares Cycloid API keys with keyform's generated bindings (bindings/cycloid), in two stacks,
 * each planned and applied by keyform with its own state (terraform.<stack>.tfstate beside cdktf.json):
 *   - "ci": a read-only key for CI jobs; a deployer whose credential rule is narrowed to some entities; a key whose
 *     description references the deployer's canonical and id (so keyform creates the deployer first); the deployer's
 *     token as a sensitive output.
 *   - "audit": a key that reads API keys, in a stack of its own.
 * The organization comes from cdktf.json's context; the API URL and key from CY_API_URL and CY_API_KEY.
 *
 *   keyform plan --cdktf examples/cdktf
 *   keyform apply --cdktf examples/cdktf --auto-approve
 */
import { App, TerraformOutput, TerraformStack, Token } from 'cdktf';
import type { Construct } from 'constructs';
import { OrganizationApiKey } from '../../bindings/cycloid/organization-api-key';
import { CycloidProvider } from '../../bindings/cycloid/provider';

class CiStack extends TerraformStack {
  constructor(scope: Construct, id: string, organization: string) {
    super(scope, id);
    new CycloidProvider(this, 'cycloid', { defaultOrganization: organization });

    new OrganizationApiKey(this, 'reader', {
      canonical: 'ci-reader',
      name: 'CI reader',
      description: 'Read-only access for CI jobs',
      rules: [
        { action: 'organization:project:read', effect: 'allow' },
        { action: 'organization:environment:read', effect: 'allow' },
      ],
    });

    const deployer = new OrganizationApiKey(this, 'deployer', {
      canonical: 'ci-deployer',
      name: 'CI deployer',
      rules: [
        { action: 'organization:project:read', effect: 'allow' },
        // Only the cloud credentials whose canonical starts with deploy-.
        { action: 'organization:credential:read', effect: 'allow', resources: [`organization:${organization}:credential:deploy-*`] },
      ],
    });

    new OrganizationApiKey(this, 'rotation', {
      canonical: 'ci-deployer-rotation',
      name: 'CI deployer rotation',
      description: `Rotates ${deployer.canonical} (key #${Token.asString(deployer.id)})`,
      rules: [{ action: 'organization:api_key:*', effect: 'allow', resources: [`organization:${organization}:api_key:ci-*`] }],
    });

    new TerraformOutput(this, 'deployer_token', { value: deployer.token, sensitive: true, description: 'The deployer key token' });
    new TerraformOutput(this, 'deployer_last_seven', { value: deployer.lastSeven });
  }
}

class AuditStack extends TerraformStack {
  constructor(scope: Construct, id: string, organization: string) {
    super(scope, id);
    new CycloidProvider(this, 'cycloid', { defaultOrganization: organization });
    new OrganizationApiKey(this, 'auditor', {
      canonical: 'key-auditor',
      name: 'Key auditor',
      rules: [
        { action: 'organization:api_key:read', effect: 'allow' },
        { action: 'organization:api_key:list', effect: 'allow' },
      ],
    });
  }
}

const app = new App();
const organization = String(app.node.tryGetContext('organization') ?? 'acme');
new CiStack(app, 'ci', organization);
new AuditStack(app, 'audit', organization);
app.synth();

// https://registry.terraform.io/providers/cycloidio/cycloid/latest/docs
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from 'cdktf';

// Configuration

export interface CycloidProviderConfig {
  /**
  * URL of the Cycloid API, e.g. https://http-api.cycloid.io. Also read from CY_API_URL.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/cycloidio/cycloid/latest/docs#api_url CycloidProvider#api_url}
  */
  readonly apiUrl?: string;
  /**
  * API key token used to call the Cycloid API. Also read from CY_API_KEY.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/cycloidio/cycloid/latest/docs#api_key CycloidProvider#api_key}
  */
  readonly apiKey?: string;
  /**
  * Organization canonical used by resources that set no organization_canonical. Also read from CY_ORG.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/cycloidio/cycloid/latest/docs#default_organization CycloidProvider#default_organization}
  */
  readonly defaultOrganization?: string;
  /**
  * Skip TLS certificate verification of the API (for self-hosted consoles with private certificates).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/cycloidio/cycloid/latest/docs#insecure CycloidProvider#insecure}
  */
  readonly insecure?: boolean | cdktf.IResolvable;
  /**
  * Alias name
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/cycloidio/cycloid/latest/docs#alias CycloidProvider#alias}
  */
  readonly alias?: string;
}

/**
* Represents a {@link https://registry.terraform.io/providers/cycloidio/cycloid/latest/docs cycloid}
*/
export class CycloidProvider extends cdktf.TerraformProvider {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "cycloid";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a CycloidProvider resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the CycloidProvider to import
  * @param importFromId The id of the existing CycloidProvider that should be imported. Refer to the {@link https://registry.terraform.io/providers/cycloidio/cycloid/latest/docs#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the CycloidProvider to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "cycloid", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/cycloidio/cycloid/latest/docs cycloid} Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options CycloidProviderConfig = {}
  */
  public constructor(scope: Construct, id: string, config: CycloidProviderConfig = {}) {
    super(scope, id, {
      terraformResourceType: 'cycloid',
      terraformGeneratorMetadata: {
        providerName: 'cycloid'
      },
      terraformProviderSource: 'registry.terraform.io/cycloidio/cycloid'
    });
    this._apiUrl = config.apiUrl;
    this._apiKey = config.apiKey;
    this._defaultOrganization = config.defaultOrganization;
    this._insecure = config.insecure;
    this._alias = config.alias;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // api_url - computed: false, optional: true, required: false
  private _apiUrl?: string; 
  public get apiUrl() {
    return this._apiUrl;
  }
  public set apiUrl(value: string | undefined) {
    this._apiUrl = value;
  }
  public resetApiUrl() {
    this._apiUrl = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get apiUrlInput() {
    return this._apiUrl;
  }

  // api_key - computed: false, optional: true, required: false
  private _apiKey?: string; 
  public get apiKey() {
    return this._apiKey;
  }
  public set apiKey(value: string | undefined) {
    this._apiKey = value;
  }
  public resetApiKey() {
    this._apiKey = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get apiKeyInput() {
    return this._apiKey;
  }

  // default_organization - computed: false, optional: true, required: false
  private _defaultOrganization?: string; 
  public get defaultOrganization() {
    return this._defaultOrganization;
  }
  public set defaultOrganization(value: string | undefined) {
    this._defaultOrganization = value;
  }
  public resetDefaultOrganization() {
    this._defaultOrganization = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get defaultOrganizationInput() {
    return this._defaultOrganization;
  }

  // insecure - computed: false, optional: true, required: false
  private _insecure?: boolean | cdktf.IResolvable; 
  public get insecure() {
    return this._insecure;
  }
  public set insecure(value: boolean | cdktf.IResolvable | undefined) {
    this._insecure = value;
  }
  public resetInsecure() {
    this._insecure = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get insecureInput() {
    return this._insecure;
  }

  // alias - computed: false, optional: true, required: false
  private _alias?: string; 
  public get alias() {
    return this._alias;
  }
  public set alias(value: string | undefined) {
    this._alias = value;
  }
  public resetAlias() {
    this._alias = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get aliasInput() {
    return this._alias;
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      api_url: cdktf.stringToTerraform(this._apiUrl),
      api_key: cdktf.stringToTerraform(this._apiKey),
      default_organization: cdktf.stringToTerraform(this._defaultOrganization),
      insecure: cdktf.booleanToTerraform(this._insecure),
      alias: cdktf.stringToTerraform(this._alias),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      api_url: {
        value: cdktf.stringToHclTerraform(this._apiUrl),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      api_key: {
        value: cdktf.stringToHclTerraform(this._apiKey),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      default_organization: {
        value: cdktf.stringToHclTerraform(this._defaultOrganization),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      insecure: {
        value: cdktf.booleanToHclTerraform(this._insecure),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      alias: {
        value: cdktf.stringToHclTerraform(this._alias),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}

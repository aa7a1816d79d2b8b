/** keyform's HCL native-syntax reader: `*.tf` files as @cdktf/hcl2json's Terraform JSON, with positions; `.tfvars`. */
export { parseHcl, type HclSyntaxError } from './parse-hcl.js';
export { parseTfvars, type Tfvars } from './parse-tfvars.js';

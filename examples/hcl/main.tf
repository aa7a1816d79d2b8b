# keyform in HCL: one read-only key per team (for_each over a map variable), a pool of CI runner keys (count),
# names built in locals, a key that references another, and outputs. The same module as ../json, in HCL;
# variables.tf declares the inputs and terraform.tfvars sets them.

provider "cycloid" {
  default_organization = var.organization
}

locals {
  prefix         = var.environment == "production" ? "prod" : "stg"
  project_entity = "organization:${var.organization}:project"
}

# A key per team: reads its projects; teams with can_deploy may also update them.
resource "cycloid_organization_api_key" "team" {
  for_each = var.teams

  canonical   = "${local.prefix}-team-${each.key}"
  name        = "${title(each.key)} team (${var.environment})"
  description = "Reads ${join(", ", each.value.projects)}"
  rules = concat(
    [{
      action    = "organization:project:read"
      effect    = "allow"
      resources = [for p in each.value.projects : "${local.project_entity}:${p}"]
    }],
    each.value.can_deploy ? [{
      action    = "organization:project:update"
      effect    = "allow"
      resources = [for p in each.value.projects : "${local.project_entity}:${p}"]
    }] : [],
  )
}

# The CI runners' keys: projects everywhere, but only the ci-* credentials.
resource "cycloid_organization_api_key" "runner" {
  count = var.runners

  canonical = "${local.prefix}-ci-runner-${count.index + 1}"
  name      = "CI runner ${count.index + 1} (${var.environment})"
  rules = [
    { action = "organization:project:read", effect = "allow" },
    { action = "organization:credential:read", effect = "allow", resources = ["organization:${var.organization}:credential:ci-*"] },
  ]
}

# Reads the other keys of this environment; its description references the first runner.
resource "cycloid_organization_api_key" "auditor" {
  canonical   = "${local.prefix}-key-auditor"
  name        = "Key auditor (${var.environment})"
  description = "Watches ${length(var.teams)} team keys and ${var.runners} runner keys, the first being ${cycloid_organization_api_key.runner[0].canonical}"
  rules = [
    { action = "organization:api_key:read", effect = "allow", resources = ["organization:${var.organization}:api_key:${local.prefix}-*"] },
    { action = "organization:api_key:list", effect = "allow" },
  ]
}

output "team_keys" {
  description = "Canonical of each team's key"
  value       = { for team, key in cycloid_organization_api_key.team : team => key.canonical }
}

output "runner_canonicals" {
  value = cycloid_organization_api_key.runner[*].canonical
}

output "payments_token" {
  description = "keyform output --raw payments_token"
  value       = cycloid_organization_api_key.team["payments"].token
  sensitive   = true
}

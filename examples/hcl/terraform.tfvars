# Read automatically by keyform plan/apply, as by terraform.
teams = {
  payments = { projects = ["pay-*", "billing"], can_deploy = true }
  search   = { projects = ["search-*"] }
}

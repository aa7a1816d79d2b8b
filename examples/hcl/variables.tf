variable "organization" {
  type        = string
  default     = "acme"
  description = "The Cycloid organization the keys belong to"
}

variable "environment" {
  type    = string
  default = "staging"

  validation {
    condition     = contains(["staging", "production"], var.environment)
    error_message = "environment must be staging or production."
  }
}

variable "teams" {
  type = map(object({
    projects   = list(string)
    can_deploy = optional(bool, false)
  }))
  description = "Each team gets a key that reads its own projects; can_deploy also lets it update them"
}

variable "runners" {
  type        = number
  default     = 2
  description = "How many CI runner keys to keep"
}

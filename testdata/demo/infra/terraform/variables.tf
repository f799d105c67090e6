variable "zone_id" {
  description = "Route 53 hosted zone of example.com"
  type        = string
}

variable "public_subnets" {
  type = list(string)
}

variable "staging_api_target_group" {
  type = string
}

variable "staging_app_target_group" {
  type = string
}

variable "production_api_target_group" {
  type = string
}

variable "api_host" {
  description = "Public host name of the API in this environment"
  type        = string
}

variable "app_host" {
  description = "Public host name of the frontend in this environment"
  type        = string
}

variable "db_host" {
  type    = string
  default = ""
}

variable "websocket_origin" {
  type    = string
  default = ""
}

# Deploy helper for Windows laptops. This file has CRLF line endings on
# purpose: rewriting a host must keep every CR LF pair intact.
param(
    [string]$Environment = "staging"
)
$ApiBase = "https://api.staging.example.com"
$AppUrl = "https://app.staging.example.com"
terraform -chdir=infra/terraform apply -auto-approve "-var-file=$Environment.tfvars"
Invoke-WebRequest -Uri "$ApiBase/healthz" -UseBasicParsing | Out-Null
Write-Host "Deployed ${Environment}: $AppUrl"

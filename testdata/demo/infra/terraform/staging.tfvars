# Staging values: terraform apply -var-file=staging.tfvars
api_host = "api.staging.example.com"
app_host = "app.staging.example.com"
# kept: internal host, never behind the public certificate
db_host          = "postgres.staging.example.com"
websocket_origin = "wss://api.staging.example.com"

# Production values: terraform apply -var-file=production.tfvars
api_host         = "api.example.com"
app_host         = "www.example.com"
websocket_origin = "wss://api.example.com"

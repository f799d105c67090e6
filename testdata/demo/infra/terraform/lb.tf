# Application load balancer shared by staging and production.
#
# The certificate is the wildcard *.example.com. A wildcard covers exactly ONE
# label, so the old two-level staging names were never covered: browsers
# rejected them and WebSocket clients dropped their wss:// connections.

resource "aws_acm_certificate" "wildcard" {
  domain_name               = "*.example.com"
  subject_alternative_names = ["example.com"]
  validation_method         = "DNS"
}

resource "aws_lb" "main" {
  name               = "chat"
  load_balancer_type = "application"
  subnets            = var.public_subnets
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.main.arn
  port              = 443
  protocol          = "HTTPS"
  certificate_arn   = aws_acm_certificate.wildcard.arn

  default_action {
    type = "fixed-response"
    fixed_response {
      content_type = "text/plain"
      status_code  = "404"
    }
  }
}

resource "aws_lb_listener_rule" "staging_api" {
  listener_arn = aws_lb_listener.https.arn
  priority     = 10
  condition {
    host_header {
      values = ["api.staging.example.com"]
    }
  }
  action {
    type             = "forward"
    target_group_arn = var.staging_api_target_group
  }
}

resource "aws_lb_listener_rule" "staging_app" {
  listener_arn = aws_lb_listener.https.arn
  priority     = 20
  condition {
    host_header {
      # trap: the exact rule wins over the wildcard (-> staging.example.com)
      values = ["app.staging.example.com"]
    }
  }
  action {
    type             = "forward"
    target_group_arn = var.staging_app_target_group
  }
}

resource "aws_lb_listener_rule" "production_api" {
  listener_arn = aws_lb_listener.https.arn
  priority     = 30
  condition {
    host_header {
      values = ["api.example.com"]
    }
  }
  action {
    type             = "forward"
    target_group_arn = var.production_api_target_group
  }
}

resource "aws_route53_record" "staging_api" {
  zone_id = var.zone_id
  # trap: trailing FQDN dot (the host is rewritten, the final dot stays)
  name    = "api.staging.example.com."
  type    = "CNAME"
  ttl     = 300
  records = [aws_lb.main.dns_name]
}

resource "aws_route53_record" "production_api" {
  zone_id = var.zone_id
  name    = "api.example.com."
  type    = "CNAME"
  ttl     = 300
  records = [aws_lb.main.dns_name]
}

# trap: a certificate once requested for the two-level names. A wildcard
# names every host one label below it, so this one stands for the deprecated
# staging hosts, and no single name replaces it: it is reported, not rewritten.
resource "aws_acm_certificate" "staging_two_level" {
  domain_name       = "*.staging.example.com"
  validation_method = "DNS"
}

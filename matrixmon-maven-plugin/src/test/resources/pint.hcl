// cloudflare pint's configuration for the chart's rule groups (rules/PintIT runs pint --offline on
// them): every check pint runs without a Prometheus server, and what every alert of the chart must
// carry. A check is switched off only here, each with the reason next to it.

rule {
  match {
    kind = "alerting"
  }
  label "severity" {
    severity = "bug"
    required = true
    values   = ["critical", "warning", "info"]
  }
  label "component" {
    severity = "bug"
    required = true
  }
  annotation "summary" {
    severity = "bug"
    required = true
  }
  annotation "description" {
    severity = "bug"
    required = true
  }
  annotation "runbook_url" {
    severity = "bug"
    required = true
    value    = "https?://.+"
  }
}

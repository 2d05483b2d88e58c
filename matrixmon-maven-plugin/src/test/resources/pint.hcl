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

// Its last branch is max by (namespace, cronjob) (absent(kube_cronjob_info{...})): absent() returns a
// series only when the CronJob is gone, and max by drops absent()'s job label so that every branch
// carries the same labels. pint counts only a bare absent() as a condition and calls the branch
// always firing.
rule {
  match {
    name = "SyncSystemMediaSyncStale"
  }
  disable = ["alerts/comparison"]
}

// Every service-level objective records the same names (slo:sli_events:rate5m, ...) in a group of
// its own, labelled slo=<name>; the bad events, the error ratios and the budget of the window read
// the recordings of their own objective only (slo="<name>"), made earlier in the same group. pint's
// dependency check does not read the label and names every other objective's group as well.
rule {
  match {
    name = "slo:(sli_bad_events:rate5m|sli_error:ratio_rate.+|period_(burn_rate|error_budget_remaining):ratio)"
  }
  disable = ["rule/dependency"]
}

{{/*
Helpers of the matrixmon monitoring chart. Names are prefixed "matrixmon." so that they cannot
clash with helpers of a parent chart.
*/}}

{{/* The chart name, overridable with nameOverride. */}}
{{- define "matrixmon.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The prefix of every resource name: release-chart, or fullnameOverride. */}}
{{- define "matrixmon.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Namespace of the monitoring resources. */}}
{{- define "matrixmon.namespace" -}}
{{- default .Release.Namespace .Values.namespaceOverride }}
{{- end }}

{{/* chart label value: name-version. */}}
{{- define "matrixmon.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Standard labels, plus the labels kube-prometheus-stack selects on (commonLabels). */}}
{{- define "matrixmon.labels" -}}
helm.sh/chart: {{ include "matrixmon.chart" . }}
app.kubernetes.io/name: {{ include "matrixmon.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: matrixmon
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* metadata of one resource: dict "root" $ "name" <suffix> "component" <component>. */}}
{{- define "matrixmon.metadata" -}}
metadata:
  name: {{ printf "%s-%s" (include "matrixmon.fullname" .root) .name | trunc 63 | trimSuffix "-" }}
  namespace: {{ include "matrixmon.namespace" .root }}
  labels:
    {{- include "matrixmon.labels" .root | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/*
One scrape endpoint (ServiceMonitor endpoint or PodMonitor podMetricsEndpoint) of a target's
values. The job label is set explicitly so that rules select on a stable name whatever the
Service is called; targetLabels (worker_type, matrix_instance, cnpg_io_cluster) follow.
Without a port name the port number goes to numberField: targetPort in a ServiceMonitor, portNumber
in a PodMonitor (whose targetPort the operator deprecates and warns about on every reconcile).
*/}}
{{- define "matrixmon.endpoint" -}}
{{- if .portName }}
port: {{ .portName | quote }}
{{- else }}
{{ .numberField | default "targetPort" }}: {{ int .port }}
{{- end }}
path: {{ .path | quote }}
scheme: {{ .scheme }}
interval: {{ .interval | quote }}
scrapeTimeout: {{ .scrapeTimeout | quote }}
{{- with .bearerTokenSecret }}
authorization:
  type: Bearer
  credentials:
    name: {{ .name | quote }}
    key: {{ .key | quote }}
{{- end }}
relabelings:
  - action: replace
    targetLabel: job
    replacement: {{ .job | quote }}
  {{- range $label, $value := .targetLabels }}
  - action: replace
    targetLabel: {{ $label }}
    replacement: {{ $value | quote }}
  {{- end }}
  {{- if hasKey .targetLabels "worker_type" }}
  {{- /* A Synapse process (every one carries worker_type): index is its number within its type, as
  Synapse's dashboard expects: the StatefulSet ordinal of its pod, or the last part of the pod name. */}}
  - action: replace
    sourceLabels: [__meta_kubernetes_pod_name]
    regex: "(?:.*-)?([^-]+)"
    targetLabel: index
    replacement: "$1"
  {{- end }}
  {{- with .relabelings }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
{{- with .metricRelabelings }}
metricRelabelings:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* The namespace a target runs in, where its monitor selects it: dict "root" $ "target" <values>. */}}
{{- define "matrixmon.targetNamespace" -}}
{{- .target.namespace | default .root.Release.Namespace }}
{{- end }}

{{/* A ServiceMonitor: dict "root" $ "name" <resource suffix> "component" <c> "target" <values>. */}}
{{- define "matrixmon.serviceMonitor" -}}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
{{ include "matrixmon.metadata" . }}
spec:
  namespaceSelector:
    matchNames:
      - {{ include "matrixmon.targetNamespace" . | quote }}
  selector:
    matchLabels:
      {{- toYaml .target.selector | nindent 6 }}
  endpoints:
    - {{ include "matrixmon.endpoint" .target | trim | nindent 6 | trim }}
{{- end }}

{{/* A PodMonitor of one CloudNativePG cluster: dict "root" $ "cluster" <name> "target" <values>. */}}
{{- define "matrixmon.podMonitor" -}}
apiVersion: monitoring.coreos.com/v1
kind: PodMonitor
{{ include "matrixmon.metadata" (dict "root" .root "name" .cluster "component" "postgresql") }}
spec:
  namespaceSelector:
    matchNames:
      - {{ include "matrixmon.targetNamespace" . | quote }}
  selector:
    matchLabels:
      cnpg.io/cluster: {{ .cluster | quote }}
      cnpg.io/podRole: instance
  podMetricsEndpoints:
    - {{ include "matrixmon.endpoint" (merge (dict "numberField" "portNumber") .target) | trim | nindent 6 | trim }}
{{- end }}

{{/*
A PodMonitor of the Pooler (PgBouncer) pods of one CloudNativePG cluster: dict "root" $ "cluster"
<name> "target" <the cluster's values>. Poolers carry cnpg.io/poolerName in every CloudNativePG
version (cnpg.io/podRole: pooler only from 1.22); their metrics port is named metrics (9127).
*/}}
{{- define "matrixmon.poolerPodMonitor" -}}
{{- $pooler := dict "portName" "metrics" "path" "/metrics" "scheme" .target.scheme "interval" .target.interval
    "scrapeTimeout" .target.scrapeTimeout "job" .root.Values.postgresql.poolerJob
    "targetLabels" (dict "cnpg_io_cluster" .cluster)
    "relabelings" (list (dict "action" "replace" "sourceLabels" (list "__meta_kubernetes_pod_label_cnpg_io_poolerName") "targetLabel" "cnpg_io_pooler")) }}
apiVersion: monitoring.coreos.com/v1
kind: PodMonitor
{{ include "matrixmon.metadata" (dict "root" .root "name" (printf "%s-pooler" .cluster) "component" "postgresql") }}
spec:
  namespaceSelector:
    matchNames:
      - {{ include "matrixmon.targetNamespace" . | quote }}
  selector:
    matchLabels:
      cnpg.io/cluster: {{ .cluster | quote }}
    matchExpressions:
      - key: cnpg.io/poolerName
        operator: Exists
  podMetricsEndpoints:
    - {{ include "matrixmon.endpoint" $pooler | trim | nindent 6 | trim }}
{{- end }}

{{/*
Labels of one alert: dict "root" $ "alert" <values of the alert> "component" <c>.
*/}}
{{- define "matrixmon.alertLabels" -}}
severity: {{ .alert.severity }}
component: {{ .component }}
{{- with .root.Values.additionalAlertLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Regex matching the job of every Synapse process (main, workers, LI), for =~ selectors. */}}
{{- define "matrixmon.synapseJobs" -}}
{{- $jobs := list .Values.synapse.job .Values.synapseLi.job }}
{{- range $type, $worker := .Values.synapseWorkers.types }}
{{- $jobs = append $jobs $worker.job }}
{{- end }}
{{- $quoted := list }}
{{- range $jobs | uniq }}
{{- $quoted = append $quoted (regexQuoteMeta .) }}
{{- end }}
{{- join "|" $quoted | quote }}
{{- end }}

{{/* Regex matching the enabled CloudNativePG clusters, for =~ selectors on cnpg_io_cluster. */}}
{{- define "matrixmon.cnpgClusters" -}}
{{- $names := list }}
{{- range $name, $cluster := .Values.postgresql.clusters }}
{{- if $cluster.enabled }}
{{- $names = append $names (regexQuoteMeta $name) }}
{{- end }}
{{- end }}
{{- join "|" $names | quote }}
{{- end }}

{{/*
The cnpg_io_cluster matcher of the enabled CloudNativePG clusters that take base backups
(backupsExpected): an equality for one cluster (a regex of one name is a redundant regex), else a regex.
*/}}
{{- define "matrixmon.cnpgBackupClusters" -}}
{{- $names := list }}
{{- range $name, $cluster := .Values.postgresql.clusters }}
{{- if and $cluster.enabled $cluster.backupsExpected }}
{{- $names = append $names $name }}
{{- end }}
{{- end }}
{{- if eq (len $names) 1 }}
{{- printf "cnpg_io_cluster=%s" (first $names | quote) }}
{{- else }}
{{- $quoted := list }}
{{- range $names }}
{{- $quoted = append $quoted (regexQuoteMeta .) }}
{{- end }}
{{- printf "cnpg_io_cluster=~%s" (join "|" $quoted | quote) }}
{{- end }}
{{- end }}

{{/* Regex matching the enabled CloudNativePG clusters whose Poolers are scraped (poolers.enabled). */}}
{{- define "matrixmon.cnpgPoolerClusters" -}}
{{- $names := list }}
{{- range $name, $cluster := .Values.postgresql.clusters }}
{{- if and $cluster.enabled $cluster.poolers.enabled }}
{{- $names = append $names (regexQuoteMeta $name) }}
{{- end }}
{{- end }}
{{- join "|" $names | quote }}
{{- end }}

{{/*
The runbook_url of an alert: dict "root" $ "alert" <name> "panel" <its panel id on the runbook
dashboard>. With runbookBaseUrl set it is the user's own copy of the page; without, the alert's
panel on the chart's runbook dashboard, opened alone: Grafana 11's scenes-based dashboards take
viewPanel as a panel key or, failing that, a numeric panel id, the form older dashboards took. A link to a dashboard the chart does not
install would be dead, so that combination fails the install instead.
*/}}
{{- define "matrixmon.runbookUrl" -}}
{{- $values := .root.Values }}
{{- if $values.runbookBaseUrl }}
{{- printf "%s/%s%s" (trimSuffix "/" $values.runbookBaseUrl) .alert $values.runbookSuffix }}
{{- else if and $values.grafana.dashboards.enabled $values.grafana.dashboards.runbooks.enabled }}
{{- printf "%s/d/matrixmon-runbooks/matrix-runbooks?viewPanel=%d" (trimSuffix "/" $values.grafana.externalUrl) (int .panel) }}
{{- else }}
{{- fail "runbookBaseUrl is empty, so every alert's runbook_url opens the chart's runbook dashboard, but grafana.dashboards.enabled or grafana.dashboards.runbooks.enabled is false: enable the dashboard, or set runbookBaseUrl to where your copy of the runbooks is (https://...)" }}
{{- end }}
{{- end }}

{{/*
"true" when a Prometheus resource's label selector and namespace selector for one kind pick this
release's objects, as prometheus-operator decides it: dict "selector" "namespaceSelector" "labels"
(the objects' labels) "namespace" "namespaceLabels" "prometheus". A null selector selects nothing,
{} everything; a null namespace selector means the Prometheus' own namespace only.
*/}}
{{- define "matrixmon.selects" -}}
{{- $selects := and (kindIs "map" .selector) (include "matrixmon.matches" (dict "selector" .selector "labels" .labels)) }}
{{- if kindIs "map" .namespaceSelector }}
{{- $selects = and $selects (include "matrixmon.matches" (dict "selector" .namespaceSelector "labels" .namespaceLabels)) }}
{{- else }}
{{- $selects = and $selects (eq .prometheus.metadata.namespace .namespace) }}
{{- end }}
{{- if $selects }}true{{ end }}
{{- end }}

{{/* "true" when the label selector (matchLabels, matchExpressions) matches the labels: dict "selector" "labels". */}}
{{- define "matrixmon.matches" -}}
{{- $labels := .labels }}
{{- $matches := true }}
{{- range $key, $value := .selector.matchLabels | default dict }}
{{- if not (and (hasKey $labels $key) (eq (toString (get $labels $key)) (toString $value))) }}{{ $matches = false }}{{ end }}
{{- end }}
{{- range .selector.matchExpressions | default list }}
{{- $has := hasKey $labels .key }}
{{- $in := and $has (has (toString (get $labels .key)) (.values | default list)) }}
{{- if eq .operator "In" }}{{ if not $in }}{{ $matches = false }}{{ end }}
{{- else if eq .operator "NotIn" }}{{ if $in }}{{ $matches = false }}{{ end }}
{{- else if eq .operator "Exists" }}{{ if not $has }}{{ $matches = false }}{{ end }}
{{- else if eq .operator "DoesNotExist" }}{{ if $has }}{{ $matches = false }}{{ end }}
{{- end }}
{{- end }}
{{- if $matches }}true{{ end }}
{{- end }}

package main

import (
	"fmt"
	"strings"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	"github.com/prometheus-operator/prometheus-operator/pkg/assets"
	"github.com/prometheus-operator/prometheus-operator/pkg/prometheus"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// The Prometheus resource kube-prometheus-stack creates for a release named "prometheus" in
// the namespace "monitoring"; its replica's pod is <prometheus-name>-0.
const (
	prometheusNamespace = "monitoring"
	prometheusName      = "prometheus-kube-prometheus-prometheus"
)

// generate returns the configuration the operator's generator writes for a Prometheus of the
// given version that selects every monitor and sends its alerts to the Alertmanager at
// alertmanager (host:port), an additionalAlertManagerConfigs entry for Alertmanager's API v2.
func generate(m monitors, additional []byte, version, interval, alertmanager string) ([]byte, error) {
	resource := &monitoringv1.Prometheus{
		ObjectMeta: metav1.ObjectMeta{Namespace: prometheusNamespace, Name: prometheusName},
		Spec: monitoringv1.PrometheusSpec{
			CommonPrometheusFields: monitoringv1.CommonPrometheusFields{
				Version:        version,
				ScrapeInterval: monitoringv1.Duration(interval),
			},
			EvaluationInterval: monitoringv1.Duration(interval),
		},
	}
	generator, err := prometheus.NewConfigGenerator(nil, resource)
	if err != nil {
		return nil, err
	}
	// No monitor of the chart reads a Secret or ConfigMap here (MinIO's token Secret is off in the suite).
	store := assets.NewStoreBuilder(nil, nil)
	alertmanagers := []byte(fmt.Sprintf("- api_version: v2\n  static_configs:\n    - targets: [%q]\n", alertmanager))
	config, err := generator.GenerateServerConfiguration(resource, m.services, m.pods, nil, nil, store,
		additional, nil, alertmanagers, nil)
	if err != nil {
		return nil, err
	}
	return expandReloaderVariables(config), nil
}

// expandReloaderVariables does what prometheus-config-reloader does before Prometheus reads the
// file: it replaces $(SHARD) and $(POD_NAME) with the values of the pod's environment.
func expandReloaderVariables(config []byte) []byte {
	return []byte(strings.NewReplacer("$(SHARD)", "0", "$(POD_NAME)", prometheusName+"-0").Replace(string(config)))
}

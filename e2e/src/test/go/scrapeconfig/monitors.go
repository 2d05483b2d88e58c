package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1alpha1"
	"k8s.io/apimachinery/pkg/util/yaml"
)

// monitors are the chart's ServiceMonitors and PodMonitors, and its AlertmanagerConfigs, keyed as
// the operator keys them (namespace/name).
type monitors struct {
	services            map[string]*monitoringv1.ServiceMonitor
	pods                map[string]*monitoringv1.PodMonitor
	alertmanagerConfigs map[string]*monitoringv1alpha1.AlertmanagerConfig
}

func readMonitors(file string) (monitors, error) {
	result := monitors{services: map[string]*monitoringv1.ServiceMonitor{}, pods: map[string]*monitoringv1.PodMonitor{},
		alertmanagerConfigs: map[string]*monitoringv1alpha1.AlertmanagerConfig{}}
	in, err := os.Open(file)
	if err != nil {
		return result, err
	}
	defer in.Close()
	documents := yaml.NewYAMLReader(bufio.NewReader(in))
	for {
		document, err := documents.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return result, fmt.Errorf("%s: %w", file, err)
		}
		var kind struct{ Kind string }
		if err := yaml.Unmarshal(document, &kind); err != nil {
			return result, fmt.Errorf("%s: %w", file, err)
		}
		switch kind.Kind {
		case monitoringv1.ServiceMonitorsKind:
			monitor := &monitoringv1.ServiceMonitor{}
			if err := yaml.UnmarshalStrict(document, monitor); err != nil {
				return result, fmt.Errorf("%s: ServiceMonitor: %w", file, err)
			}
			result.services[monitor.Namespace+"/"+monitor.Name] = monitor
		case monitoringv1.PodMonitorsKind:
			monitor := &monitoringv1.PodMonitor{}
			if err := yaml.UnmarshalStrict(document, monitor); err != nil {
				return result, fmt.Errorf("%s: PodMonitor: %w", file, err)
			}
			result.pods[monitor.Namespace+"/"+monitor.Name] = monitor
		case monitoringv1alpha1.AlertmanagerConfigKind:
			config := &monitoringv1alpha1.AlertmanagerConfig{}
			if err := yaml.UnmarshalStrict(document, config); err != nil {
				return result, fmt.Errorf("%s: AlertmanagerConfig: %w", file, err)
			}
			result.alertmanagerConfigs[config.Namespace+"/"+config.Name] = config
		}
	}
	if len(result.services)+len(result.pods) == 0 {
		return result, fmt.Errorf("%s has no ServiceMonitor or PodMonitor", file)
	}
	return result, nil
}

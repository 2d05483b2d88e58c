// Command scrapeconfig writes the Prometheus configuration prometheus-operator would give a
// Prometheus that selects the chart's ServiceMonitors and PodMonitors, with one change: Kubernetes
// discovery becomes file-based discovery of simulated pods, services and endpoints, each target
// carrying the __meta_kubernetes_* labels Kubernetes discovery would give it. The operator's
// relabelling (selectors, ports, job, namespace, pod, the chart's own relabelings) stays as the
// operator wrote it, so the labels the rules select on arrive the way they do in a cluster.
//
// Prometheus sends its alerts to one Alertmanager at a fixed address, given to the operator's
// generator as the Prometheus resource's additionalAlertManagerConfigs (in a cluster the operator
// discovers kube-prometheus-stack's Alertmanager through its Service); that Alertmanager's
// configuration is the one the operator generates from the chart's AlertmanagerConfigs.
//
//	scrapeconfig -manifests chart.yaml -cluster cluster.json -rules rules.yml \
//	    -additional self.yml -prometheus-version 2.42.0 \
//	    -alertmanager 127.0.0.1:19093 -alertmanager-version 0.25.0 -out DIR
//
// writes DIR/prometheus.yml, DIR/targets/*.json and DIR/alertmanager.yml.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	manifests := flag.String("manifests", "", "helm template output of the chart (multi-document YAML)")
	cluster := flag.String("cluster", "", "the simulated pods and services (JSON)")
	rules := flag.String("rules", "", "rule file Prometheus loads, as written into rule_files")
	additional := flag.String("additional", "", "optional additionalScrapeConfigs (YAML list), used as the operator uses them")
	version := flag.String("prometheus-version", "", "version of the Prometheus that runs the configuration")
	interval := flag.String("interval", "30s", "the Prometheus resource's scrapeInterval and evaluationInterval")
	alertmanagerAddress := flag.String("alertmanager", "", "host:port of the Alertmanager Prometheus sends its alerts to")
	alertmanagerVersion := flag.String("alertmanager-version", "", "version of that Alertmanager")
	out := flag.String("out", "", "output directory")
	flag.Parse()
	if *manifests == "" || *cluster == "" || *version == "" || *out == "" || *alertmanagerAddress == "" ||
		*alertmanagerVersion == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*manifests, *cluster, *rules, *additional, *version, *interval, *alertmanagerAddress,
		*alertmanagerVersion, *out); err != nil {
		fmt.Fprintln(os.Stderr, "scrapeconfig:", err)
		os.Exit(1)
	}
}

func run(manifestsFile, clusterFile, rules, additionalFile, version, interval, alertmanagerAddress,
	alertmanagerVersion, out string) error {
	monitors, err := readMonitors(manifestsFile)
	if err != nil {
		return err
	}
	pods, err := readCluster(clusterFile)
	if err != nil {
		return err
	}
	var additional []byte
	if additionalFile != "" {
		if additional, err = os.ReadFile(additionalFile); err != nil {
			return err
		}
	}
	generated, err := generate(monitors, additional, version, interval, alertmanagerAddress)
	if err != nil {
		return err
	}
	config, targetFiles, err := discoverFromFiles(generated, pods, rules)
	if err != nil {
		return err
	}
	if len(monitors.alertmanagerConfigs) == 0 {
		return fmt.Errorf("%s has no AlertmanagerConfig (alertRouting.enabled)", manifestsFile)
	}
	alertmanagerConfig, err := generateAlertmanager(monitors.alertmanagerConfigs, alertmanagerVersion)
	if err != nil {
		return fmt.Errorf("alertmanager configuration: %w", err)
	}
	if err := writeAtomically(filepath.Join(out, "alertmanager.yml"), alertmanagerConfig); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(out, targetsDir), 0o755); err != nil {
		return err
	}
	for name, content := range targetFiles {
		if err := writeAtomically(filepath.Join(out, name), content); err != nil {
			return err
		}
	}
	return writeAtomically(filepath.Join(out, "prometheus.yml"), config)
}

// writeAtomically replaces a file in one step, so Prometheus's file discovery never reads half a file.
func writeAtomically(path string, content []byte) error {
	temporary := path + ".tmp"
	if err := os.WriteFile(temporary, content, 0o644); err != nil {
		return err
	}
	return os.Rename(temporary, path)
}

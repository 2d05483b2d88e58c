package main

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"strconv"

	"github.com/prometheus/prometheus/util/strutil"
)

// pod is one simulated pod: where its one container's ports really listen on this machine, and
// the Service in front of it, if any.
type pod struct {
	Namespace string            `json:"namespace"`
	Name      string            `json:"name"`
	Labels    map[string]string `json:"labels"`
	Container string            `json:"container"`
	Ports     []port            `json:"ports"`
	Service   *service          `json:"service"`
}

// port is a named container port; the Service names its port the same and targets it.
type port struct {
	Name    string `json:"name"`
	Number  int    `json:"number"`
	Address string `json:"address"`
}

type service struct {
	Name   string            `json:"name"`
	Labels map[string]string `json:"labels"`
}

// targetGroup is one entry of a file_sd file.
type targetGroup struct {
	Targets []string          `json:"targets"`
	Labels  map[string]string `json:"labels"`
}

func readCluster(file string) ([]pod, error) {
	content, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var cluster struct {
		Pods []pod `json:"pods"`
	}
	if err := json.Unmarshal(content, &cluster); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return cluster.Pods, nil
}

// targets returns what Kubernetes discovery of the role ("endpoints" or "pod") finds in the
// namespaces (all when empty): one target per container port, labelled as Prometheus's
// Kubernetes discovery labels it.
func targets(pods []pod, role string, namespaces []string) []targetGroup {
	groups := []targetGroup{}
	for _, p := range pods {
		if !contains(namespaces, p.Namespace) {
			continue
		}
		for _, pt := range p.Ports {
			labels := podLabels(p, pt)
			switch role {
			case "pod":
			case "endpoints":
				if p.Service == nil {
					continue
				}
				addEndpointLabels(labels, p, pt)
			default:
				continue
			}
			groups = append(groups, targetGroup{Targets: []string{pt.Address}, Labels: labels})
		}
	}
	return groups
}

func podLabels(p pod, pt port) map[string]string {
	host, _, _ := net.SplitHostPort(pt.Address)
	labels := map[string]string{
		"__meta_kubernetes_namespace":                   p.Namespace,
		"__meta_kubernetes_pod_name":                    p.Name,
		"__meta_kubernetes_pod_ip":                      host,
		"__meta_kubernetes_pod_ready":                   "true",
		"__meta_kubernetes_pod_phase":                   "Running",
		"__meta_kubernetes_pod_node_name":               "node-0",
		"__meta_kubernetes_pod_host_ip":                 host,
		"__meta_kubernetes_pod_container_name":          p.Container,
		"__meta_kubernetes_pod_container_init":          "false",
		"__meta_kubernetes_pod_container_port_name":     pt.Name,
		"__meta_kubernetes_pod_container_port_number":   strconv.Itoa(pt.Number),
		"__meta_kubernetes_pod_container_port_protocol": "TCP",
	}
	addObjectLabels(labels, "__meta_kubernetes_pod_", p.Labels)
	return labels
}

func addEndpointLabels(labels map[string]string, p pod, pt port) {
	labels["__meta_kubernetes_endpoints_name"] = p.Service.Name
	labels["__meta_kubernetes_service_name"] = p.Service.Name
	labels["__meta_kubernetes_endpoint_ready"] = "true"
	labels["__meta_kubernetes_endpoint_node_name"] = "node-0"
	labels["__meta_kubernetes_endpoint_port_name"] = pt.Name
	labels["__meta_kubernetes_endpoint_port_protocol"] = "TCP"
	labels["__meta_kubernetes_endpoint_address_target_kind"] = "Pod"
	labels["__meta_kubernetes_endpoint_address_target_name"] = p.Name
	// An Endpoints object carries its Service's labels.
	addObjectLabels(labels, "__meta_kubernetes_endpoints_", p.Service.Labels)
	addObjectLabels(labels, "__meta_kubernetes_service_", p.Service.Labels)
}

// addObjectLabels adds <prefix>label_<name> and <prefix>labelpresent_<name>, the names sanitized
// as Prometheus's Kubernetes discovery sanitizes them.
func addObjectLabels(labels map[string]string, prefix string, objectLabels map[string]string) {
	for name, value := range objectLabels {
		sanitized := strutil.SanitizeLabelName(name)
		labels[prefix+"label_"+sanitized] = value
		labels[prefix+"labelpresent_"+sanitized] = "true"
	}
}

func contains(namespaces []string, namespace string) bool {
	if len(namespaces) == 0 {
		return true
	}
	for _, n := range namespaces {
		if n == namespace {
			return true
		}
	}
	return false
}

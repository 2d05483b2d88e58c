package main

import (
	"encoding/json"
	"fmt"

	"gopkg.in/yaml.v2"
)

const targetsDir = "targets"

// discoverFromFiles replaces each scrape job's kubernetes_sd_configs with a file_sd_configs
// entry whose file lists the simulated targets the Kubernetes discovery would have found, and
// points rule_files at the suite's rules. Everything else is the operator's.
func discoverFromFiles(generated []byte, pods []pod, rules string) ([]byte, map[string][]byte, error) {
	var config yaml.MapSlice
	if err := yaml.Unmarshal(generated, &config); err != nil {
		return nil, nil, err
	}
	files := map[string][]byte{}
	for i, item := range config {
		if item.Key != "scrape_configs" {
			continue
		}
		jobs, ok := item.Value.([]interface{})
		if !ok {
			return nil, nil, fmt.Errorf("scrape_configs is not a list")
		}
		for j, job := range jobs {
			replaced, file, content, err := replaceKubernetesDiscovery(job.(yaml.MapSlice), j, pods)
			if err != nil {
				return nil, nil, err
			}
			jobs[j] = replaced
			if file != "" {
				files[file] = content
			}
		}
		config[i].Value = jobs
	}
	if rules != "" {
		config = append(config, yaml.MapItem{Key: "rule_files", Value: []string{rules}})
	}
	out, err := yaml.Marshal(config)
	return out, files, err
}

func replaceKubernetesDiscovery(job yaml.MapSlice, index int, pods []pod) (yaml.MapSlice, string, []byte, error) {
	for k, item := range job {
		if item.Key != "kubernetes_sd_configs" {
			continue
		}
		var groups []targetGroup
		for _, sd := range item.Value.([]interface{}) {
			role, namespaces := roleAndNamespaces(sd.(yaml.MapSlice))
			groups = append(groups, targets(pods, role, namespaces)...)
		}
		file := fmt.Sprintf("%s/job-%d.json", targetsDir, index)
		content, err := json.MarshalIndent(groups, "", "  ")
		if err != nil {
			return nil, "", nil, err
		}
		job[k] = yaml.MapItem{Key: "file_sd_configs", Value: []yaml.MapSlice{{{Key: "files", Value: []string{file}}}}}
		return job, file, content, nil
	}
	return job, "", nil, nil
}

func roleAndNamespaces(sd yaml.MapSlice) (string, []string) {
	var role string
	var namespaces []string
	for _, item := range sd {
		switch item.Key {
		case "role":
			role = fmt.Sprint(item.Value)
		case "namespaces":
			for _, n := range item.Value.(yaml.MapSlice) {
				if n.Key == "names" {
					for _, name := range n.Value.([]interface{}) {
						namespaces = append(namespaces, fmt.Sprint(name))
					}
				}
			}
		}
	}
	return role, namespaces
}

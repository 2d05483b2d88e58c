#!/usr/bin/env python3
"""Key paths of kube-prometheus-stack's values (with its Grafana subchart's under grafana.).

Maintainers' tool, run when the supported stack version changes; its output is
matrixmon-maven-plugin/src/test/resources/kube-prometheus-stack/values-keys.txt, against which
StackValuesTest checks the generated values file. Needs PyYAML and the two values files:
  stack-values-keys.py <kps values.yaml> <grafana values.yaml> <header line> > values-keys.txt
A path ending in {} is a free-form map (any key below it is valid), [] a list.
"""
import sys
import yaml


def paths(node, prefix, out):
    for key, value in node.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            out.add(path)
            paths(value, path + ".", out)
        elif isinstance(value, dict):
            out.add(path + " {}")
        elif isinstance(value, list):
            out.add(path + " []")
        else:
            out.add(path)


stack, grafana = (yaml.safe_load(open(f)) for f in sys.argv[1:3])
keys = set()
paths(stack, "", keys)
paths(grafana, "grafana.", keys)
print("# " + sys.argv[3])
print("\n".join(sorted(keys)))

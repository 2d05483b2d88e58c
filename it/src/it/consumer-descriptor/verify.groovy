// The consumer's descriptor and template override shape the rendered, linted chart.
def chart = new File(basedir, 'target/matrixmon/acme-matrix-monitoring')
assert new File(chart, 'Chart.yaml').text.contains('version: "2.4.0-SNAPSHOT"')
def values = new File(chart, 'values.yaml').text
assert values.contains('commonLabels:\n  prometheus: acme\n')
assert values =~ /(?s)redis:.*?port: 9122.*?interval: "15s"/
assert values.contains('namespace: "acme-matrix"')
assert values =~ /(?s)SynapseHighCPU:.*?threshold: 0.9/
assert new File(chart, 'templates/servicemonitors/synapse-worker-pusher.yaml').isFile()
assert new File(chart, 'templates/team-configmap.yaml').text.contains('owner: "acme-matrix-monitoring"')
def log = new File(basedir, 'build.log').text
assert log.contains('Rendered chart acme-matrix-monitoring 2.4.0-SNAPSHOT to ')
assert log.contains('Linted chart acme-matrix-monitoring: helm lint --strict passed with default values and with every component enabled')
return true

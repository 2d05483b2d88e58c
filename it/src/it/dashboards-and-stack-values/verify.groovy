// Dashboards follow the descriptor and can be switched at install time; the kube-prometheus-stack
// values are rendered from the descriptor and installed as a second artifact of the build.
import com.marcnuri.helm.Helm
import org.yaml.snakeyaml.Yaml

def archive = new File(basedir, 'target/matrixmon/matrix-monitoring-3.1.0.tgz')
assert archive.isFile()

def dashboards = { Map<String, String> sets ->
    def template = Helm.template(archive.path).withName('matrix').withNamespace('matrix')
    sets.each { key, value -> template.set(key, value) }
    new Yaml().loadAll(template.call()).findAll { it != null && it.kind == 'ConfigMap' && it.metadata.labels?.grafana_dashboard == '1' }
}
// Every dashboard the chart has (one per component bundle with one) but the two the descriptor excludes.
def all = new File(basedir, 'target/matrixmon/matrix-monitoring/files/dashboards').list().collect { it - '.json' }
assert all.containsAll(['sygnal', 'key-vault', 'redis'])
def shipped = dashboards([:])
assert shipped.collect { it.metadata.name - 'matrix-matrix-monitoring-dashboard-' }.sort() ==
        (all - ['sygnal', 'key-vault']).sort()
assert shipped.every { it.metadata.annotations.grafana_folder == 'Chat' }
assert dashboards(['grafana.dashboards.sygnal.enabled': 'true']).size() == all.size() - 1
assert dashboards(['grafana.dashboards.enabled': 'false']).isEmpty()

def installed = new File(localRepositoryPath,
        'io/matrixmon/it/dashboards-and-stack-values/3.1.0/dashboards-and-stack-values-3.1.0-kube-prometheus-stack-values.yaml')
assert installed.isFile()
def stack = new Yaml().load(installed.text)
assert stack.prometheus.prometheusSpec.retention == '15d'
assert stack.prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.resources.requests.storage == '250Gi'
assert stack.prometheus.prometheusSpec.thanos.objectStorageConfig.existingSecret == [name: 'thanos-s3', key: 'objstore.yml']
assert stack.prometheus.prometheusSpec.ruleSelector == [matchLabels: [release: 'prometheus']]
assert stack.grafana.admin.existingSecret == 'grafana-admin'
assert !installed.text.contains('adminPassword')
assert installed.text.contains('--version 67.0.0 -f kube-prometheus-stack-values.yaml')

def routing = new Yaml().loadAll(Helm.template(archive.path).withName('matrix').withNamespace('matrix').call())
        .findAll { it?.kind == 'AlertmanagerConfig' }
assert routing.size() == 1
return true

// Dashboards follow the descriptor and can be switched at install time; every alert's runbook link
// opens its page on the chart's runbook dashboard at the descriptor's Grafana URL; the
// kube-prometheus-stack values are rendered from the descriptor and installed as a second artifact
// of the build.
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
assert all.contains('runbooks')
def elsewhere = 'https://wiki.chat.example.org/runbooks'
assert dashboards(['grafana.dashboards.enabled': 'false', 'runbookBaseUrl': elsewhere]).isEmpty()
// without a copy of the runbooks elsewhere, leaving their dashboard out would leave every link dead
try {
    dashboards(['grafana.dashboards.runbooks.enabled': 'false'])
    assert false: 'the install must fail'
} catch (IllegalStateException e) {
    assert e.message.contains('runbookBaseUrl is empty, so every alert\'s runbook_url opens the chart\'s runbook dashboard')
}

// Every alert: the Pooler alerts exist only for clusters whose Poolers are scraped.
def manifests = new Yaml().loadAll(Helm.template(archive.path).withName('matrix').withNamespace('matrix')
        .set('postgresql.clusters.matrix-postgresql.poolers.enabled', 'true')
        .set('postgresql.clusters.matrix-postgresql-li.poolers.enabled', 'true').call())
        .findAll { it != null }
def runbooks = new groovy.json.JsonSlurper().parseText(manifests.find {
    it.kind == 'ConfigMap' && it.metadata.name == 'matrix-matrix-monitoring-dashboard-runbooks' }.data['matrixmon-runbooks.json'])
def panels = runbooks.panels.collectEntries { [(it.id as String): it] }
def alerts = manifests.findAll { it.kind == 'PrometheusRule' }.collectMany { it.spec.groups }.collectMany { it.rules }
        .findAll { it.alert }
assert alerts.size() == runbooks.panels.size()
alerts.each { alert ->
    def link = alert.annotations.runbook_url =~ /^https:\/\/grafana\.chat\.example\.org\/d\/matrixmon-runbooks\/[^\/?]+\?viewPanel=(\d+)$/
    assert link.matches(): alert.annotations.runbook_url
    def panel = panels[link.group(1)]
    assert panel?.title == alert.alert
    assert panel.options.mode == 'markdown' && panel.options.content.startsWith("# ${alert.alert}\n")
}
def linked = Helm.template(archive.path).withName('matrix').withNamespace('matrix')
        .set('runbookBaseUrl', elsewhere).set('runbookSuffix', '.html').call()
assert linked.contains("runbook_url: \"${elsewhere}/RedisDown.html\"")

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

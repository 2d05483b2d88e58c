// The repository's index.yaml lists the chart with the archive's digest; Helm's repository
// client (helm-java `repo add` + `search repo`) finds it; the archive downloads unchanged.
import java.security.MessageDigest
import com.marcnuri.helm.Helm

def archive = new File(basedir, 'target/matrixmon/matrix-monitoring-2.0.1.tgz')
def digest = MessageDigest.getInstance('SHA-256').digest(archive.bytes).encodeHex().toString()
def index = new org.yaml.snakeyaml.Yaml().load(new URL('http://127.0.0.1:18081/charts/it-put/index.yaml').text)
def entry = index.entries['matrix-monitoring'].find { it.version == '2.0.1' }
assert entry.digest == digest
assert entry.urls == ['matrix-monitoring-2.0.1.tgz']
assert entry.created == '2026-02-02T02:02:02Z'
def downloaded = new URL('http://127.0.0.1:18081/charts/it-put/matrix-monitoring-2.0.1.tgz').openStream().bytes
assert MessageDigest.getInstance('SHA-256').digest(downloaded).encodeHex().toString() == digest

def repositories = new File(basedir, 'target/helm-repositories.yaml').toPath()
Helm.repo().add().withRepositoryConfig(repositories).withName('it').withUrl(URI.create('http://127.0.0.1:18081/charts/it-put/')).call()
def found = Helm.search().repo().withRepositoryConfig(repositories).withKeyword('matrix-monitoring').call()
assert found*.chartVersion.contains('2.0.1')
def log = new File(basedir, 'build.log').text
assert !log.contains('s3cr3t-Pa55word')
return true

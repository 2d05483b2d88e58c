// The registry holds the chart: its manifest's chart layer is our archive, byte for byte,
// and Helm (through helm-java) installs it straight from the registry.
import java.security.MessageDigest
import com.marcnuri.helm.Helm
import com.marcnuri.helm.DryRun

def archive = new File(basedir, 'target/matrixmon/matrix-monitoring-2.0.1.tgz')
def digest = 'sha256:' + MessageDigest.getInstance('SHA-256').digest(archive.bytes).encodeHex()
def manifest = new URL('http://127.0.0.1:15000/v2/it/push-oci/matrix-monitoring/manifests/2.0.1')
        .openConnection().with {
            setRequestProperty('Accept', 'application/vnd.oci.image.manifest.v1+json')
            new groovy.json.JsonSlurper().parse(inputStream)
        }
assert manifest.layers*.digest == [digest]
assert manifest.layers[0].mediaType == 'application/vnd.cncf.helm.chart.content.v1.tar+gzip'

def release = Helm.install('oci://127.0.0.1:15000/it/push-oci/matrix-monitoring').withVersion('2.0.1')
        .plainHttp().withName('pulled').withNamespace('monitoring')
        .dryRun().withDryRunOption(DryRun.CLIENT).clientOnly().call()
assert release.output.contains('matrix-monitoring 2.0.1')
assert new File(basedir, 'build.log').text.contains('Pushed matrix-monitoring-2.0.1.tgz to oci://127.0.0.1:15000/it/push-oci/matrix-monitoring:2.0.1')
return true

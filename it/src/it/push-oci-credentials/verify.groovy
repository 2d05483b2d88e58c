// Pushed with the settings.xml server's credentials; the password appears nowhere in the -X log.
def log = new File(basedir, 'build.log').text
assert log.contains('[DEBUG]')
assert log.contains('Pushed matrix-monitoring-2.0.1.tgz to oci://127.0.0.1:15001/it/credentials/matrix-monitoring:2.0.1 as matrixmon')
assert !log.contains('s3cr3t-Pa55word')
assert !log.contains(Base64.encoder.encodeToString('matrixmon:s3cr3t-Pa55word'.bytes))
def tags = new URL('http://127.0.0.1:15001/v2/it/credentials/matrix-monitoring/tags/list').openConnection().with {
    setRequestProperty('Authorization', 'Basic ' + Base64.encoder.encodeToString('matrixmon:s3cr3t-Pa55word'.bytes))
    new groovy.json.JsonSlurper().parse(inputStream)
}
assert tags.tags == ['2.0.1']
return true

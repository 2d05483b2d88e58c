// The packaging type binds render, lint and package; the archive is the project's main artifact.
def log = new File(basedir, 'build.log').text
for (goal in ['render', 'lint', 'package']) {
    // Maven 3.8 names the plugin by artifactId, Maven 3.9 and 4 by prefix.
    assert log =~ /matrixmon(-maven-plugin)?:[^:]+:${goal} \(default-${goal}\) @ packaging-type/
}
def installed = new File(localRepositoryPath, 'io/matrixmon/it/packaging-type/1.4.0/packaging-type-1.4.0.tgz')
assert installed.isFile()
assert installed.bytes == new File(basedir, 'target/matrixmon/matrix-monitoring-1.4.0.tgz').bytes
return true

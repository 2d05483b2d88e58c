// Byte-identical archives from two clean builds; SemVer version; installed as the project's tgz artifact.
import java.security.MessageDigest
import java.util.zip.GZIPInputStream

def sha256 = { File file -> MessageDigest.getInstance('SHA-256').digest(file.bytes).encodeHex().toString() }
def first = new File(basedir, 'first-build/matrix-monitoring-3.1.0-SNAPSHOT.tgz')
def second = new File(basedir, 'target/matrixmon/matrix-monitoring-3.1.0-SNAPSHOT.tgz')
assert first.isFile() && second.isFile()
assert sha256(first) == sha256(second)

// The first tar header names Chart.yaml and carries the output timestamp (octal seconds).
def header = new GZIPInputStream(new FileInputStream(second)).readNBytes(512)
assert new String(header, 0, 100, 'US-ASCII').replace('\0', '') == 'matrix-monitoring/Chart.yaml'
def mtime = Long.parseLong(new String(header, 136, 11, 'US-ASCII'), 8)
assert mtime == java.time.Instant.parse('2026-03-01T12:00:00Z').epochSecond

def installed = new File(localRepositoryPath,
        'io/matrixmon/it/package-reproducible/3.1-SNAPSHOT/package-reproducible-3.1-SNAPSHOT.tgz')
assert installed.isFile() && sha256(installed) == sha256(second)

// The user matrix (it/pom.xml): this variant ran on the JDK and Maven it names, and its archive is
// byte-identical to every other variant's, the default build's first among them.
def log = new File(basedir, 'build.log').text
assert log =~ /(?m)^Java version: ${java.util.regex.Pattern.quote(expectedJavaVersion)}[.,]/
if (expectedMavenVersion) {
    assert log =~ /(?m)^Apache Maven ${java.util.regex.Pattern.quote(expectedMavenVersion)} /
}
def archives = new File(matrixArchives)
archives.mkdirs()
new File(archives, "${matrixVariant}.tgz").bytes = second.bytes
if (matrixVariant != 'default') {
    assert new File(archives, 'default.tgz').isFile()
}
archives.listFiles().each { assert sha256(it) == sha256(second) : "${it.name} differs from ${matrixVariant}" }
return true

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
return true

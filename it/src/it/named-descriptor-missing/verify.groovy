// A named descriptor that does not exist fails the build with its path and the default location,
// instead of rendering the embedded default deployment.
def lines = new File(basedir, 'build.log').readLines()
def failedGoal = /\[ERROR\] Failed to execute goal io\.matrixmon:matrixmon-maven-plugin:[^:]+:render \(default\)/ +
        / on project named-descriptor-missing: Invalid deployment descriptor:/
assert lines.any { it ==~ failedGoal }
assert lines.contains('[ERROR]   src/main/matrixmon/prod.yml: does not exist; a descriptor that is named explicitly'
        + ' must exist (only the default location, src/main/matrixmon/matrixmon.yaml, may be absent: then the'
        + ' embedded default deployment is rendered)')
assert !lines.any { it.contains('rendering the embedded default deployment') }
assert !new File(basedir, 'target/matrixmon').exists()
return true

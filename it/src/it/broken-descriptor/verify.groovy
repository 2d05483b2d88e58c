// A broken descriptor fails the build with file, line, column, field and expectation, and writes no chart.
def log = new File(basedir, 'build.log').text
assert log.contains('[ERROR] Failed to execute goal io.matrixmon:matrixmon-maven-plugin:')
assert log.contains('Invalid deployment descriptor (2 problems):')
assert log.contains('src/main/matrixmon/matrixmon.yaml:3:11: services.redis.port: expected a port number 1-65535, got the number 70000')
assert log.contains("src/main/matrixmon/matrixmon.yaml:4:5: services.redis.intervall: unknown key 'intervall' (did you mean 'interval'?)")
assert !new File(basedir, 'target/matrixmon/matrix-monitoring').exists()
return true

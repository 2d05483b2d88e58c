// Each module got its own chart, built from its own descriptor, while both ran at once.
def alpha = new File(basedir, 'alpha/target/matrixmon/alpha-monitoring/values.yaml').text
def beta = new File(basedir, 'beta/target/matrixmon/beta-monitoring/values.yaml').text
assert alpha =~ /(?s)\nredis:.*?port: 9001/
assert beta =~ /(?s)\nredis:.*?port: 9002/
assert alpha =~ /(?s)synapseWorkers:\n  ## [^\n]*\n  enabled: true/
assert beta =~ /(?s)synapseWorkers:\n  ## [^\n]*\n  enabled: false/
assert !new File(basedir, 'alpha/target/matrixmon/beta-monitoring').exists()
def log = new File(basedir, 'build.log').text
assert log.contains('Using the MultiThreadedBuilder implementation with a thread count of 2')
assert log.count('helm lint --strict passed') == 2
return true

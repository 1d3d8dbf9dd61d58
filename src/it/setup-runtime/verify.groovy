def index = new File(basedir, "target/fabricks/oci/index.json").text
assert index.contains('"org.opencontainers.image.ref.name":"it"')
def pushed = new groovy.json.JsonSlurper().parse(new File(basedir, "target/fabricks/push.json"))
assert pushed.image == registry + "/runtimes/node"
assert pushed.digest == new File(basedir, "target/fabricks/image.digest").text.trim()
return true

def index = new File(basedir, "target/fabricks/oci/index.json").text
assert index.contains('"org.opencontainers.image.ref.name":"it"')
return true

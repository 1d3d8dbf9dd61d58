import groovy.json.JsonSlurper

def pushed = new JsonSlurper().parse(new File(basedir, "target/fabricks/push.json"))
assert pushed.image == authRegistry + "/team/standalone"
assert pushed.tags == ["latest", "2.0.0"]
def log = new File(basedir, "build.log").text
assert log.contains("Pushed " + authRegistry + "/team/standalone@" + pushed.digest)
assert !log.contains("it-S3cret-Passw0rd") : "the password never reaches the log"
// nor any file the build wrote: the component, the OCI layout's blobs, push.json, work files
new File(basedir, "target").eachFileRecurse(groovy.io.FileType.FILES) { f ->
  assert !new String(f.bytes, "ISO-8859-1").contains("it-S3cret-Passw0rd") : "secret found in " + f
}
// the runtime came from the other registry: its layer had to be uploaded here
assert pushed.blobs.find { it.mediaType == "application/vnd.fabricks.runtime.v1+wasm" }.outcome == "uploaded"
return true

import groovy.json.JsonSlurper

assert new File(basedir, "target/maven-repo/dev/fabricks/it/lib/1.0.0/lib-1.0.0.jar").isFile() : "the jar module is deployed"
assert !new File(basedir, "target/maven-repo/dev/fabricks/it/app").exists() : "the app goes to the registry only"

def out = new File(basedir, "app/target/fabricks")
def pushed = new JsonSlurper().parse(new File(out, "push.json"))
def digest = new File(out, "image.digest").text.trim()
assert pushed.digest == digest
assert pushed.tags == ["latest", "1.0.0"]
def outcomes = pushed.blobs.collectEntries { [(it.mediaType): it.outcome] }
assert outcomes["application/vnd.fabricks.runtime.v1+wasm"] == "mounted"
assert outcomes["application/vnd.fabricks.module.v1+wasm"] == "uploaded"

// the registry serves the bytes written to target/
def conn = new URL("http://" + registry + "/v2/apps/app/manifests/1.0.0").openConnection()
conn.setRequestProperty("Accept", "application/vnd.oci.image.manifest.v1+json")
assert conn.getHeaderField("Docker-Content-Digest") == digest
assert conn.inputStream.bytes == new File(out, "oci/blobs/sha256/" + digest.substring(7)).bytes

def log = new File(basedir, "build.log").text
assert log.contains("mounted")
assert log.contains("resolved fabricks.dev/runtimes/node:it to sha256:")
return true

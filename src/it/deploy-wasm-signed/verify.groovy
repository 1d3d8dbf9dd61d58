import groovy.json.JsonSlurper

// fabricks:push took <to><runtimeRepository>, <wasmTag> and <signingKey> from the POM
def pushed = new JsonSlurper().parse(new File(basedir, "target/fabricks/push.json"))
assert pushed.image == registry + "/apps/wasm-signed"
assert pushed.blobs.find { it.mediaType == "application/vnd.fabricks.runtime.v1+wasm" }.outcome == "mounted"
assert pushed.wasm.tag == "3.0.0-wasm"
def log = new File(basedir, "build.log").text
assert log.contains("runtime layer in runtimes/node")
assert log.contains("tagged   " + registry + "/apps/wasm-signed:3.0.0-wasm (CNCF Wasm artifact")
def sigTag = "sha256-" + pushed.digest.substring(7) + ".sig"
assert log.contains("signed   " + registry + "/apps/wasm-signed:" + sigTag)

// the real cosign verifies the signature with the public key
def tools = new File(basedir, "../../../../scripts/install-test-tools").canonicalPath
def cosign = [tools, "--print", "cosign"].execute().text.trim()
def verify = [cosign, "verify", "--key", "cosign.pub", "--insecure-ignore-tlog=true", "--allow-http-registry=true",
    registry + "/apps/wasm-signed:3.0.0"].execute(null, basedir)
def out = new StringBuffer(), err = new StringBuffer()
verify.waitForProcessOutput(out, err)
assert verify.exitValue() == 0 : "cosign verify: " + err
assert out.toString().contains(pushed.digest)
return true

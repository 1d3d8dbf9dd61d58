import groovy.json.JsonSlurper

def out = new File(basedir, "target/fabricks")
def component = new File(out, "build-app.wasm")
assert component.isFile()
def digest = new File(out, "image.digest").text.trim()
assert digest ==~ /sha256:[0-9a-f]{64}/
def manifest = new JsonSlurper().parse(new File(out, "oci/blobs/sha256/" + digest.substring(7)))
assert manifest.layers.size() == 2
assert manifest.layers[0].mediaType == "application/vnd.fabricks.runtime.v1+wasm"
assert manifest.layers[0].annotations["fabricks.runtime"] == "node:it"
assert manifest.layers[1].mediaType == "application/vnd.fabricks.module.v1+wasm"
assert manifest.layers[1].annotations["fabricks.entrypoint"] == "main.js"
assert manifest.annotations["org.opencontainers.image.created"] == "2026-01-01T00:00:00Z"
def config = new JsonSlurper().parse(new File(out, "oci/blobs/sha256/" + manifest.config.digest.substring(7)))
assert config.capabilities.network.connect == ["api.example.com:443"]
assert config.component.imports.every { it.startsWith("wasi:") }

// the composed component runs and reads the user's file through the source layer
def proc = ["python3", runComponent, component.path].execute()
def stdout = new StringBuilder(), stderr = new StringBuilder()
proc.waitForProcessOutput(stdout, stderr)
assert proc.exitValue() == 0 : stderr
assert stdout.toString() == "hello from /app/main.js\n" : stdout

def log = new File(basedir, "build.log").text
assert log.contains("composed and validated build-app.wasm")
return true

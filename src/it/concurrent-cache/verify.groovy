// Two Maven processes, each a 4-module build with -T 2, start at once on the same empty cache.
// Every blob of the runtime must be downloaded exactly once (counted in the registry's own access
// log), the cache must hold it intact with nothing half-written, and all 8 apps must be the same
// composition of the same runtime layer.
import groovy.json.JsonSlurper
import java.security.MessageDigest

def json = new JsonSlurper()
def sha256 = { File f ->
  def md = MessageDigest.getInstance("SHA-256")
  f.withInputStream { input -> byte[] buf = new byte[1 << 16]; int n; while ((n = input.read(buf)) > 0) md.update(buf, 0, n) }
  "sha256:" + md.digest().encodeHex().toString()
}
def blobFile = { File layout, String digest -> new File(layout, "blobs/sha256/" + digest.substring(7)) }

// The runtime this build pushed: its layer and config digests.
def runtimeLayout = new File(basedir, "target/fabricks/oci")
def runtimeManifest = json.parse(blobFile(runtimeLayout, json.parse(new File(runtimeLayout, "index.json")).manifests[0].digest))
def layerDigest = runtimeManifest.layers[0].digest
def configDigest = runtimeManifest.config.digest

// Two copies of one monorepo: 4 fabricks modules under an aggregator.
def modules = (1..4).collect { "app" + it }
def cache = new File(basedir, "shared-cache")
def projects = ["one", "two"].collect { new File(basedir, "work/" + it) }
projects.each { root ->
  root.mkdirs()
  new File(root, "pom.xml").text = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.fabricks.it.concurrent</groupId>
  <artifactId>${root.name}</artifactId>
  <version>1.0.0</version>
  <packaging>pom</packaging>
  <modules>${modules.collect { "<module>$it</module>" }.join("")}</modules>
  <properties><project.build.outputTimestamp>2026-01-01T00:00:00Z</project.build.outputTimestamp></properties>
  <build>
    <plugins>
      <plugin>
        <groupId>dev.fabricks</groupId>
        <artifactId>fabricks-maven-plugin</artifactId>
        <version>${pluginVersion}</version>
        <extensions>true</extensions>
        <configuration>
          <mirrors><fabricks.dev>${registry}</fabricks.dev></mirrors>
          <insecureRegistries><insecureRegistry>${registry}</insecureRegistry></insecureRegistries>
          <cacheDirectory>${cache.absolutePath}</cacheDirectory>
        </configuration>
      </plugin>
    </plugins>
  </build>
</project>
"""
  modules.each { name ->
    def dir = new File(root, name)
    dir.mkdirs()
    new File(dir, "pom.xml").text = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent><groupId>dev.fabricks.it.concurrent</groupId><artifactId>${root.name}</artifactId><version>1.0.0</version></parent>
  <artifactId>${name}</artifactId>
  <packaging>fabricks</packaging>
</project>
"""
    new File(dir, "fabricks.toml").text = '[from]\nimage = "fabricks.dev/concurrent/node:it"\n[source]\nentrypoint = "main.js"\n'
    new File(dir, "main.js").text = "console.log('concurrent');\n"
  }
}

// Start both, then wait for both.
def mvn = new File(System.getProperty("maven.home"), "bin/mvn").path
def processes = projects.collect { root ->
  new ProcessBuilder(mvn, "-B", "-T", "2", "package", "-Dmaven.repo.local=" + localRepositoryPath)
      .directory(root).redirectErrorStream(true).redirectOutput(new File(root, "build.log")).start()
}
processes.eachWithIndex { p, i ->
  assert p.waitFor(600, java.util.concurrent.TimeUnit.SECONDS) : "build ${projects[i].name} did not finish"
  assert p.exitValue() == 0 : "build ${projects[i].name} failed:\n" + new File(projects[i], "build.log").text
}

// Downloads as the registry saw them: successful GETs of each blob under this test's repository.
def access = ~/"GET \/v2\/concurrent\/node\/blobs\/(sha256:[0-9a-f]{64}) [^"]*" 200 /
def gets = [:]
new File(registryLog).eachLine { line ->
  def m = access.matcher(line)
  if (m.find()) gets[m.group(1)] = (gets[m.group(1)] ?: 0) + 1
}
assert gets.get(layerDigest) == 1 : "the runtime layer was downloaded ${gets.get(layerDigest) ?: 0} times: ${gets}"
assert [layerDigest, configDigest].containsAll(gets.keySet()) : "blobs of another image were downloaded: ${gets}"
assert gets.values().every { it == 1 } : "a blob was downloaded more than once: ${gets}"

// The cache holds the layer intact, and nothing half-written.
def layerInCache = new File(cache, "blobs/sha256/" + layerDigest.substring(7))
assert layerInCache.isFile() : "the runtime layer is not in the cache: " + cache.list()
assert sha256(layerInCache) == layerDigest
def leftovers = []
cache.eachFileRecurse { f -> if (f.isFile() && (f.name.contains(".tmp") || f.name.contains(".part"))) leftovers << f }
assert leftovers.isEmpty() : "half-written files in the cache: " + leftovers

// 8 apps, each composed from the same runtime layer: the same component bytes.
def components = [] as Set
projects.each { root ->
  modules.each { name ->
    def out = new File(root, name + "/target/fabricks")
    def layout = new File(out, "oci")
    def manifest = json.parse(blobFile(layout, json.parse(new File(layout, "index.json")).manifests[0].digest))
    assert manifest.layers[0].digest == layerDigest
    assert sha256(blobFile(layout, layerDigest)) == layerDigest
    components << sha256(new File(out, name + ".wasm"))
  }
}
assert components.size() == 1 : "the apps' components differ: " + components
def logs = projects.collect { new File(it, "build.log").text }
assert logs.every { it.contains("BUILD SUCCESS") }

// fabricks:watch never returns, so in a reactor of several apps it refuses to start.
def watch = new ProcessBuilder(mvn, "-B", "fabricks:watch", "-Dmaven.repo.local=" + localRepositoryPath)
    .directory(projects[0]).redirectErrorStream(true).start()
def watchLog = watch.inputStream.text
assert watch.waitFor(120, java.util.concurrent.TimeUnit.SECONDS) && watch.exitValue() != 0 : watchLog
assert watchLog.contains("fabricks:watch watches one app, and this build has 4: app1, app2, app3, app4") : watchLog
return true

import groovy.json.JsonSlurper

def pushed = new JsonSlurper().parse(new File(basedir, "target/fabricks/push.json"))
assert pushed.image == authRegistry + "/team/docker-config"
def log = new File(basedir, "build.log").text
assert log.contains("Pushed " + authRegistry + "/team/docker-config@" + pushed.digest)
// neither the password nor the base64 `auth` entry that holds it reaches the log or target/
def secrets = ["it-S3cret-Passw0rd", "deployer:it-S3cret-Passw0rd".bytes.encodeBase64().toString()]
secrets.each { secret -> assert !log.contains(secret) : "a secret in the log" }
new File(basedir, "target").eachFileRecurse(groovy.io.FileType.FILES) { f ->
  def text = new String(f.bytes, "ISO-8859-1")
  secrets.each { secret -> assert !text.contains(secret) : "a secret in " + f }
}
return true

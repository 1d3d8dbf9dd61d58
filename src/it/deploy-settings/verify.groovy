// Credentials from settings.xml, the way Maven users keep them: a <server> whose id is the
// registry host, its password encrypted with a master password (settings-security.xml). A Maven
// process of our own runs the deploy, so that it gets this settings file.
import groovy.json.JsonSlurper

def mvn = new File(System.getProperty("maven.home"), "bin/mvn").path
def run = { List<String> args, File logFile ->
  def process = new ProcessBuilder([mvn, "-B"] + args).directory(basedir).redirectErrorStream(true).start()
  def out = process.inputStream.text
  assert process.waitFor() == 0 || logFile != null : out
  if (logFile != null) logFile.text = out
  [process.exitValue(), out]
}
def encrypted = { String out -> out.readLines().find { it ==~ /\{.+\}/ } ?: { assert false : out }() }

def security = new File(basedir, "settings-security.xml")
def master = encrypted(run(["--encrypt-master-password", "it-Master-Passw0rd"], null)[1])
security.text = "<settingsSecurity><master>${master}</master></settingsSecurity>\n"
def securityProperty = "-Dsettings.security=" + security.path
def password = encrypted(run(["--encrypt-password", "it-S3cret-Passw0rd", securityProperty], null)[1])
assert password != "{it-S3cret-Passw0rd}"
def settings = new File(basedir, "settings.xml")
settings.text = """<settings>
  <servers>
    <server><id>${authRegistry}</id><username>deployer</username><password>${password}</password></server>
  </servers>
</settings>
"""

def log = new File(basedir, "deploy.log")
def (code, out) = run(["-s", settings.path, securityProperty, "deploy", "-Dmaven.repo.local=" + localRepositoryPath,
    "-Dfabricks.it.registry=" + registry, "-Dfabricks.it.authRegistry=" + authRegistry], log)
assert code == 0 : out
def pushed = new JsonSlurper().parse(new File(basedir, "target/fabricks/push.json"))
assert pushed.image == authRegistry + "/team/settings"
assert out.contains("Pushed " + authRegistry + "/team/settings@" + pushed.digest)

// neither the password, nor its encrypted form, nor the master password reaches the log or target/
def secrets = ["it-S3cret-Passw0rd", password, "it-Master-Passw0rd", master]
secrets.each { secret -> assert !out.contains(secret) : "a secret in the log" }
new File(basedir, "target").eachFileRecurse(groovy.io.FileType.FILES) { f ->
  def text = new String(f.bytes, "ISO-8859-1")
  secrets.each { secret -> assert !text.contains(secret) : "a secret in " + f }
}
return true

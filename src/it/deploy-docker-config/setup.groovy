// Credentials as `docker login` leaves them: a config.json in the folder DOCKER_CONFIG names
// (invoker.properties), for the registry that requires a login.
def auth = "deployer:it-S3cret-Passw0rd".bytes.encodeBase64().toString()
def dir = new File(basedir, "docker-config")
dir.mkdirs()
new File(dir, "config.json").text = """{"auths": {"${authRegistry}": {"auth": "${auth}"}}}\n"""
return true

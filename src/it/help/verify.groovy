// mvn fabricks:help -Ddetail lists every goal and its parameters with their properties
def log = new File(basedir, "build.log").text
["fabricks:build", "fabricks:push", "fabricks:runtime", "fabricks:run", "fabricks:watch", "fabricks:help"].each {
  assert log.contains(it) : "help lists " + it
}
["skip", "fabricks.skip", "outputDirectory", "fabricks.outputDirectory", "insecureRegistries", "fabricks.allowInsecureRegistries"].each {
  assert log.contains(it) : "help shows " + it
}
return true

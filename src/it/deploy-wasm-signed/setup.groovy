// a signing key and its public half, as a user makes them with openssl
def run = { List cmd ->
  def p = cmd.execute(null, basedir)
  p.waitFor()
  assert p.exitValue() == 0 : cmd.join(" ") + ": " + p.err.text
}
run(["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "cosign.key"])
run(["openssl", "pkey", "-in", "cosign.key", "-pubout", "-out", "cosign.pub"])
return true

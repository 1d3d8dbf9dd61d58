NAME = "vendored"

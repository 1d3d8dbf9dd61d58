print("the entrypoint is not run by the test program")

RESULT = 6 * 7
print("script ran as", __name__)

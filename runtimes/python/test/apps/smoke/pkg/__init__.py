from .sub.helper import twice  # relative import from the package
from importlib import resources


def greet(name):
    return f"hello {name} ({twice(2)})"


def resource_text():
    return (resources.files(__name__) / "resource.txt").read_text().strip() + " " + \
        str(sorted(p.name for p in resources.files(__package__).iterdir()))


def fail():
    raise ValueError("asked to fail")

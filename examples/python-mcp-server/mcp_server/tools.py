"""The server's tools: each validates its arguments, computes, and returns an MCP result."""
import json
import math
import os
import statistics

# The data file travels with the source: found next to this package, as with `python3 server.py`.
QUOTES_FILE = os.path.join(os.path.dirname(__file__), os.pardir, "data", "quotes.json")


class ToolError(Exception):
    """Arguments that do not match the tool's input schema."""


class Tool:
    def __init__(self, name, title, description, input_schema, fn, output_schema=None):
        self.name, self.title, self.description = name, title, description
        self.input_schema, self.output_schema, self.fn = input_schema, output_schema, fn

    def describe(self):
        d = {"name": self.name, "title": self.title, "description": self.description, "inputSchema": self.input_schema}
        if self.output_schema:
            d["outputSchema"] = self.output_schema
        return d


def text(value, is_error=False, structured=None):
    result = {"content": [{"type": "text", "text": value}], "isError": is_error}
    if structured is not None:
        result["structuredContent"] = structured
    return result


def check(arguments, schema):
    """A small subset of JSON Schema: required properties and their types."""
    types = {"string": str, "integer": int, "number": (int, float), "array": list, "object": dict}
    for key in schema.get("required", []):
        if key not in arguments:
            raise ToolError(f"missing argument: {key}")
    for key, value in arguments.items():
        prop = schema["properties"].get(key)
        if prop is None:
            raise ToolError(f"unknown argument: {key}")
        kind = types[prop["type"]]
        if not isinstance(value, kind) or isinstance(value, bool):
            raise ToolError(f"argument {key} must be of type {prop['type']}")
        if prop["type"] == "array":
            item = types[prop["items"]["type"]]
            if not all(isinstance(v, item) and not isinstance(v, bool) for v in value):
                raise ToolError(f"argument {key} must be an array of {prop['items']['type']}")


def load_quotes():
    with open(QUOTES_FILE, encoding="utf-8") as f:
        return json.load(f)


def get_quote(args):
    quotes = load_quotes()
    if "author" in args:
        quotes = [q for q in quotes if args["author"].lower() in q["author"].lower()]
        if not quotes:
            return text(f"No quote by an author matching {args['author']!r}.", is_error=True)
    index = args.get("index", 0)
    q = quotes[index % len(quotes)]
    return text(f"\u201c{q['text']}\u201d \u2014 {q['author']}", structured=q)


def compute_stats(args):
    values = args["numbers"]
    if not values:
        raise ToolError("numbers must not be empty")
    stats = {
        "count": len(values),
        "sum": math.fsum(values),
        "mean": statistics.fmean(values),
        "median": statistics.median(values),
        "stdev": statistics.stdev(values) if len(values) > 1 else 0.0,
        "min": min(values),
        "max": max(values),
    }
    return text(json.dumps(stats), structured=stats)


def divide(args):
    a, b = args["dividend"], args["divisor"]
    if b == 0:
        return text(f"Cannot divide {a} by zero.", is_error=True)
    return text(repr(a / b), structured={"quotient": a / b})


NUMBER = {"type": "number"}
TOOLS = {t.name: t for t in [
    Tool("get_quote", "Quote", "A quote from the server's bundled collection (data/quotes.json).",
         {"type": "object",
          "properties": {"author": {"type": "string", "description": "part of the author's name"},
                         "index": {"type": "integer", "description": "which of the matching quotes (wraps around)"}}},
         get_quote,
         {"type": "object", "properties": {"text": {"type": "string"}, "author": {"type": "string"}},
          "required": ["text", "author"]}),
    Tool("compute_stats", "Statistics", "Count, sum, mean, median, sample standard deviation, min and max of numbers.",
         {"type": "object", "properties": {"numbers": {"type": "array", "items": NUMBER}}, "required": ["numbers"]},
         compute_stats,
         {"type": "object", "properties": {k: NUMBER for k in ("count", "sum", "mean", "median", "stdev", "min", "max")},
          "required": ["count", "sum", "mean", "median", "stdev", "min", "max"]}),
    Tool("divide", "Divide", "dividend / divisor; dividing by zero is reported as a tool error.",
         {"type": "object", "properties": {"dividend": NUMBER, "divisor": NUMBER}, "required": ["dividend", "divisor"]},
         divide),
]}


def call_tool(name, arguments):
    tool = TOOLS[name]
    check(arguments, tool.input_schema)
    return tool.fn(arguments)

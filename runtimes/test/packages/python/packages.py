"""Popular PyPI packages at work, one case each, printing what they make; runtimes/test/
python_packages.py runs this under `python3` (vendor/ on PYTHONPATH) and under fabricks-host
(vendor/ in /app, on sys.path as the runtime puts it) and requires equal output.
Nothing here touches the network, the clock or the machine's locale."""
import datetime
import io
import sys
import traceback

CASES = []


def case(function):
    CASES.append(function)
    return function


@case
def jinja2_templates():
    import jinja2
    env = jinja2.Environment(loader=jinja2.DictLoader({
        "base.html": "<title>{% block title %}{% endblock %}</title>{% block body %}{% endblock %}",
        "page.html": "{% extends 'base.html' %}{% block title %}{{ title|upper }}{% endblock %}"
                     "{% block body %}{% for i in items %}<li>{{ loop.index }}: {{ i }}</li>{% endfor %}{% endblock %}",
    }), autoescape=True)
    print(env.get_template("page.html").render(title="list", items=["a&b", "<script>", 3.5]))
    print(jinja2.Template("{{ x | sum }} {{ y | join(',') }} {{ z | default('none') }}").render(x=[1, 2, 3], y="abc"))


@case
def markupsafe_escaping():
    from markupsafe import Markup, escape
    print(escape("<a href='x'>&</a>"), Markup("<b>%s</b>") % "<i>", Markup("<p>").striptags())


@case
def yaml_round_trip():
    import yaml
    data = yaml.safe_load("a: 1\nb: [x, y, {c: 2.5}]\nd: !!str 3\ne: 2024-01-02\nf: null\n")
    print(data)
    print(yaml.safe_dump(data, sort_keys=True), end="")
    print(yaml.dump({"nested": {"list": [1, 2]}, "text": "multi\nline"}, default_flow_style=False), end="")


@case
def toml_parsing_and_editing():
    import tomli
    import tomlkit
    text = '[project]\nname = "demo"  # the name\nversion = "1.0"\n[tool.x]\nlist = [1, 2]\nwhen = 1979-05-27T07:32:00Z\n'
    print(tomli.loads(text))
    doc = tomlkit.parse(text)
    doc["project"]["version"] = "1.1"
    doc["tool"]["x"]["list"].append(3)
    print(tomlkit.dumps(doc), end="")


@case
def click_command_line():
    import click
    from click.testing import CliRunner

    @click.command()
    @click.option("--count", default=1, type=int, help="How many greetings.")
    @click.option("--shout/--no-shout", default=False)
    @click.argument("name")
    def hello(count, shout, name):
        """Greets NAME."""
        for _ in range(count):
            click.echo(f"Hello, {name.upper() if shout else name}!")

    runner = CliRunner()
    for args in (["--count", "2", "Ada"], ["--shout", "Bob"], ["--help"], ["--count", "x", "C"]):
        result = runner.invoke(hello, args)
        print(result.exit_code, result.output, end="")


@case
def dateutil_dates():
    from dateutil import parser, relativedelta, rrule, tz
    d = parser.parse("2024-02-29T13:45:00+02:00")
    print(d, d + relativedelta.relativedelta(years=1, months=1), d.astimezone(tz.UTC))
    print(list(rrule.rrule(rrule.WEEKLY, count=3, byweekday=rrule.MO, dtstart=datetime.datetime(2024, 1, 1))))
    print(parser.parse("March 5, 2023 4pm"), parser.isoparse("2023-W10-2"))


@case
def six_compat():
    import six
    print(six.PY3, six.text_type("x"), list(six.iteritems({"a": 1})), six.ensure_str(b"bytes"))


@case
def markdown_to_html():
    import markdown
    print(markdown.markdown("# Title\n\n*em* **strong** `code`\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
                            extensions=["tables", "fenced_code", "toc"]))


@case
def docutils_restructuredtext():
    from docutils.core import publish_parts
    parts = publish_parts("Title\n=====\n\nSome *text* and ``code``.\n\n.. note:: A note.\n", writer_name="html5",
                          settings_overrides={"report_level": 5, "embed_stylesheet": False})
    print(parts["title"], parts["body"], sep="\n")


@case
def pygments_highlighting():
    from pygments import highlight
    from pygments.formatters import HtmlFormatter, TerminalFormatter
    from pygments.lexers import PythonLexer, get_lexer_by_name
    code = "def f(x):\n    return x ** 2  # square\n"
    print(highlight(code, PythonLexer(), HtmlFormatter()), end="")
    print(repr(highlight("SELECT * FROM t;", get_lexer_by_name("sql"), TerminalFormatter())))


@case
def rich_rendering():
    from rich.console import Console
    from rich.markdown import Markdown
    from rich.table import Table
    from rich.tree import Tree
    console = Console(file=io.StringIO(), width=60, color_system=None, force_terminal=False, record=True)
    table = Table(title="Packages")
    table.add_column("name")
    table.add_column("kind", justify="right")
    table.add_row("rich", "text")
    table.add_row("jinja2", "templates")
    console.print(table)
    tree = Tree("root")
    tree.add("leaf").add("deeper")
    console.print(tree)
    console.print(Markdown("# Heading\n\n* item one\n* item **two**\n"))
    console.print("[bold]styled[/bold] {'a': 1}")
    print(console.export_text(), end="")


@case
def markdown_it_tokens():
    from markdown_it import MarkdownIt
    md = MarkdownIt("commonmark").enable("table")
    print(md.render("Hello *world*\n\n1. a\n2. b\n"), [t.type for t in md.parse("# x\n\ntext")])


@case
def attrs_classes():
    import attrs

    @attrs.define(order=True)
    class Point:
        x: int
        y: int = attrs.field(default=0, validator=attrs.validators.instance_of(int))

    print(Point(1), sorted([Point(2, 1), Point(1, 5)]), attrs.asdict(Point(3, 4)), attrs.evolve(Point(1), y=9))
    try:
        Point(1, "no")
    except TypeError as e:
        print("TypeError", e.args[0])


@case
def packaging_versions():
    from packaging.requirements import Requirement
    from packaging.specifiers import SpecifierSet
    from packaging.version import Version
    versions = [Version(v) for v in ("1.0", "1.0.post1", "1.1a1", "0.9", "1.0rc1")]
    print(sorted(versions), [str(v) for v in SpecifierSet(">=1.0,<1.1").filter(versions, prereleases=False)])
    r = Requirement('requests[security]>=2.8.1,==2.8.* ; python_version < "2.7"')
    print(r.name, r.extras, r.specifier, r.marker)


@case
def idna_encoding():
    import idna
    print(idna.encode("ドメイン.テスト"), idna.decode("xn--eckwd4c7c.xn--zckzah"), idna.encode("bücher.example"))


@case
def httpx_without_network():
    import httpx

    def handler(request):
        return httpx.Response(201, json={"method": request.method, "path": request.url.path,
                                         "query": dict(request.url.params), "body": request.content.decode()})

    with httpx.Client(transport=httpx.MockTransport(handler), base_url="http://api.example") as client:
        response = client.post("/items", params={"q": "x y"}, json={"a": 1})
        print(response.status_code, response.json(), response.headers["content-type"])
    url = httpx.URL("https://user@example.com:8443/a/b?x=1#frag")
    print(url.host, url.port, url.path, url.query, url.fragment, url.copy_with(path="/c"))
    request = httpx.Request("GET", "https://example.com", params={"a": ["1", "2"]}, headers={"X-T": "v"})
    print(request.url, request.headers["x-t"])
    # httpx.Client() makes its TLS context at once (from certifi's CA bundle): it must be creatable.
    with httpx.Client() as client:
        print(type(client).__name__, client.timeout)


@case
def requests_without_network():
    import requests
    prepared = requests.Request("POST", "http://example.com/api", params={"k": "v w"}, data={"f": "1"},
                                headers={"X-A": "b"}).prepare()
    print(prepared.method, prepared.url, prepared.body, prepared.headers["Content-Type"])
    session = requests.Session()
    print(sorted(session.adapters), requests.utils.quote("a b/c"), requests.utils.parse_header_links('<http://x>; rel="next"'))
    print(requests.codes.not_found, requests.status_codes._codes[418][0])


@case
def charset_detection():
    import chardet
    import charset_normalizer
    text = "Привет, мир! Это тест кодировки. " * 5
    print(chardet.detect(text.encode("koi8-r"))["encoding"], chardet.detect(b"plain ascii text")["encoding"])
    best = charset_normalizer.from_bytes(text.encode("cp1251")).best()
    print(best.encoding, str(best)[:20])


@case
def certifi_bundle():
    import certifi
    with open(certifi.where()) as f:
        bundle = f.read()
    print(certifi.where().endswith("cacert.pem"), bundle.count("BEGIN CERTIFICATE") > 100)


@case
def fastjsonschema_validation():
    import fastjsonschema
    validate = fastjsonschema.compile({"type": "object", "properties": {"n": {"type": "integer", "minimum": 0}},
                                       "required": ["n"]})
    print(validate({"n": 3}))
    try:
        validate({"n": -1})
    except fastjsonschema.JsonSchemaValueException as e:
        print("invalid:", e.message)


@case
def tabulate_tables():
    from tabulate import tabulate
    rows = [["alpha", 1, 2.5], ["beta", 22, None]]
    for fmt in ("plain", "grid", "github", "html"):
        print(tabulate(rows, headers=["name", "n", "x"], tablefmt=fmt))


@case
def humanize_numbers():
    import humanize
    print(humanize.intcomma(1234567), humanize.naturalsize(3000000), humanize.ordinal(22),
          humanize.naturaldelta(datetime.timedelta(hours=3)), humanize.apnumber(7), humanize.scientific(0.000321))


@case
def pyparsing_grammar():
    import pyparsing as pp
    integer = pp.Word(pp.nums).set_parse_action(lambda t: int(t[0]))
    expr = pp.infix_notation(integer, [(pp.one_of("* /"), 2, pp.OpAssoc.LEFT), (pp.one_of("+ -"), 2, pp.OpAssoc.LEFT)])
    print(expr.parse_string("1 + 2 * (3 - 4)").as_list())
    print(pp.DelimitedList(pp.Word(pp.alphas)).parse_string("a, bb, ccc").as_list())


@case
def iteration_tools():
    import more_itertools
    import toolz
    print(list(more_itertools.chunked(range(7), 3)), list(more_itertools.windowed("abcd", 2)),
          more_itertools.first_true([0, None, 5]), list(more_itertools.distinct_permutations("aab")))
    print(toolz.pipe(range(10), toolz.curried.filter(lambda x: x % 2), toolz.curried.map(lambda x: x * x), list),
          toolz.groupby(len, ["a", "bb", "cc", "d"]), toolz.merge({"a": 1}, {"b": 2}))


@case
def sortedcontainers_collections():
    from sortedcontainers import SortedDict, SortedList
    s = SortedList([5, 1, 3, 3])
    s.add(2)
    print(s, s.bisect_left(3), s[-1], SortedDict({"b": 1, "a": 2}).peekitem(0))


@case
def slugs_and_widths():
    import wcwidth
    from slugify import slugify
    print(slugify("Hello, Wörld! Ça va?"), slugify("日本語のテキスト"), slugify("a_b  c", separator="_"))
    print(wcwidth.wcswidth("コンニチハ"), wcwidth.wcwidth("a"), wcwidth.wcswidth("e\u0301"))


@case
def time_zones():
    import zoneinfo
    import pytz
    moment = datetime.datetime(2024, 7, 1, 12, 0, tzinfo=datetime.timezone.utc)
    print(moment.astimezone(zoneinfo.ZoneInfo("Europe/Paris")), moment.astimezone(zoneinfo.ZoneInfo("America/New_York")))
    tokyo = pytz.timezone("Asia/Tokyo")
    print(tokyo.localize(datetime.datetime(2024, 1, 1, 9)).isoformat(), len(pytz.all_timezones) > 400)


@case
def cachetools_caches():
    import cachetools
    cache = cachetools.LRUCache(maxsize=2)
    calls = []

    @cachetools.cached(cache)
    def square(x):
        calls.append(x)
        return x * x

    print([square(x) for x in (1, 2, 1, 3, 1)], calls, sorted(cache.items()))


@case
def prettytable_tables():
    from prettytable import PrettyTable
    t = PrettyTable(["city", "population"])
    t.add_rows([["Paris", 2161000], ["Tokyo", 13960000]])
    t.align["city"] = "l"
    print(t)
    print(t.get_csv_string().replace("\r\n", "\n"), end="")


@case
def arrow_dates():
    import arrow
    a = arrow.get("2024-03-10T08:30:00+00:00")
    print(a.shift(days=+3, hours=-1), a.to("US/Pacific"), a.format("YYYY-MM-DD HH:mm ZZ"), a.floor("month"))
    print(a.humanize(arrow.get("2024-03-12T08:30:00+00:00")), list(arrow.Arrow.range("day", a, a.shift(days=2))))


@case
def installed_distributions():
    from importlib import metadata
    print(metadata.version("jinja2"), metadata.version("rich"), metadata.metadata("click")["Name"],
          sorted(metadata.requires("httpx") or [])[:3])
    scripts = sorted(ep.name for ep in metadata.entry_points(group="console_scripts"))
    print(scripts)
    print([ep.value for ep in metadata.entry_points(group="console_scripts", name="pygmentize")])
    print(len(metadata.files("idna")) > 5, metadata.distribution("six").metadata["Summary"])


def main():
    for function in CASES:
        print(f"--- {function.__name__}")
        try:
            function()
        except Exception:
            print(f"{function.__name__} raised:")
            traceback.print_exc(file=sys.stdout)


main()

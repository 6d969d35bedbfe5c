"""Reports: content, escaping, links, Markdown tables and the SVG timeline (no browser)."""

from __future__ import annotations

import json
import re
import types
import xml.etree.ElementTree as ET

import pandas as pd
import pytest
from markdown_it import MarkdownIt

import geomap
from geomap.report._model import gather, is_web_url
from geomap.report.html import render_html
from geomap.report.markdown import escape_md, render_markdown
from geomap.report.timeline import timeline_svg
from geomap.schema import events_frame

EVIL = '<script>alert("x")</script> {{ 7*7 }} | *bold* [l](javascript:alert(1)) @cite $x$'


def _events() -> pd.DataFrame:
    """A small made-up conflict (Ukraine-like, 2022) with one hostile name and a claim."""
    return events_frame(
        [
            dict(
                kind="control_change", actor="UA", previous_actor="RU", event_date="2022-11-11",
                place="Kherson", location="Kherson", country="UA", latitude=46.64,
                longitude=32.61, gazetteer_id="geonames:706448", confidence=0.9,
                evidence="Ukrainian troops entered Kherson on Friday.",
                source="https://news.example/kherson?a=1&b=2",
            ),
            dict(
                kind="control_change", actor="UA", previous_actor="RU", event_date="2022-09-10",
                date_precision="before", place="Balakliia", location="Balakliia", country="UA",
                latitude=49.46, longitude=36.86, gazetteer_id="geonames:712969",
                confidence=0.7, evidence="Balakliia was recently retaken.", source="doc-2",
            ),
            dict(
                kind="claimed_control", actor="RU", previous_actor="UA", event_date="2022-10-01",
                place=EVIL, location=EVIL, country="UA", latitude=48.0, longitude=37.0,
                gazetteer_id="curated:evil", confirmed=False, confidence=0.4, evidence=EVIL,
                source="javascript:alert(1)",
            ),
        ]
    )


def _layers(events: pd.DataFrame) -> types.SimpleNamespace:
    """Duck-typed Layers with the contract's attributes (places, intervals, unresolved...)."""
    intervals = pd.DataFrame(
        [
            dict(place_key=g, location=loc, actor=a, valid_from=d, valid_to="",
                 from_precision=p, confirmed=c)
            for g, loc, a, d, p, c in zip(
                events["gazetteer_id"], events["location"], events["actor"],
                events["event_date"], events["date_precision"], events["confirmed"], strict=True,
            )
        ]
    )
    unresolved = pd.DataFrame(
        [dict(place="Nova | <b>Kakhovka</b>", source="doc-2", evidence="near " + EVIL,
              reason="ambiguous", candidates="a; b")]
    )
    actors = types.SimpleNamespace(
        name=lambda a: {"UA": "Ukraine", "RU": "Russia"}.get(a, a),
        colour=lambda a: {"UA": "#0057b7", "RU": "red;background:url(x)"}.get(a, "#777777"),
    )
    return types.SimpleNamespace(
        events=events,
        changes=events,
        places=events.assign(location=events["location"]),
        intervals=intervals,
        unresolved=unresolved,
        actors=actors,
    )


def test_summary_counts_and_escapes() -> None:
    events = _events()
    s = geomap.summary(events, unresolved=pd.DataFrame({"place": ["x", "y"]}))
    assert s.n_events == 3
    assert s.by_actor == {"RU": {"claimed_control": 1}, "UA": {"control_change": 2}}
    assert (s.date_min, s.date_max) == ("2022-09-10", "2022-11-11")
    assert s.n_unresolved == 2 and s.n_claimed == 1 and s.n_places == 3
    html = s._repr_html_()
    assert "<script" not in html and "2 unresolved" in html
    assert "3 events" in repr(s)


def test_summary_of_layers_like_uses_its_unresolved_and_actor_names() -> None:
    s = geomap.summary(_layers(_events()))
    assert s.n_unresolved == 1
    assert s.actor_names["UA"] == "Ukraine"
    assert "Ukraine" in s._repr_html_()


def test_summary_rejects_non_frames() -> None:
    with pytest.raises(TypeError):
        geomap.summary([1, 2, 3])


def test_gather_per_actor_gains_and_losses() -> None:
    data = gather(_layers(_events()), title="t", sources=["a.txt"])
    by_actor = {a.actor: a for a in data.actors}
    assert by_actor["UA"].gained == ["Balakliia", "Kherson"]
    assert by_actor["RU"].lost == ["Balakliia", "Kherson"]
    assert [c.date for c in data.changes] == ["2022-09-10", "2022-10-01", "2022-11-11"]


def test_html_report_escapes_everything_and_links_only_web_urls() -> None:
    doc = render_html(gather(_layers(_events()), title=EVIL, sources=["in.txt"]), map_embed=None,
                      png=None, png_note="")
    assert "<script" not in doc.lower()
    assert "&lt;script&gt;" in doc
    assert 'href="javascript:' not in doc.lower()
    assert 'href="https://news.example/kherson?a=1&amp;b=2"' in doc
    # Only the report's own policy: no external script, style or image may load.
    assert "Content-Security-Policy" in doc and re.search(r"(src|href)=\"//", doc) is None
    # An actor colour from YAML cannot inject CSS.
    assert "url(x)" not in doc
    # Evidence and unresolved names are in the document.
    assert "Ukrainian troops entered Kherson on Friday." in doc
    assert "Nova | &lt;b&gt;Kakhovka&lt;/b&gt;" in doc
    assert "on or before 2022-09-10" in doc
    # Print placeholder when there is no PNG.
    assert 'class="map-print placeholder"' in doc


def test_html_report_embeds_png_for_print() -> None:
    png = b"\x89PNG\r\n\x1a\nfake"
    doc = render_html(gather(_layers(_events())), map_embed="<iframe srcdoc=\"x\"></iframe>",
                      png=png, png_note="")
    assert 'src="data:image/png;base64,iVBORw0KGgpmYWtl"' in doc
    assert "@media print" in doc and ".map-screen { display: none" in doc


def test_timeline_svg_is_wellformed_and_escaped() -> None:
    layers = _layers(_events())
    svg = timeline_svg(layers.intervals, colour=layers.actors.colour, name=layers.actors.name)
    root = ET.fromstring(svg)  # well-formed XML, hence no raw markup from names
    ns = "{http://www.w3.org/2000/svg}"
    bars = [r for r in root.iter(f"{ns}rect") if r.get("class") == "held"]
    assert len(bars) == 3
    assert all(re.fullmatch(r"#[0-9a-fA-F]{6}", r.get("fill", "")) for r in bars)
    labels = "".join(t.text or "" for t in root.iter(f"{ns}title"))
    assert "<script>" in labels  # shown as text, not markup
    assert "<script" not in svg


def test_timeline_svg_without_intervals() -> None:
    svg = timeline_svg(pd.DataFrame(), colour=lambda a: "#000000", name=str)
    assert "No control intervals" in svg
    ET.fromstring(svg)


@pytest.mark.parametrize(
    "text",
    ["a|b", "*x* _y_", "<img src=x onerror=alert(1)>", "[l](javascript:alert(1))", "1. item",
     "- dash", "# head", "`code`", "line\nbreak", "@smith2020", "$x^2$", "{role}`x`", "a & b"],
)
def test_escape_md_keeps_text_literal(text: str) -> None:
    rendered = MarkdownIt("commonmark").enable("table").renderInline(escape_md(text))
    # What a Markdown renderer shows is the original text (whitespace folded), as plain text.
    plain = " ".join(text.split())
    assert rendered == plain.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") \
        .replace('"', "&quot;")


def test_markdown_report_table_has_one_row_per_change() -> None:
    md = render_markdown(gather(_layers(_events()), title="Kherson | 2022", sources=["a.txt"]))
    html = MarkdownIt("commonmark").enable("table").render(md)
    assert "<script" not in html
    assert 'href="javascript' not in html
    tables = re.findall(r"<table>.*?</table>", html, flags=re.S)
    changes = tables[1]
    assert changes.count("<tr>") == 1 + 3  # header + three changes
    assert all(row.count("<td") == 8 for row in re.findall(r"<tr>.*?</tr>", changes, re.S)[1:])
    assert 'href="https://news.example/kherson?a=1&amp;b=2"' in html
    assert "<h1>Kherson | 2022</h1>" in html


def test_is_web_url() -> None:
    assert is_web_url("https://a.example/x")
    assert is_web_url("http://a.example")
    for bad in ("javascript:alert(1)", "data:text/html,x", "//a.example", "file:///etc/passwd",
                " https://a.example", "https:///nohost", "doc-1"):
        assert not is_web_url(bad)


def test_make_report_rejects_bad_at_and_format() -> None:
    with pytest.raises(geomap.InputError):
        geomap.make_report(_layers(_events()), at="next week")
    with pytest.raises(geomap.InputError):
        geomap.make_report(_layers(_events()), format="pdf")  # type: ignore[arg-type]


def test_make_report_markdown_needs_no_renderer() -> None:
    md = geomap.make_report(_layers(_events()), format="md", title="T")
    assert md.startswith("# T\n") and "## Control changes" in md


def test_cli_bad_input_exits_2_with_one_line(tmp_path, capsys) -> None:
    from geomap.cli import main

    out = tmp_path / "r.html"
    assert main(["report", str(tmp_path / "missing.txt"), "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "missing.txt" in err
    article = tmp_path / "a.txt"
    article.write_text("date 2021-01-01\nNothing happened.\n", encoding="utf-8")
    assert main(["report", str(article), "-o", str(out), "--at", "yesterday"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "--at" in err
    assert not out.exists()


def test_timeline_many_places_long_span() -> None:
    rows = [
        dict(place_key=f"k{i}", location=f"Place {i}", actor="A" if i % 3 else "B",
             valid_from=f"{2014 + i % 8}-0{1 + i % 9}-15", valid_to="", from_precision="month",
             confirmed=bool(i % 2))
        for i in range(200)
    ]
    svg = timeline_svg(pd.DataFrame(rows), colour=lambda a: "#123456", name=str, end="2022-12-31")
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text") if t.text]
    assert "… and 50 more places" in texts
    assert any(t.startswith("2016-") for t in texts)  # month-aligned ticks over years


def test_long_tables_are_capped_with_a_note() -> None:
    layers = _layers(_events())
    doc = geomap.make_report(layers, format="md", max_rows=2)
    assert "… and 1 more rows, not shown." in doc
    data = gather(layers, max_rows=1)
    html = render_html(data, map_embed=None, png=None)
    assert html.count("data-event-id=") == 1 and "… and 2 more rows" in html


def test_unsafe_urls_never_become_links() -> None:
    from payloads import UNSAFE_URLS

    events = _events()
    events["source"] = [UNSAFE_URLS[i % len(UNSAFE_URLS)] for i in range(len(events))]
    data = gather(_layers(events), sources=UNSAFE_URLS)
    html = render_html(data, map_embed=None, png=None)
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs == [], hrefs
    md = MarkdownIt("commonmark").enable("table").render(render_markdown(data))
    assert re.findall(r'href="([^"]*)"', md) == []


def _analyst_csv(tmp_path):
    path = tmp_path / "kharkiv.csv"
    path.write_text(
        "date,place,actor,previous_actor,country,confirmed,source,notes\n"
        "2022-09-10,Izium,UA,RU,UA,true,https://news.example/izium,Made-up note | *one*\n"
        "2022-09-08,Balakliia,UA,RU,UA,true,log,\n"
        "2022-09-11,Nowhere-on-any-map Zzyzx,UA,RU,UA,true,log,invented name\n",
        encoding="utf-8",
    )
    return path


def test_cli_markdown_report_end_to_end(tmp_path, capsys) -> None:
    from geomap.cli import main

    out = tmp_path / "r.md"
    assert main(["report", str(_analyst_csv(tmp_path)), "-o", str(out), "--title", "Kharkiv"]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert err and err[-1].startswith("report: ") and str(out) in err[-1]
    md = out.read_text(encoding="utf-8")
    html = MarkdownIt("commonmark").enable("table").render(md)
    assert "<h1>Kharkiv</h1>" in html
    assert "Izium" in html and "Balakliia" in html
    assert "Zzyzx" in html  # listed as unresolved, not dropped
    run = json.loads((tmp_path / "r.md.report.json").read_text(encoding="utf-8"))
    assert run["command"] == "report" and run["balanced"]


def test_cli_html_report_without_png(tmp_path) -> None:
    from geomap.cli import main

    out = tmp_path / "r.html"
    assert main(["report", str(_analyst_csv(tmp_path)), "-o", str(out), "--no-png", "-q",
                 "--at", "2022-09-09"]) == 0
    doc = out.read_text(encoding="utf-8")
    assert doc.count("<iframe") == 1 and "srcdoc=" in doc
    assert 'class="map-print placeholder"' in doc and "switched off" in doc
    assert "Control shown as of <strong>2022-09-09</strong>" in doc
    assert 'href="https://news.example/izium"' in doc


def test_layers_repr_html_is_compact_and_escaped() -> None:
    layers = geomap.build_layers(_events())
    html = layers._repr_html_()
    assert "<script" not in html.lower()
    assert len(html) < 20_000


def test_embed_example_renders() -> None:
    from conftest import ROOT

    text = (ROOT / "docs" / "embed-example.md").read_text(encoding="utf-8")
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<iframe" in html and "<script" not in html
    tables = re.findall(r"<table>.*?</table>", html, flags=re.S)
    assert tables, "the pasted Markdown report has tables"
    for table in tables:
        rows = re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)
        widths = {r.count("<td") + r.count("<th") for r in rows}
        assert len(widths) == 1, "every row of a table has the same number of cells"


def test_report_is_deterministic(tmp_path) -> None:
    from geomap.cli import main

    csv = _analyst_csv(tmp_path)
    outs = [tmp_path / "a.html", tmp_path / "b.html"]
    for out in outs:
        assert main(["report", str(csv), "-o", str(out), "--no-png", "-q"]) == 0
    assert outs[0].read_bytes() == outs[1].read_bytes()

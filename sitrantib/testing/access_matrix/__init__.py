"""Who may open what: the declared access rule of every URL and API operation.

`sitrantib/core/tests/test_access_matrix.py` walks the URL configuration and the OpenAPI schema,
and asks every URL and operation as every viewer class below, on one scene (the `world` fixture
plus the records `build_matrix_scene` adds). Each answer is compared with the rule declared here;
a URL name or API operation without a rule fails the test (docs/dev/access.md).

A rule is a *shape*: what each viewer class gets. The records the URL arguments come from lie in
`world.village` (the operator's own desa, `operator_other`'s other desa) of `world.district`
(`outsider` is the administrator of another kecamatan); the partner's institution (the Polsek)
is the one involved in the record, `partner_other` (a Koramil user) is not. So "own desa",
"other desa", "other kecamatan", "partner involved / not involved" are viewer classes on the
same record.

Outcomes:
    OK        GET answers 200
    REDIRECT  302 somewhere other than the login page
    DENY      403 (a role that may not use the page or the action)
    HIDE      404 (the record is out of the viewer's scope)
    LOGIN     302 to the login page (pages) / 401 (API)
    NOT_ALLOWED  405 (a POST-only action asked with GET)
    ACCEPT    a write that is not refused: anything but 401/403/404/405, a login redirect or a
              server error (the test POSTs an empty body; every POST is rolled back)
    BAD       400 (API: the request reached the operation and its input was refused)

The package, by concept:
    targets.py          where each URL name is asked: EXTRA_ARGS, VARIANTS, targets_of
    scene.py            the scene: MATRIX_SCENE, build_matrix_scene
    shapes.py           the named shapes the rules share (PUBLIC, ADMINS, MEETING_RECORD, ...)
    rules.py            the rule of every page URL name: RULES, rule_for
    rules_trainings.py  the training pages' rules (part of RULES)
    api.py              the API: API_RECORDS, api_url, api_operations, API_RULES, API_BODIES
The vocabulary (outcomes, viewer classes, shape, writes, Rule, Target) is
`sitrantib/testing/access_vocabulary.py`; the rules of some apps are in
`sitrantib/testing/access_<app>.py`.

This package re-exports the names the tests use (`from sitrantib.testing import access_matrix as
am`; `am.RULES`, `am.build_matrix_scene`, `am.ACCEPT`, ...), so they import from here.
"""

from __future__ import annotations

from sitrantib.testing.access_matrix.api import (
    API_BODIES,
    API_RECORDS,
    API_RULES,
    api_operations,
    api_resource,
    api_url,
)
from sitrantib.testing.access_matrix.rules import RULES, rule_for
from sitrantib.testing.access_matrix.scene import MATRIX_SCENE, build_matrix_scene
from sitrantib.testing.access_matrix.targets import (
    EXTRA_ARGS,
    VARIANTS,
    default_target,
    page_url_names,
    targets_of,
)
from sitrantib.testing.access_vocabulary import (
    ACCEPT,
    BAD,
    DENY,
    FOREIGN,
    FOREIGN_Q,
    HIDE,
    LOGIN,
    NOT_ALLOWED,
    OK,
    READS_FOREIGN,
    REDIRECT,
    SIBLING,
    SIBLING_NAMES,
    VIEWERS,
    Rule,
    Target,
    resolve,
    shape,
    target,
    writes,
)

__all__ = [
    "ACCEPT",
    "API_BODIES",
    "API_RECORDS",
    "API_RULES",
    "BAD",
    "DENY",
    "EXTRA_ARGS",
    "FOREIGN",
    "FOREIGN_Q",
    "HIDE",
    "LOGIN",
    "MATRIX_SCENE",
    "NOT_ALLOWED",
    "OK",
    "READS_FOREIGN",
    "REDIRECT",
    "RULES",
    "SIBLING",
    "SIBLING_NAMES",
    "VARIANTS",
    "VIEWERS",
    "Rule",
    "Target",
    "api_operations",
    "api_resource",
    "api_url",
    "build_matrix_scene",
    "default_target",
    "page_url_names",
    "resolve",
    "rule_for",
    "shape",
    "target",
    "targets_of",
    "writes",
]

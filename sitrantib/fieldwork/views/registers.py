"""Poskamling and Satgas Keamanan Desa registers: lists, records, rosters and members.

Readers (fieldwork/access.py) see the registers of their desa or kecamatan; writers (the section's
administrator, the desa's operator) record them through services.registers. A partner reads no
register (403); a record outside the viewer's scope is absent (404).
"""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sitrantib.core.concurrency import StaleVersion, form_stale
from sitrantib.core.forms import add_service_error
from sitrantib.core.paging import page_by_key
from sitrantib.core.scoping import Scope
from sitrantib.fieldwork import access, selectors
from sitrantib.fieldwork.enums import Equipment, Weekday
from sitrantib.fieldwork.forms.registers import (
    DutyFormSet,
    MemberFormSet,
    PostFilterForm,
    PostForm,
    TaskForceForm,
    VillageChoiceForm,
)
from sitrantib.fieldwork.models import Post, TaskForce
from sitrantib.fieldwork.services import registers as services
from sitrantib.fieldwork.views.overview import (
    boundaries_url,
    chosen_district,
    map_labels,
    reader_scope,
    scope_villages,
)
from sitrantib.regions.models import Village

POST_ORDERING = ("village__name", "name", "pk")


def _writable_villages(scope: Scope) -> Any:
    villages = scope_villages(scope)
    if not access.can_write_any(scope):
        return villages.none()
    return villages


def _post_for(request: HttpRequest, pk: int) -> tuple[Post, Scope]:
    scope = reader_scope(request)
    post = selectors.post_detail(pk, scope)
    if post is None:
        raise Http404
    return post, scope


def _require_writer(scope: Scope, village_code: str) -> None:
    if not access.can_write_village(scope, village_code):
        raise PermissionDenied


# Poskamling --------------------------------------------------------------------------------------


@require_GET
@login_required
def post_list(request: HttpRequest) -> HttpResponse:
    """Poskamling of the scope, filtered by desa, status and condition, with their map."""
    scope = reader_scope(request)
    district = chosen_district(request, scope)
    villages = scope_villages(scope)
    if district is not None:
        villages = villages.filter(district=district)
    form = PostFilterForm(request.GET or None, villages=villages, user=request.user)
    posts = selectors.posts_for(scope)
    if district is not None:
        posts = posts.filter(district=district)
    if form.is_bound and form.is_valid():
        posts = form.apply(posts)
    elif form.is_bound:
        posts = posts.none()
    page = page_by_key(request, posts, ordering=POST_ORDERING, page_size=50)
    chosen = form.cleaned_data.get("desa") if form.is_bound and form.is_valid() else None
    points: dict[str, str] = {"layers": "posts"}
    if district is not None:
        points["kecamatan"] = district.code
    if chosen is not None:
        points["desa"] = chosen.code
    for key in ("active", "condition"):
        value = form.cleaned_data.get(key) if form.is_bound and form.is_valid() else ""
        if value:
            points[key] = value
    add_village = request.GET.get("desa", "") if chosen is not None else ""
    return render(
        request,
        "fieldwork/registers/post_list.html",
        {
            "form": form,
            "page": page,
            "posts": page.rows,
            "district": district,
            "districts_to_choose": district is None and not scope.village_codes,
            "chosen_village": chosen,
            "focus": chosen.code if chosen is not None else "",
            "points_url": reverse("fieldwork:map_data") + "?" + urlencode(points),
            "boundaries_url": boundaries_url(district, chosen),
            **map_labels(),
            "can_add": access.can_write_any(scope),
            "add_query": urlencode({"desa": add_village}) if add_village else "",
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _choose_village(
    request: HttpRequest, scope: Scope, title: str
) -> tuple[Village | None, HttpResponse | None]:
    """The desa of a new record: from ?desa= (in the writer's scope), the only one, or asked."""
    villages = _writable_villages(scope)
    code = request.GET.get("desa", "")
    if code:
        village = villages.filter(code=code).select_related("district").first()
        if village is None:
            raise Http404
        return village, None
    only = list(villages.select_related("district")[:2])
    if len(only) == 1:
        return only[0], None
    if not only:
        raise PermissionDenied
    form = VillageChoiceForm(villages=villages, user=request.user)
    return None, render(
        request, "fieldwork/registers/choose_village.html", {"form": form, "title": title}
    )


@require_http_methods(["GET", "POST"])
@login_required
def post_create(request: HttpRequest) -> HttpResponse:
    scope = reader_scope(request)
    if not access.can_write_any(scope):
        raise PermissionDenied
    village, asked = _choose_village(request, scope, _("Poskamling baru"))
    if asked is not None:
        return asked
    assert village is not None
    _require_writer(scope, village.code)
    form = PostForm(
        request.POST or None,
        instance=Post(village=village, district_id=village.district_id),
        villages=None,
        hamlet_villages=Village.objects.filter(code=village.code),
    )
    if request.method == "POST" and form.is_valid():
        try:
            post = services.create_post(village=village, data=form.post_data(), actor=request.user)
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Poskamling %(name)s tersimpan.") % {"name": post.name})
            return redirect(post)
    return render(
        request,
        "fieldwork/registers/post_form.html",
        {"form": form, "post": None, "village": village, **_form_map(village)},
        status=400 if form.errors else 200,
    )


def _form_map(village: Village) -> dict[str, Any]:
    return {
        "boundaries_url": boundaries_url(village.district, village),
        "points_url": reverse("fieldwork:map_data")
        + "?"
        + urlencode({"layers": "posts", "desa": village.code}),
        **map_labels(),
    }


@require_http_methods(["GET", "POST"])
@login_required
def post_edit(request: HttpRequest, pk: int) -> HttpResponse:
    post, scope = _post_for(request, pk)
    _require_writer(scope, post.village_id)
    fresh = Post.objects.select_related("village", "village__district").get(pk=post.pk)
    form = PostForm(
        request.POST or None,
        instance=fresh,
        villages=None,
        hamlet_villages=Village.objects.filter(code=post.village_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_post(
                post=Post.objects.get(pk=post.pk),
                data=form.post_data(),
                actor=request.user,
                expected_version=form.expected_version,
            )
        except StaleVersion as exc:
            form_stale(form, exc)
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Poskamling %(name)s tersimpan.") % {"name": post.name})
            return redirect(post)
    return render(
        request,
        "fieldwork/registers/post_form.html",
        {"form": form, "post": post, "village": fresh.village, **_form_map(fresh.village)},
        status=400 if form.errors else 200,
    )


@require_GET
@login_required
def post_detail(request: HttpRequest, pk: int) -> HttpResponse:
    post, scope = _post_for(request, pk)
    visits = list(post.visits.select_related("village").order_by("-visited_at", "-pk")[:10])
    nights = sorted(post.duties.all(), key=lambda d: (d.weekday, d.group_name, d.pk))
    return render(
        request,
        "fieldwork/registers/post_detail.html",
        {
            "post": post,
            "visits": visits,
            "nights": nights,
            "equipment": [label for value, label in Equipment.choices if value in post.equipment],
            "can_write": access.can_write_village(scope, post.village_id),
            "points_url": reverse("fieldwork:map_data")
            + "?"
            + urlencode({"layers": "posts", "pos": post.pk}),
            "boundaries_url": boundaries_url(None, post.village),
            **map_labels(),
            "visit_list_query": urlencode({"desa": post.village_id}),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def post_roster(request: HttpRequest, pk: int) -> HttpResponse:
    """The duty roster: rows of night, group and person; the same night and group make one
    night of the roster."""
    post, scope = _post_for(request, pk)
    _require_writer(scope, post.village_id)
    initial: list[dict[str, Any]] = []
    for night in sorted(post.duties.all(), key=lambda d: (d.weekday, d.pk)):
        people = list(night.people.all())
        if not people:
            initial.append({"weekday": night.weekday, "group_name": night.group_name})
        for person in people:
            initial.append(
                {
                    "weekday": night.weekday,
                    "group_name": night.group_name,
                    "member": person.member_id,
                    "name": "" if person.member_id else person.name,
                }
            )
    formset: Any = DutyFormSet(
        request.POST or None, initial=initial, user=request.user, prefix="jadwal"
    )
    errors: list[str] = []
    if request.method == "POST" and formset.is_valid():
        nights: dict[tuple[int, str], list[services.Person]] = {}
        for form in formset.forms:
            data = form.cleaned_data
            if data.get("weekday") is None:
                continue
            key = (data["weekday"], (data.get("group_name") or "").strip())
            people_of_night = nights.setdefault(key, [])
            if form.has_person():
                member = data.get("member")
                people_of_night.append(
                    services.Person(name=(data.get("name") or "").strip(), member=member)
                )
        try:
            with transaction.atomic():
                services.set_roster(
                    post=Post.objects.get(pk=post.pk),
                    nights=[
                        services.DutyNight(weekday=k[0], group_name=k[1], people=v)
                        for k, v in sorted(nights.items())
                    ],
                    actor=request.user,
                )
        except ValidationError as exc:
            errors = [str(m) for m in exc.messages]
        except PermissionDenied as exc:
            errors = [str(exc) or _("Anda tidak berhak melakukan tindakan ini.")]
        else:
            messages.success(request, _("Jadwal ronda %(name)s tersimpan.") % {"name": post.name})
            return redirect(post)
    invalid = request.method == "POST" and (errors or not formset.is_valid())
    return render(
        request,
        "fieldwork/registers/post_roster.html",
        {"post": post, "formset": formset, "errors": errors, "weekdays": Weekday.choices},
        status=400 if invalid else 200,
    )


# Satgas Keamanan Desa ----------------------------------------------------------------------------


@require_GET
@login_required
def task_force_list(request: HttpRequest) -> HttpResponse:
    """Every desa of the kecamatan with its Satgas, or marked as having none yet."""
    scope = reader_scope(request)
    district = chosen_district(request, scope)
    villages = scope_villages(scope)
    if district is None and not scope.village_codes:
        return render(
            request,
            "fieldwork/registers/task_force_list.html",
            {"rows": [], "district": None, "districts": _districts(scope)},
        )
    if district is not None:
        villages = villages.filter(district=district)
    forces = selectors.task_forces_for(scope).filter(village__in=villages.values("code"))
    by_village = {tf.village_id: tf for tf in forces}
    rows = [
        {"village": v, "task_force": by_village.get(v.code)}
        for v in villages.order_by("name", "code")
    ]
    return render(
        request,
        "fieldwork/registers/task_force_list.html",
        {
            "rows": rows,
            "district": district,
            "missing": sum(1 for r in rows if r["task_force"] is None),
            "can_write": access.can_write_any(scope),
            "writable": {v.code for v in villages if access.can_write_village(scope, v.code)},
        },
    )


def _districts(scope: Scope) -> Any:
    from sitrantib.fieldwork.views.overview import scope_districts

    return scope_districts(scope)


def _task_force_for(request: HttpRequest, pk: int) -> tuple[TaskForce, Scope]:
    scope = reader_scope(request)
    task_force = selectors.task_force_detail(pk, scope)
    if task_force is None:
        raise Http404
    return task_force, scope


@require_http_methods(["GET", "POST"])
@login_required
def task_force_create(request: HttpRequest) -> HttpResponse:
    scope = reader_scope(request)
    if not access.can_write_any(scope):
        raise PermissionDenied
    village, asked = _choose_village(request, scope, _("Satgas baru"))
    if asked is not None:
        return asked
    assert village is not None
    _require_writer(scope, village.code)
    existing = TaskForce.objects.filter(village=village).first()
    if existing is not None:
        messages.info(request, _("Desa ini sudah memiliki Satgas Keamanan Desa."))
        return redirect(existing)
    form = TaskForceForm(
        request.POST or None,
        instance=TaskForce(village=village, district_id=village.district_id),
        villages=None,
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            task_force = services.create_task_force(
                village=village, data=form.task_force_data(), actor=request.user
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Satgas Keamanan Desa tersimpan."))
            return redirect(task_force)
    return render(
        request,
        "fieldwork/registers/task_force_form.html",
        {"form": form, "task_force": None, "village": village},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def task_force_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task_force, scope = _task_force_for(request, pk)
    _require_writer(scope, task_force.village_id)
    form = TaskForceForm(
        request.POST or None,
        instance=TaskForce.objects.select_related("village").get(pk=task_force.pk),
        villages=None,
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_task_force(
                task_force=TaskForce.objects.select_related("village").get(pk=task_force.pk),
                data=form.task_force_data(),
                actor=request.user,
                expected_version=form.expected_version,
            )
        except StaleVersion as exc:
            form_stale(form, exc)
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Satgas Keamanan Desa tersimpan."))
            return redirect(task_force)
    return render(
        request,
        "fieldwork/registers/task_force_form.html",
        {"form": form, "task_force": task_force, "village": task_force.village},
        status=400 if form.errors else 200,
    )


@require_GET
@login_required
def task_force_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task_force, scope = _task_force_for(request, pk)
    visits = list(task_force.visits.select_related("village").order_by("-visited_at", "-pk")[:10])
    return render(
        request,
        "fieldwork/registers/task_force_detail.html",
        {
            "task_force": task_force,
            "members": list(task_force.members.all()),
            "visits": visits,
            "can_write": access.can_write_village(scope, task_force.village_id),
            "visit_list_query": urlencode({"desa": task_force.village_id}),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def task_force_members(request: HttpRequest, pk: int) -> HttpResponse:
    task_force, scope = _task_force_for(request, pk)
    _require_writer(scope, task_force.village_id)
    initial = [
        {
            "member": m.member_id,
            "name": "" if m.member_id else m.name,
            "position": m.position,
            "rw": m.rw,
        }
        for m in task_force.members.all()
    ]
    formset: Any = MemberFormSet(
        request.POST or None, initial=initial, user=request.user, prefix="anggota"
    )
    errors: list[str] = []
    if request.method == "POST" and formset.is_valid():
        people = [
            services.Person(
                name=(f.cleaned_data.get("name") or "").strip(),
                member=f.cleaned_data.get("member"),
                position=(f.cleaned_data.get("position") or "").strip(),
                rw=(f.cleaned_data.get("rw") or "").strip(),
            )
            for f in formset.forms
            if f.has_person()
        ]
        try:
            with transaction.atomic():
                services.set_task_force_members(
                    task_force=TaskForce.objects.select_related("village").get(pk=task_force.pk),
                    people=people,
                    actor=request.user,
                )
        except ValidationError as exc:
            errors = [str(m) for m in exc.messages]
        except PermissionDenied as exc:
            errors = [str(exc) or _("Anda tidak berhak melakukan tindakan ini.")]
        else:
            messages.success(request, _("Anggota Satgas tersimpan."))
            return redirect(task_force)
    invalid = request.method == "POST" and (errors or not formset.is_valid())
    return render(
        request,
        "fieldwork/registers/task_force_members.html",
        {"task_force": task_force, "formset": formset, "errors": errors},
        status=400 if invalid else 200,
    )

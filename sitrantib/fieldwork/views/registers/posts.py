"""Poskamling register pages: the list with its map, the record, its form and its duty roster."""

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
from sitrantib.fieldwork.forms.registers import DutyFormSet, PostFilterForm, PostForm
from sitrantib.fieldwork.models import Post
from sitrantib.fieldwork.services import registers as services
from sitrantib.fieldwork.views.overview import (
    boundaries_url,
    chosen_district,
    map_labels,
    reader_scope,
    scope_villages,
)
from sitrantib.fieldwork.views.registers.common import choose_village, require_writer
from sitrantib.regions.models import Village

POST_ORDERING = ("village__name", "name", "pk")


def _post_for(request: HttpRequest, pk: int) -> tuple[Post, Scope]:
    scope = reader_scope(request)
    post = selectors.post_detail(pk, scope)
    if post is None:
        raise Http404
    return post, scope


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


@require_http_methods(["GET", "POST"])
@login_required
def post_create(request: HttpRequest) -> HttpResponse:
    scope = reader_scope(request)
    if not access.can_write_any(scope):
        raise PermissionDenied
    village, asked = choose_village(request, scope, _("Poskamling baru"))
    if asked is not None:
        return asked
    assert village is not None
    require_writer(scope, village.code)
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
    require_writer(scope, post.village_id)
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
    require_writer(scope, post.village_id)
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

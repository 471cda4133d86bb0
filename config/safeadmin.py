"""The admin, closed to anything that could tell who wrote what.

Django's changelist applies any lookup it finds in the query string to the queryset, so a list
page that never shows a column still lets a visitor with access filter on it
(``?client_hash__startswith=a``, ``?author=12``, ``?story__author=12``) and read it one
character at a time from the result counts. Here every admin derives from ``SafeModelAdmin``,
which accepts only the lookups its own list filters and date hierarchy produce, on columns
that are not private, and a system check refuses to start a site whose admin names a private
column in any list, search, ordering or form option. The site itself is for superusers only
(moderators work in /moderation/), has no "view on site" shortcut and never shows a username:
history pages name staff by their display label.
"""

from functools import wraps

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import PAGE_VAR
from django.core import checks
from django.core.exceptions import BadRequest, FieldDoesNotExist, PermissionDenied
from django.db.models import ForeignObjectRel
from django.http import Http404
from django.urls import reverse

# Columns nobody filters, searches, orders or reads in the admin, on any model: who wrote,
# flagged or decided something, and the hashes and tokens that could link two posts.
PRIVATE_NAMES = frozenset(
    {
        "author",
        "client_hash",
        "guest_token_hash",
        "submit_token",
        "reporter",
        "reporter_hash",
        "moderator",
        "created_by",
        "user",
        "username",
        "email",
        "password",
        "last_name",
        "suspension_reason",
    }
)

# The lookups the stock list filters and the date hierarchy produce; nothing else.
SAFE_LOOKUPS = frozenset({"exact", "isnull", "gte", "lt", "year", "month", "day"})

# Options that name columns: each must stay clear of PRIVATE_NAMES (see check_admins).
COLUMN_OPTIONS = (
    "list_display",
    "list_display_links",
    "list_filter",
    "list_editable",
    "search_fields",
    "ordering",
    "sortable_by",
    "date_hierarchy",
    "raw_id_fields",
    "autocomplete_fields",
    "fields",
    "readonly_fields",
    "filter_horizontal",
    "filter_vertical",
    "prepopulated_fields",
    "radio_fields",
)


def is_private_field(field) -> bool:
    """A column named as private, or any link to an account."""
    if field.name in PRIVATE_NAMES or getattr(field, "attname", "") in PRIVATE_NAMES:
        return True
    related = getattr(field, "related_model", None)
    return related is not None and related is apps.get_model(settings.AUTH_USER_MODEL)


def path_is_private(model, path: str) -> bool:
    """Whether a lookup path (``story__author__username``) touches a private column at any hop."""
    for part in path.lstrip("^=@-").split("__"):
        if part in PRIVATE_NAMES:
            return True
        if model is None:
            continue
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            model = None  # a transform or lookup, or a method name: no further fields
            continue
        if is_private_field(field):
            return True
        model = field.related_model if field.is_relation else None
    return False


def staff_label(user) -> str:
    """How a staff account appears in the admin: its display label, never the username."""
    from moderation.models import moderator_label

    return moderator_label(user) if user is not None and user.is_authenticated else ""


class SafeModelAdmin(admin.ModelAdmin):
    """The base of every admin on the site (enforced by check_admins)."""

    show_full_result_count = False
    view_on_site = False
    object_history_template = "admin/safe_object_history.html"

    def filterable_fields(self, request) -> set[str]:
        """The columns this admin's own filters work on."""
        names = {self.date_hierarchy} if self.date_hierarchy else set()
        for item in self.get_list_filter(request):
            if isinstance(item, str):
                names.add(item.split("__", 1)[0])
            elif isinstance(item, (tuple, list)) and isinstance(item[0], str):
                names.add(item[0].split("__", 1)[0])
        return names

    def lookup_allowed(self, lookup, value, request):
        """Only a list filter's own parameters; everything else is a 400 (see
        ChangeList.get_filters, which raises DisallowedModelAdminLookup)."""
        custom = {
            item.parameter_name
            for item in self.get_list_filter(request)
            if isinstance(item, type) and issubclass(item, admin.SimpleListFilter)
        }
        if lookup in custom:
            return True  # a custom filter reads its own parameter in its queryset()
        name, _, rest = lookup.partition("__")
        if name not in self.filterable_fields(request):
            return False
        try:
            field = self.model._meta.get_field(name)
        except FieldDoesNotExist:
            return False
        if is_private_field(field) or isinstance(field, ForeignObjectRel):
            return False
        parts = rest.split("__") if rest else []
        if field.is_relation and parts and parts[0] in ("id", "pk"):
            parts = parts[1:]  # a related filter's "themes__id__exact"
        return len(parts) <= 1 and all(p in SAFE_LOOKUPS for p in parts)

    def to_field_allowed(self, request, to_field):
        # Popups may return another column's value to the opener; only the primary key here.
        return to_field in (self.model._meta.pk.name, self.model._meta.pk.attname)

    def get_changelist_instance(self, request):
        """Bad filter values and page numbers are a 400, not a redirect to "?e=1" (or, for a
        page number on a list of one page, silently the first page)."""
        page = request.GET.get(PAGE_VAR)
        if page is not None and not (page.isascii() and page.isdigit() and int(page) > 0):
            raise BadRequest("Page numbers are whole numbers from 1.")
        try:
            changelist = super().get_changelist_instance(request)
        except IncorrectLookupParameters as error:
            raise BadRequest("Those filters or that page do not exist.") from error
        if page is not None and int(page) > max(changelist.paginator.num_pages, 1):
            raise Http404("No such page.")
        return changelist

    def get_search_results(self, request, queryset, search_term):
        fields = self.get_search_fields(request)
        if any(path_is_private(self.model, f) for f in fields):
            raise BadRequest("This list cannot be searched.")
        return super().get_search_results(request, queryset, search_term)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # An unknown or malformed id is a 404, like everywhere else on the site.
        raise Http404("No such object.")

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        context = getattr(response, "context_data", None) or {}
        for entry in context.get("action_list", ()):
            entry.who = staff_label(entry.user)
        return response


class SafeAdminSite(admin.AdminSite):
    """Superusers only; no "view on site" redirect (it opens any model by content type)."""

    site_header = "Unspoken administration"
    site_title = "Unspoken"

    def has_permission(self, request):
        user = request.user
        return user.is_active and user.is_superuser

    def each_context(self, request):
        return {**super().each_context(request), "staff_label": staff_label(request.user)}

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def guarded(request, *args, **kwargs):
            # A signed-in moderator is told "no" rather than sent to a second sign-in form.
            if (
                request.user.is_authenticated
                and not self.has_permission(request)
                and request.path != reverse("admin:logout", current_app=self.name)
            ):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return guarded

    def autocomplete_view(self, request):
        # No admin here uses autocomplete widgets; the endpoint would search any admin's list.
        raise Http404("No autocomplete here.")

    def get_urls(self):
        return [p for p in super().get_urls() if getattr(p, "name", None) != "view_on_site"]


class SafeAdminConfig(AdminConfig):
    default_site = "config.safeadmin.SafeAdminSite"

    def ready(self):
        super().ready()
        checks.register(check_admins, checks.Tags.admin)


def check_admins(app_configs=None, site=None, **kwargs):
    """Every registered admin is a SafeModelAdmin and names no private column anywhere."""
    from django.contrib.admin.models import LogEntry

    errors = []
    for model, model_admin in (site or admin.site)._registry.items():
        label = f"{model._meta.label} admin"
        if model is LogEntry:
            errors.append(checks.Error(f"{label}: the admin log names staff.", id="unspoken.A001"))
        if not isinstance(model_admin, SafeModelAdmin):
            errors.append(
                checks.Error(f"{label} must derive from SafeModelAdmin.", id="unspoken.A002")
            )
        for option in COLUMN_OPTIONS:
            value = getattr(model_admin, option, None) or ()
            if isinstance(value, str):
                value = (value,)
            if isinstance(value, dict):
                value = (*value.keys(), *(v for vs in value.values() for v in vs))
            for item in value:
                if isinstance(item, (tuple, list)):
                    item = item[0]
                if isinstance(item, str) and path_is_private(model, item):
                    errors.append(
                        checks.Error(
                            f"{label}: {option} names the private column {item!r}.",
                            id="unspoken.A003",
                        )
                    )
    return errors

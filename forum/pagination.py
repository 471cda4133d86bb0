from django.core.cache import cache
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.http import Http404

PER_PAGE = 20
# Seconds a list's row count is reused: COUNT(*) over the waiting list took 13 ms a request.
COUNT_SECONDS = 30


def cached_count(name: str, queryset) -> int:
    """The number of rows of a public list, counted at most once per ``COUNT_SECONDS``.

    Only "Page n of m" shows it; a count a few seconds old moves that number by a page at most,
    and a page past the real end is still a 404 (its rows are read, not trusted from the count).
    """
    key = f"listcount:{name}"
    count = cache.get(key)
    if count is None:
        count = queryset.count()
        cache.set(key, count, COUNT_SECONDS)
    return count


def page_number(request) -> int:
    """The ?page= number; anything but a positive integer is a 404."""
    raw = request.GET.get("page", "1")
    try:
        number = int(raw)
    except (TypeError, ValueError):
        raise Http404("No such page.") from None
    if number < 1 or str(number) != raw.strip().lstrip("+"):
        raise Http404("No such page.")
    return number


def paginate(
    request,
    object_list,
    *,
    per_page: int = PER_PAGE,
    count: int | None = None,
    keys_first: bool = True,
):
    """The requested page; a page number that is not a positive integer in range is a 404.

    A deep page must not read and throw away thousands of full rows. So the page is found in
    two steps: the primary keys of the page alone (served by the list's index, which holds the
    ordering columns and the key, without touching a table row), then those rows with their
    listing data. The OFFSET walks index entries only. The first page, which has no OFFSET to
    walk and is the page most asked for, reads its rows in one query.
    """
    number = page_number(request)
    if not isinstance(object_list, QuerySet):
        keys_first = False  # an already-built list (the moderation queue) pages as it is
    elif number == 1 and keys_first:
        page = paginate(request, object_list, per_page=per_page, count=count, keys_first=False)
        page.object_list = list(page.object_list)
        return page
    paginator = Paginator(
        object_list.values_list("pk", flat=True) if keys_first else object_list, per_page
    )
    if count is not None:
        paginator.count = count  # a count the caller already knows (cached or denormalised)
    try:
        page = paginator.page(number)
    except (EmptyPage, PageNotAnInteger):
        raise Http404("No such page.") from None
    if not keys_first:
        return page
    ids = list(page.object_list)
    if number > 1 and not ids:
        raise Http404("No such page.")  # past the end of a list whose count was reused
    by_id = object_list.order_by().in_bulk(ids) if ids else {}
    page.object_list = [by_id[pk] for pk in ids if pk in by_id]
    return page

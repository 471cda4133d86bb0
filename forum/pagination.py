from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404

PER_PAGE = 20


def paginate(request, object_list, *, per_page: int = PER_PAGE, count: int | None = None):
    """The requested page; a page number that is not a positive integer in range is a 404."""
    paginator = Paginator(object_list, per_page, allow_empty_first_page=True)
    if count is not None:
        paginator.count = count  # a count the caller already knows (cached or denormalised)
    raw = request.GET.get("page", "1")
    try:
        number = int(raw)
    except (TypeError, ValueError):
        raise Http404("No such page.") from None
    if number < 1 or str(number) != raw.strip().lstrip("+"):
        raise Http404("No such page.")
    try:
        return paginator.page(number)
    except (EmptyPage, PageNotAnInteger):
        raise Http404("No such page.") from None

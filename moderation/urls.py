from django.urls import path

from forum import converters  # noqa: F401 (registers the replykey converter)
from forum.views.replies import reply_address_retired

from . import items as moderated
from .actions import slugs_for
from .views import appeals, authors, bulk, flags, items, log, queue, reasons, words

app_name = "moderation"

urlpatterns = [
    path("", queue.queue, name="queue"),
    path("bulk/", bulk.bulk_decide, name="bulk"),
    path("undo/", bulk.undo, name="undo"),
    path("log/", log.log_list, name="log"),
    path("words/", words.word_list, name="word-list"),
    path("words/<int:pk>/delete/", words.word_delete, name="word-delete"),
    path("reasons/", reasons.reason_list, name="reason-list"),
    path("reasons/<int:pk>/", reasons.reason_edit, name="reason-edit"),
    path("reasons/<int:pk>/delete/", reasons.reason_delete, name="reason-delete"),
    path("appeals/<int:pk>/", appeals.appeal_detail, name="appeal-detail"),
    path("appeal/<str:kind>/<int:pk>/", appeals.appeal_post, name="appeal-post"),
    path("appeal/suspension/", appeals.appeal_suspension, name="appeal-suspension"),
    path("appeal/guest/<str:token>/", appeals.appeal_guest, name="appeal-guest"),
    path("authors/<str:key>/", authors.author_detail, name="author-detail"),
    path("authors/<str:key>/suspend/", authors.author_suspend, name="author-suspend"),
    path("authors/<str:key>/lift/", authors.author_lift, name="author-lift"),
    path("flag/story/<int:pk>/", flags.flag_story, name="flag-story"),
    # A reply by its story and per-thread key: readers must not see its global id.
    path("flag/story/<int:pk>/r/<replykey:key>/", flags.flag_reply, name="flag-reply"),
    path("flag/reply/<int:pk>/", reply_address_retired, name="flag-reply-retired"),
]

# Per kind: the item's page, its edit page and one URL per decision of the action table:
# moderation:story-detail, moderation:reply-edit, moderation:story-approve, …
for _kind, _plural in moderated.PLURALS.items():
    _fixed = {"kind": _kind}
    urlpatterns += [
        path(f"{_plural}/<int:pk>/", items.item_detail, _fixed, name=f"{_kind}-detail"),
        path(f"{_plural}/<int:pk>/edit/", items.item_edit, _fixed, name=f"{_kind}-edit"),
    ]
    urlpatterns += [
        path(
            f"{_plural}/<int:pk>/{_slug}/",
            items.item_action,
            {**_fixed, "action": _slug},
            name=f"{_kind}-{_slug}",
        )
        for _slug in slugs_for(_kind)
    ]

from django.urls import path

from .views import authors, flags, items, log, queue, words
from .views.items import ACTIONS

app_name = "moderation"

urlpatterns = [
    path("", queue.queue, name="queue"),
    path("log/", log.log_list, name="log"),
    path("words/", words.word_list, name="word-list"),
    path("words/<int:pk>/delete/", words.word_delete, name="word-delete"),
    path("authors/<str:key>/", authors.author_detail, name="author-detail"),
    path("authors/<str:key>/suspend/", authors.author_suspend, name="author-suspend"),
    path("authors/<str:key>/lift/", authors.author_lift, name="author-lift"),
    path("flag/story/<int:pk>/", flags.flag_story, name="flag-story"),
    path("flag/reply/<int:pk>/", flags.flag_reply, name="flag-reply"),
    path("stories/<int:pk>/", items.story_detail, name="story-detail"),
    path("stories/<int:pk>/edit/", items.item_edit, {"kind": "story"}, name="story-edit"),
    path("replies/<int:pk>/", items.reply_detail, name="reply-detail"),
    path("replies/<int:pk>/edit/", items.item_edit, {"kind": "reply"}, name="reply-edit"),
]

# One URL per decision: moderation:story-approve, moderation:reply-hide, …
for _kind, _plural in (("story", "stories"), ("reply", "replies")):
    for _action in ACTIONS[_kind]:
        urlpatterns.append(
            path(
                f"{_plural}/<int:pk>/{_action}/",
                items.item_action,
                {"kind": _kind, "action": _action},
                name=f"{_kind}-{_action}",
            )
        )

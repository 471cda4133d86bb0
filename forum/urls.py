from django.urls import path, re_path

from . import converters  # noqa: F401 (registers the replykey converter)
from .feeds import StoryFeed, ThemeFeed
from .models import ReaderMark
from .views import browse, compose, follows, notifications, pages, reactions, reading, replies

app_name = "forum"

urlpatterns = [
    path("", browse.home, name="home"),
    path("stories/", browse.story_list, name="story-list"),
    path("stories/new/", compose.story_create, name="story-create"),
    path("stories/<int:pk>/", browse.story_detail, name="story-detail-short"),
    path("stories/<int:pk>/posted/", compose.story_posted, name="story-posted"),
    path("stories/<int:pk>/edit/", compose.story_edit_view, name="story-edit"),
    path("stories/<int:pk>/delete/", compose.story_delete_view, name="story-delete"),
    path("stories/<int:pk>/replies/", replies.reply_create, name="reply-create"),
    path(
        "stories/<int:pk>/replies/toggle/",
        replies.story_replies_toggle,
        name="story-replies-toggle",
    ),
    path("stories/<int:pk>/answer-mode/", replies.story_answer_mode, name="story-answer-mode"),
    path(
        "stories/<int:pk>/follow/",
        follows.story_mark,
        {"kind": ReaderMark.Kind.FOLLOW},
        name="story-follow",
    ),
    path(
        "stories/<int:pk>/save/",
        follows.story_mark,
        {"kind": ReaderMark.Kind.SAVE},
        name="story-save",
    ),
    path("stories/<int:pk>/updates/new/", follows.story_update_create, name="story-update"),
    path(
        "stories/<int:pk>/updates/<int:update_pk>/delete/",
        follows.story_update_remove,
        name="story-update-delete",
    ),
    # The thread's one reaction form: the reply is named by its key in the posted value.
    path(
        "stories/<int:pk>/replies/react/",
        reactions.thread_reaction_toggle,
        name="replies-react",
    ),
    # One reply, addressed from a public or reader page: by its story and per-thread key.
    path(
        "stories/<int:pk>/r/<replykey:key>/react/",
        reactions.reply_reaction_toggle,
        name="reply-react",
    ),
    path(
        "stories/<int:pk>/r/<replykey:key>/helpful/",
        replies.reply_helpful,
        name="reply-helpful",
    ),
    path("stories/<int:pk>/<slug:slug>/", browse.story_detail, name="story-detail"),
    path("replies/<int:pk>/", replies.reply_link, name="reply-link"),
    path("replies/<int:pk>/posted/", replies.reply_posted, name="reply-posted"),
    path("replies/<int:pk>/edit/", replies.reply_edit_view, name="reply-edit"),
    path("replies/<int:pk>/delete/", replies.reply_delete_view, name="reply-delete"),
    re_path(
        r"^react/(?P<target>story)/(?P<pk>[0-9]+)/$",
        reactions.reaction_toggle,
        name="reaction-toggle",
    ),
    # Replies were once addressed by their global id; forms on pages from before answer so.
    path("replies/<int:pk>/helpful/", replies.reply_address_retired, name="helpful-retired"),
    path("react/reply/<int:pk>/", replies.reply_address_retired, name="reaction-retired"),
    path("stories/manage/<str:token>/", compose.story_manage, name="story-manage"),
    path("stories/manage/<str:token>/edit/", compose.story_manage_edit, name="story-manage-edit"),
    path(
        "stories/manage/<str:token>/link.txt",
        compose.story_manage_download,
        name="story-manage-download",
    ),
    path(
        "stories/manage/<str:token>/delete/",
        compose.story_manage_delete,
        name="story-manage-delete",
    ),
    path(
        "stories/manage/<str:token>/update/",
        follows.story_manage_update,
        name="story-manage-update",
    ),
    path("themes/", browse.theme_list, name="theme-list"),
    path("themes/<slug:slug>/", browse.theme_detail, name="theme-detail"),
    path("waiting/", browse.waiting, name="waiting"),
    path("search/", browse.search_view, name="search"),
    path("me/", follows.me, name="me"),
    path("me/replies/", follows.me_replies, name="me-replies"),
    path("me/saved/", follows.me_marked, {"kind": ReaderMark.Kind.SAVE}, name="me-saved"),
    path("me/following/", follows.me_marked, {"kind": ReaderMark.Kind.FOLLOW}, name="me-following"),
    path("me/notifications/", notifications.notification_list, name="notification-list"),
    path(
        "me/notifications/<int:pk>/read/",
        notifications.notification_read,
        name="notification-read",
    ),
    path(
        "me/notifications/read-all/",
        notifications.notification_read_all,
        name="notification-read-all",
    ),
    path(
        "me/notifications/unsubscribe/<str:token>/",
        notifications.notifications_unsubscribe,
        name="notifications-unsubscribe",
    ),
    path("feeds/stories/", StoryFeed(), name="feed-stories"),
    path("feeds/themes/<slug:slug>/", ThemeFeed(), name="feed-theme"),
    path("reading/", reading.reading, name="reading"),
    path("guidelines/", pages.guidelines, name="guidelines"),
    path("support/", pages.support, name="support"),
    path("about/", pages.about, name="about"),
]

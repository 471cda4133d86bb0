import hashlib
import hmac
import re
from functools import lru_cache

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moderation.states import Attention, State

from .querysets import ReplyQuerySet, StoryQuerySet

# Stand-ins a URL is reversed with once, then split around: each value below passes its path
# converter and comes out of reverse() unquoted, as every real value of its kind does.
_STANDINS = {"int": "987654321", "slug": "zq-standin-qz", "key": "f" * 10}
_SLUG_SAFE = re.compile(r"[-a-zA-Z0-9_]+")


@lru_cache(maxsize=64)
def _url_parts(name: str, script_prefix: str, kinds: tuple[tuple[str, str], ...]) -> tuple:
    """The URL's fixed parts around its arguments, and the arguments in the order the URL
    holds them. Reversed once per process and prefix: pages of 20 cards or 50 replies must
    not resolve a URL for each."""
    url = reverse(name, kwargs={arg: _STANDINS[kind] for arg, kind in kinds})
    # Split after the prefix, which may hold anything, stand-ins included.
    lead, url = url[: len(script_prefix)], url[len(script_prefix) :]
    order = sorted(kinds, key=lambda pair: url.index(_STANDINS[pair[1]]))
    parts = []
    for _arg, kind in order:
        head, url = url.split(_STANDINS[kind], 1)
        parts.append(head)
    parts.append(url)
    parts[0] = lead + parts[0]
    return tuple(parts), tuple(arg for arg, _kind in order)


def fast_url(name: str, **kwargs) -> str:
    """``reverse(name, kwargs=…)`` for int, slug and reply-key arguments (named ``pk``,
    ``slug``, ``key``), from a pattern reversed once; anything else goes through reverse()."""
    from django.urls import get_script_prefix

    kinds = tuple((arg, "int" if arg == "pk" else arg) for arg in kwargs)
    if any(kind not in _STANDINS for _arg, kind in kinds) or (
        "slug" in kwargs and not _SLUG_SAFE.fullmatch(kwargs["slug"])
    ):
        return reverse(name, kwargs=kwargs)
    parts, order = _url_parts(name, get_script_prefix(), kinds)
    values = [str(int(kwargs[arg])) if arg == "pk" else kwargs[arg] for arg in order]
    return "".join(part + value for part, value in zip(parts, values, strict=False)) + parts[-1]


class Theme(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.CharField(_("description"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Published stories in this theme; recounted by forum.services whenever a story's
    # visibility or themes change, so the theme index never counts rows per view.
    story_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return fast_url("forum:theme-detail", slug=self.slug)


class AnswerMode(models.TextChoices):
    LISTEN = "listen", _("Just listen, please")
    ADVICE = "advice", _("Advice welcome")
    OFF = "off", _("Replies off")


# The one rule for "this story takes new replies", as field lookups: querysets filter on it
# (``Story.objects.accepting_replies()``) and ``Story.accepts_replies`` checks one row with it.
ACCEPTS_REPLIES = {
    "state": State.PUBLISHED,
    "replies_closed": False,
    "replies_locked": False,
    "answer_mode__in": (AnswerMode.LISTEN, AnswerMode.ADVICE),
}


def _matches(obj, lookups: dict) -> bool:
    for lookup, wanted in lookups.items():
        name, _sep, op = lookup.partition("__")
        value = getattr(obj, name)
        if not (value in wanted if op == "in" else value == wanted):
            return False
    return True


class ContentWarning(models.TextChoices):
    INFIDELITY = "infidelity", _("infidelity")
    EMOTIONAL_ABUSE = "emotional-abuse", _("emotional abuse")
    SELF_HARM = "self-harm", _("self-harm")
    CHILDHOOD = "childhood-trauma", _("childhood trauma")
    DIVORCE = "divorce", _("separation or divorce")
    LOSS = "loss", _("grief or loss")
    ADDICTION = "addiction", _("addiction")


class ReactionKind(models.TextChoices):
    HEAR = "hear", _("I hear you")
    METOO = "metoo", _("Me too")
    STRENGTH = "strength", _("Sending strength")
    THANKS = "thanks", _("Thank you for sharing")


class Reactable(models.Model):
    """Reaction counters kept on the item, updated with F() beside each reaction row."""

    reaction_hear = models.PositiveIntegerField(default=0)
    reaction_metoo = models.PositiveIntegerField(default=0)
    reaction_strength = models.PositiveIntegerField(default=0)
    reaction_thanks = models.PositiveIntegerField(default=0)
    support_count = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    def reaction_counts(self) -> list[tuple[str, str, int]]:
        return [
            (kind.value, kind.label, getattr(self, f"reaction_{kind.value}"))
            for kind in ReactionKind
        ]


class Post(Reactable):
    """What stories and replies share: an anonymous author, a rendered body, a state."""

    # The account behind the post, if any. Never rendered: people see ``alias``.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    alias = models.CharField(max_length=80)
    body = models.TextField()
    body_html = models.TextField()
    state = models.CharField(max_length=12, choices=State.choices, default=State.PENDING)
    attention = models.CharField(max_length=12, choices=Attention.choices, blank=True, default="")
    crisis_detected = models.BooleanField(default=False)
    # Why a pending post waits: "guest", "new-account", "watched-word", "edited".
    review_reason = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    # A one-time token from the compose form: a double submit finds the first post instead of
    # creating a second one.
    submit_token = models.CharField(max_length=64, null=True, blank=True, unique=True)
    # Keyed, daily-salted hash of the client address (never the address); purged after 30 days.
    client_hash = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.state == State.PUBLISHED


class Story(Post):
    # The limits every form (the writer's and the moderator's) imports.
    TITLE_MIN, TITLE_MAX = 3, 120
    BODY_MAX = 20_000
    CONTENT_NOTE_MAX = 80

    title = models.CharField(_("title"), max_length=TITLE_MAX)
    slug = models.SlugField(max_length=140, allow_unicode=False)
    excerpt = models.CharField(max_length=320)
    content_note = models.CharField(_("content note"), max_length=CONTENT_NOTE_MAX, blank=True)
    content_warnings = models.JSONField(default=list, blank=True)
    themes = models.ManyToManyField(Theme, related_name="stories")
    answer_mode = models.CharField(
        max_length=10, choices=AnswerMode.choices, default=AnswerMode.LISTEN
    )
    # The author closed replies; a moderator locked them. Either stops new replies.
    replies_closed = models.BooleanField(default=False)
    replies_locked = models.BooleanField(default=False)
    reply_count = models.PositiveIntegerField(default=0)
    # Dated updates the writer added under the story; the page reads them only when there are.
    update_count = models.PositiveIntegerField(default=0)
    last_reply_at = models.DateTimeField(null=True, blank=True)
    # SHA-256 of a guest author's manage token; the token itself is shown once and never stored.
    guest_token_hash = models.CharField(max_length=64, blank=True, default="", db_index=True)

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "stories"
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=State.values), name="forum_story_state_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["state", "-published_at", "-id"], name="story_newest"),
            models.Index(fields=["state", "-support_count", "-id"], name="story_supported"),
            models.Index(fields=["state", "reply_count", "published_at"], name="story_waiting"),
            models.Index(fields=["author", "-created_at"], name="story_author"),
            models.Index(fields=["attention"], name="story_attention"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return fast_url("forum:story-detail", pk=self.pk, slug=self.slug or "story")

    @property
    def has_content_note(self) -> bool:
        return bool(self.content_note or self.content_warnings)

    def content_note_labels(self) -> list[str]:
        labels = [
            str(ContentWarning(w).label)
            for w in self.content_warnings
            if w in ContentWarning.values
        ]
        if self.content_note:
            labels.append(self.content_note)
        return labels

    @property
    def accepts_replies(self) -> bool:
        return _matches(self, ACCEPTS_REPLIES)


class Reply(Post):
    BODY_MAX = 5_000

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="replies")
    is_story_author = models.BooleanField(default=False)
    # Marked by the story's author: "this helped me".
    helpful = models.BooleanField(default=False)
    # The replier's own content note: the reply is shown folded behind it.
    content_note = models.CharField(_("content note"), max_length=80, blank=True)

    objects = ReplyQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "replies"
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=State.values), name="forum_reply_state_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["story", "state", "created_at"], name="reply_thread"),
            models.Index(fields=["author", "story"], name="reply_author_story"),
            models.Index(fields=["state", "created_at"], name="reply_state"),
            models.Index(fields=["attention"], name="reply_attention"),
        ]

    def __str__(self):
        return f"Reply {self.pk} to story {self.story_id}"

    def get_absolute_url(self):
        return f"{self.story.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self) -> str:
        """The reply's public address within its thread ("r-3f9c0a1b2d").

        Never the global, sequential id: that would let anyone order one person's replies
        across threads. A keyed hash of (story, reply) is stable, unique enough within a
        thread and tells nothing about any other thread.
        """
        return reply_anchor(self.story_id, self.pk)

    @property
    def key(self) -> str:
        """The reply's per-thread key, the part of every public URL that addresses it."""
        return reply_key(self.story_id, self.pk)


# A reply's key: 10 hex characters of an HMAC of (story, reply) under a key derived from
# SECRET_KEY. Without the secret it says nothing of the reply's id or time and cannot be
# made for another reply; 40 bits keep two replies of one thread apart.
REPLY_KEY_LENGTH = 10
REPLY_KEY_PATTERN = f"[0-9a-f]{{{REPLY_KEY_LENGTH}}}"


@lru_cache(maxsize=4)
def _reply_key_hmac(secret_key: str):
    # Keyed once and copied per reply: finding a reply recomputes the key of each in its thread.
    key = hashlib.sha256(b"unspoken-reply-anchor:" + secret_key.encode()).digest()
    return hmac.new(key, digestmod=hashlib.sha256)


def reply_key(story_id: int, reply_id: int) -> str:
    digest = _reply_key_hmac(settings.SECRET_KEY).copy()
    digest.update(f"{story_id}:{reply_id}".encode())
    return digest.hexdigest()[:REPLY_KEY_LENGTH]


def reply_anchor(story_id: int, reply_id: int) -> str:
    return "r-" + reply_key(story_id, reply_id)


def reply_url(name: str, reply) -> str:
    """The URL called ``name`` that addresses one reply from a public or reader page
    (flag, reaction, "this helped me"): by its story and per-thread key, never its global id."""
    return fast_url(name, pk=reply.story_id, key=reply_key(reply.story_id, reply.pk))


class Reaction(models.Model):
    """One supportive reaction by one account on a story or a reply (never a score)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=ReactionKind.choices)
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="reactions")
    # Set for a reaction on a reply; empty for a reaction on the story itself.
    reply = models.ForeignKey(
        Reply, null=True, blank=True, on_delete=models.CASCADE, related_name="reactions"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "story"],
                condition=Q(reply__isnull=True),
                name="reaction_once_per_story",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "reply"],
                condition=Q(reply__isnull=False),
                name="reaction_once_per_reply",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ReactionKind.values), name="reaction_kind_valid"
            ),
        ]
        # The viewer's own reactions in a thread, read on every signed-in story page: without
        # it a busy thread scanned every reaction of the story (8,000 rows, 5 ms).
        indexes = [
            models.Index(fields=["story", "user", "reply", "kind"], name="reaction_thread_viewer"),
        ]

    def __str__(self):
        target = f"reply {self.reply_id}" if self.reply_id else f"story {self.story_id}"
        return f"{self.get_kind_display()} on {target}"


class NotificationKind(models.TextChoices):
    REPLY = "reply", _("New reply")
    HELPFUL = "helpful", _("Marked helpful")
    APPROVED = "approved", _("Approved")
    REMOVED = "removed", _("Removed")
    SUSPENDED = "suspended", _("Account suspended")
    FOLLOWED_REPLY = "followed", _("New reply on a story you follow")
    UPDATE = "update", _("The writer added an update")
    FLAG_ACTED = "flag-acted", _("A moderator acted on your flag")
    APPEAL = "appeal", _("Appeal decided")


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=12, choices=NotificationKind.choices)
    story = models.ForeignKey(
        Story, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    reply = models.ForeignKey(
        Reply, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # Who acted, as people see them (an alias), and a moderator's reason; never a username.
    actor_alias = models.CharField(max_length=80, blank=True)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set once the e-mail digest that covers this notification went out (or was not wanted).
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_unread"),
            models.Index(fields=["emailed_at", "created_at"], name="notification_mail"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d})"

    def target_path(self) -> str:
        """Where the notification points: the story, at the reply's per-thread anchor."""
        if self.story_id is None:
            return reverse("forum:notification-list")
        url = self.story.get_absolute_url()
        return f"{url}#{reply_anchor(self.story_id, self.reply_id)}" if self.reply_id else url


class StoryUpdate(models.Model):
    """A dated update the writer adds under their story ("three months later").

    Screened and moderated like an edit of the story: it is public whenever the story is.
    """

    MAX_LENGTH = 5000

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="updates")
    body = models.TextField()
    body_html = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    # When followers and repliers were told; empty while the story waits for review.
    announced_at = models.DateTimeField(null=True, blank=True)
    # The compose form's one-time token: a double submit finds the first update.
    submit_token = models.CharField(max_length=64, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["story", "created_at"], name="story_update_thread")]

    def __str__(self):
        return f"Update {self.pk} to story {self.story_id}"


class ReaderMark(models.Model):
    """What an account keeps privately about a story: following it, or having saved it.

    Never shown to anyone else, never counted in public: a story has no follower count.
    """

    class Kind(models.TextChoices):
        FOLLOW = "follow", _("Following")
        SAVE = "save", _("Saved")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "story", "kind"], name="reader_mark_once"),
            models.CheckConstraint(
                condition=Q(kind__in=["follow", "save"]), name="reader_mark_kind_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["story", "kind"], name="reader_mark_story"),
            models.Index(fields=["user", "kind", "-created_at"], name="reader_mark_user"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} story {self.story_id}"


class ManageLinkHandoff(models.Model):
    """A guest's new manage link, between the POST that made it and the page that shows it.

    The session keeps only a random key; this row keeps the link XOR a pad derived from that
    key, so neither the session table nor this one alone holds the link. The row is deleted on
    first view and is useless after forum.handoff.HANDOFF_TTL.
    """

    key_digest = models.CharField(max_length=64, unique=True)
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="+")
    sealed = models.CharField(max_length=256)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return f"Manage-link handoff ({self.created_at:%Y-%m-%d %H:%M})"


class UnsubscribeToken(models.Model):
    """The hash of the random token in one e-mail's unsubscribe link (the token is never stored).

    It can only switch e-mails off for its account, and only until ``expires_at``.
    """

    token_digest = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"Unsubscribe token (until {self.expires_at:%Y-%m-%d})"

"""A queue a new moderator can work from the first minute of a demo (``seed_demo``).

About thirty items, all written through the real services so the screening, intake rules and
log behave as on a live site: pending stories and replies from guests and new accounts, one
held by a watched word, one with crisis language, published posts flagged with reasons (one
"someone may be in danger"), a reply marked by the tone check, and a removal its author has
appealed (decided by a demo moderator, so the person trying the demo can judge the appeal).
"""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.models import MODERATORS_GROUP
from forum.demo.phrases import generate_reply, generate_story
from forum.models import Reply, Story, Theme
from forum.services.replies import refresh_reply_stats, reply_post
from forum.services.stories import story_submit

from . import items, watchwords
from .appeals import appeal_file
from .models import ActionKind, Flag, FlagReason, ModerationAction, SavedReason, WatchedWord
from .services import item_remove
from .states import Attention, State

DEMO_MODERATOR = "demo-moderator"
NEW_ACCOUNT = "demo-newcomer-"

WATCHED = [
    ("our street", WatchedWord.Action.HOLD, "Often the start of an address."),
    ("pathetic", WatchedWord.Action.FLAG, "Usually unkind when it is about someone."),
]
SAVED_REASONS = [
    (
        "Identifying details",
        "Your post named a real person or place, which could identify you or them. You are "
        "welcome to share it again without those details.",
    ),
    (
        "Unkind reply",
        "Replies here are for support. Yours judged the writer; please write again with care.",
    ),
    ("Spam", "This looked like advertising, which is not allowed here."),
]
FLAG_NOTES = {
    FlagReason.UNSUPPORTIVE: "This tells the writer they are overreacting.",
    FlagReason.IDENTIFYING: "It names the town and the shop where they work.",
    FlagReason.SPAM: "A link to a coaching site at the end.",
    FlagReason.OTHER: "I think this was posted twice.",
}
CRISIS_TEXT = (
    "Lately the silence at home feels heavier than ever. Some nights I don't want to be here "
    "anymore, and I have not told anyone that until now."
)
HELD_TEXT = (
    "Everyone on our street thinks we are the happy couple. At home we pass each other like "
    "strangers, and I have stopped trying to start a conversation."
)
UNKIND_REPLY = "Honestly this is pathetic, you should just leave and stop complaining."
DANGER_REPLY = (
    "I know exactly how that feels. Tonight I am thinking about ending it, I can't do this."
)


def _accounts(count: int):
    """Demo accounts too new to be trusted: their posts wait for a moderator."""
    User = get_user_model()
    users = []
    for i in range(count):
        user, _ = User.objects.get_or_create(
            username=f"{NEW_ACCOUNT}{i:02d}", defaults={"password": "!"}
        )
        users.append(user)
    return users


def _flaggers(count: int):
    """Established demo accounts whose flags carry weight."""
    User = get_user_model()
    joined = timezone.now() - timedelta(days=400)
    users = []
    for i in range(count):
        user, _ = User.objects.get_or_create(
            username=f"demo-flagger-{i:02d}", defaults={"password": "!", "date_joined": joined}
        )
        users.append(user)
    return users


def _moderator():
    User = get_user_model()
    user, _ = User.objects.get_or_create(
        username=DEMO_MODERATOR,
        defaults={"password": "!", "is_staff": True, "first_name": "Robin (demo)"},
    )
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    user.groups.add(group)
    return user


def _story(rng, themes, *, user, body=None):
    draft = generate_story(rng)
    return story_submit(
        user=user,
        title=draft["title"],
        body=body or draft["body"],
        themes=[themes[s] for s in draft["themes"] if s in themes] or list(themes.values())[:1],
        content_note=draft["content_note"],
        answer_mode=draft["answer_mode"],
    ).story


def _flag(item, reporter, reason, note=""):
    Flag.objects.get_or_create(
        **items.lookup(item),
        reporter=reporter,
        defaults={"reason": reason, "note": note or FLAG_NOTES.get(reason, "")},
    )


@transaction.atomic
def seed_queue(*, seed: int = 1, log=print) -> int:
    """Add the demo queue; returns how many items wait in it afterwards."""
    from .queue import queue_size

    rng = random.Random(seed + 13)
    for phrase, action, note in WATCHED:
        WatchedWord.objects.get_or_create(phrase=phrase, defaults={"action": action, "note": note})
    watchwords.invalidate()
    for title, text in SAVED_REASONS:
        SavedReason.objects.get_or_create(title=title, defaults={"text": text})
    themes = {t.slug: t for t in Theme.objects.all()}
    newcomers, flaggers, moderator = _accounts(6), _flaggers(6), _moderator()

    # Pending: stories from guests and new accounts, one held by a watched word, one in crisis.
    for i in range(8):
        _story(rng, themes, user=None if i % 2 else newcomers[i % len(newcomers)])
    _story(rng, themes, user=newcomers[1], body=HELD_TEXT)
    _story(rng, themes, user=newcomers[0], body=CRISIS_TEXT)

    published = list(Story.objects.published().order_by("-published_at")[:40])
    if not published:
        published = [_story(rng, themes, user=None)]
    # Pending replies, one of them unkind (flagged by a watched word), on stories that take
    # replies: some demo stories have replies off.
    open_stories = list(Story.objects.accepting_replies().order_by("-published_at")[:40])
    for i in range(7 if open_stories else 0):
        story = open_stories[i % len(open_stories)]
        body = generate_reply(rng, answer_mode=story.answer_mode)
        reply_post(story=story, user=newcomers[(i + 1) % len(newcomers)], body=body)
    if open_stories:
        reply_post(story=open_stories[0], user=newcomers[2], body=UNKIND_REPLY)

    # Flagged published posts, with the reasons readers gave.
    reasons = [FlagReason.UNSUPPORTIVE, FlagReason.IDENTIFYING, FlagReason.SPAM, FlagReason.OTHER]
    for i, story in enumerate(published[8:14]):
        for reporter in flaggers[: 1 + i % 3]:
            _flag(story, reporter, reasons[i % len(reasons)])
    replies = list(Reply.objects.published().filter(story__in=published[:10])[:6])
    for i, reply in enumerate(replies):
        _flag(reply, flaggers[i % len(flaggers)], reasons[(i + 1) % len(reasons)])
    # "Someone may be in danger": a published reply with crisis words, flagged as such, on a
    # story that takes replies (the newest published ones may have replies off).
    if open_stories:
        danger, _created = reply_post(
            story=open_stories[1 % len(open_stories)], user=flaggers[0], body=DANGER_REPLY
        )
        Reply.objects.filter(pk=danger.pk).update(
            state=State.PUBLISHED,
            attention=Attention.CRISIS,
            review_reason="",
            published_at=timezone.now(),
        )
        refresh_reply_stats(danger.story_id)
        _flag(danger, flaggers[1], FlagReason.DANGER, "They say they are thinking of ending it.")
    # The tone check marked a published reply for a second look.
    if len(replies) > 1:
        Reply.objects.filter(pk=replies[-1].pk).update(attention=Attention.TONE)

    # A removal, decided by the demo moderator, appealed by its author.
    removed = _story(rng, themes, user=newcomers[3])
    Story.objects.filter(pk=removed.pk).update(state=State.PUBLISHED, review_reason="")
    removed.refresh_from_db()
    item_remove(item=removed, moderator=moderator, reason=SAVED_REASONS[0][1])
    decision = ModerationAction.objects.filter(story=removed, action=ActionKind.REMOVE).first()
    appeal_file(
        decision=decision,
        user=newcomers[3],
        note="There is no real name in it: the town is made up. Please look again.",
    )
    size = queue_size()
    log(f"Moderation demo: {size} items waiting, 1 appeal, {len(WATCHED)} watched words.")
    return size

# ruff: noqa: E501  (the banks hold one sentence per line; wrapping prose hurts review)
"""Phrase banks and generators for calm, varied demo stories and replies.

Everything is assembled from sentence banks written for Unspoken, with a few
substitutions per story (who the partner is, how long, since when), so twenty
thousand stories read as many voices rather than one. Generators draw only from
the `random.Random` they are given: the same seed always yields the same text.

Banks are one sentence per line. Slots in braces are filled per story or reply:
{partner}/{Partner} ("my wife"), pronouns {he}/{He}/{him}/{his}/{His}, verb
agreement {was}/{has}/{is}/{doesnt}, and {years}/{Years}, {since}, {kids},
{chore}, {screen}, {evening}, {place}, {friend}, {helper}. Slot values never
contain braces, so one `format_map` per sentence fills everything.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Sequence
from typing import NamedTuple

THEME_SLUGS = (
    "subtle-signs",
    "how-it-affects-us",
    "why-it-goes-unspoken",
    "childhood-and-emotional-blueprints",
    "what-emotional-presence-looks-like",
    "reconnecting",
    "when-one-partner-doesnt-see-it",
    "finding-support",
    "hope-and-healing",
)

ANSWER_MODES = ("listen", "advice", "off")

CONTENT_NOTES = (
    "childhood neglect",
    "divorce",
    "infidelity",
    "emotional abuse",
    "grief",
    "mentions self-harm",
)

TITLE_MAX = 120
BODY_MAX = 20_000
REPLY_MAX = 5_000


def _bank(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


# --- Substitutions -----------------------------------------------------------------

# (partner, he, him, his, was, has, is, doesnt), with a weight.
_PARTNERS = (
    (("my husband", "he", "him", "his", "was", "has", "is", "doesn't"), 30),
    (("my wife", "she", "her", "her", "was", "has", "is", "doesn't"), 20),
    (("my partner", "they", "them", "their", "were", "have", "are", "don't"), 16),
    (("my partner", "he", "him", "his", "was", "has", "is", "doesn't"), 5),
    (("my partner", "she", "her", "her", "was", "has", "is", "doesn't"), 5),
    (("my girlfriend", "she", "her", "her", "was", "has", "is", "doesn't"), 10),
    (("my boyfriend", "he", "him", "his", "was", "has", "is", "doesn't"), 10),
    (("my fiancé", "he", "him", "his", "was", "has", "is", "doesn't"), 2),
    (("my fiancée", "she", "her", "her", "was", "has", "is", "doesn't"), 2),
)
_PARTNER_PROFILES = tuple(profile for profile, _ in _PARTNERS)
_PARTNER_CUM_WEIGHTS = tuple(
    sum(weight for _, weight in _PARTNERS[: i + 1]) for i in range(len(_PARTNERS))
)

_YEARS = _bank("""
    two years
    three years
    four years
    five years
    six years
    seven years
    eight years
    nine years
    eleven years
    twelve years
    fourteen years
    sixteen years
    nineteen years
    twenty-two years
    twenty-six years
    thirty-one years
    almost a decade
    nearly twenty years
    a little over a year
    most of my adult life
""")

_SINCE = _bank("""
    since the baby came
    since our second child was born
    since we moved across the country
    since we bought the house
    since I went back to work
    since the kids started school
    since the wedding
    since my mother got sick
    since the pandemic
    since the business started struggling
    since we lost the pregnancy
    since the night shifts started
    since the kids left home
    since we moved in together
    since the promotion
    since the surgery
""")

_KIDS = _bank("""
    the kids
    our daughter
    our son
    the twins
    the baby
    our two boys
    my stepdaughter
    the girls
""")

_CHORES = _bank("""
    the bills
    the school run
    groceries
    the car insurance
    dinner plans
    the mortgage
    dentist appointments
    the dog's vet visits
    the shared calendar
    the recycling schedule
    the heating bill
    weekend logistics
    pickup times
    the leaking tap
    the budget spreadsheet
""")

_SCREENS = _bank("""
    phone
    laptop
    tablet
    work email
    messages
    inbox
    game
    news feed
""")

_EVENINGS = _bank("""
    in the evenings
    at dinner
    on Sunday afternoons
    after bedtime
    on the drive home
    right before sleep
    on weekends
    in the mornings
""")

_PLACES = _bank("""
    on the couch
    at the kitchen table
    in the car
    on the back porch
    in a restaurant booth
    in the same bed
    on the sofa we picked out together
    at the breakfast counter
""")

_FRIENDS = _bank("""
    my sister
    a friend from work
    my best friend
    my brother
    an old college roommate
    my neighbor
    my cousin
    a woman from my book club
""")

_HELPERS = _bank("""
    a therapist
    a couples counselor
    a counselor through my work
    an online therapist
    a support group
    our family doctor
    a marriage and family therapist
""")


def _context(rng: random.Random) -> dict[str, str]:
    """Pick one person's circumstances; every slot a bank sentence may use."""
    partner, he, him, his, was, has, is_, doesnt = rng.choices(
        _PARTNER_PROFILES, cum_weights=_PARTNER_CUM_WEIGHTS
    )[0]
    years = rng.choice(_YEARS)
    since = rng.choice(_SINCE)
    return {
        "partner": partner,
        "Partner": partner[0].upper() + partner[1:],
        "he": he,
        "He": he.capitalize(),
        "him": him,
        "his": his,
        "His": his.capitalize(),
        "was": was,
        "has": has,
        "is": is_,
        "doesnt": doesnt,
        "years": years,
        "Years": years[0].upper() + years[1:],
        "since": since,
        "Since": since[0].upper() + since[1:],
        "kids": rng.choice(_KIDS),
        "chore": rng.choice(_CHORES),
        "screen": rng.choice(_SCREENS),
        "evening": rng.choice(_EVENINGS),
        "place": rng.choice(_PLACES),
        "friend": rng.choice(_FRIENDS),
        "helper": rng.choice(_HELPERS),
    }


# --- Theme banks -------------------------------------------------------------------


class ThemeBank(NamedTuple):
    titles: tuple[str, ...]
    openings: tuple[str, ...]
    middles: tuple[str, ...]
    closings: tuple[str, ...]
    list_kind: str


THEME_BANKS: dict[str, ThemeBank] = {
    "subtle-signs": ThemeBank(
        titles=_bank("""
            We only talk about {chore} now
            Lonely {place}
            No fights, and no warmth either
            {Years} of polite conversation
            The quiet crept in without announcing itself
            When did we stop asking each other questions?
            Small things I didn't notice until now
            Everything looks fine from the outside
            Side by side and miles apart
            Is this just what {years} together looks like?
        """),
        openings=_bank("""
            Nothing dramatic happened, which is partly why it took me so long to notice.
            I keep thinking about how ordinary our evenings look from the outside.
            If you had asked me a year ago, I would have said we were fine.
            It started so quietly that I can't point to a single day when it began.
            {Partner} and I have been together {years}, and I only recently realized how little we actually say to each other.
            Last night I counted the sentences we exchanged after dinner, and there were four.
            Our house is calm, and lately the calm has started to feel like silence.
            There was no big betrayal and no slammed doors, just a slow fading that I almost missed.
        """),
        middles=_bank("""
            Most of what we say to each other is about {chore}.
            We sit {place} {evening}, each of us looking at a different screen.
            {Partner} scrolled through {his} {screen} while I talked about my day, and I stopped halfway through.
            We haven't argued in months, and I used to think that was a good sign.
            I realized I save my real news for {friend} instead of telling {partner}.
            When I cried in the bathroom last week, nobody noticed I was gone.
            We say "love you" at the door the way you might say "see you later" to a coworker.
            I can't remember the last time {he} asked me a question and waited for the whole answer.
            Our conversations have become a list of logistics: who is buying milk, who is calling the plumber, when the car is due for service.
            There is no cruelty in our house, only a kind of politeness that makes me feel like a guest.
            I feel lonely even when we are sitting side by side.
            The silence at dinner used to feel comfortable, and now it feels heavy.
            I've started rehearsing what I want to say, then deciding it isn't worth the effort.
            Weekends pass without a single conversation that isn't about {kids} or {chore}.
            When something good happens at work, I don't think to tell {him} anymore.
            We still laugh sometimes, but usually at the television, not with each other.
            {Partner} is kind to me in every practical way, and I still feel unseen.
            I noticed I stopped reaching for {his} hand, and {he} didn't seem to notice either.
            The spontaneity is gone, and every evening looks like the one before it.
            I miss being curious about each other more than I miss anything else.
            It is strange to feel lonely in a house where nobody is ever really alone.
            We have become very good at running a household together and very bad at being close.
            Even our texts are just confirmations: "ok", "done", "on my way".
            {Partner} goes to bed early and I stay up late, and somewhere along the way that became the routine.
            I brought up a memory from our first trip together and {he} barely looked up.
            The warmth didn't leave all at once; it thinned out year by year.
            I catch myself feeling relieved when {he} {has} to work late, and that scares me a little.
        """),
        closings=_bank("""
            I don't know yet what to do with this, but naming it feels like a start.
            Writing it down makes it feel more real than it did this morning.
            Maybe none of this sounds like much, but it has been weighing on me.
            I wanted to put words to it before I talked myself out of it again.
            I'm curious whether the small signs looked like this for anyone else.
        """),
        list_kind="signs",
    ),
    "how-it-affects-us": ThemeBank(
        titles=_bank("""
            I've started to believe I'm too needy
            Roommates who share a mortgage
            What the quiet has done to me
            Feeling invisible at home
            The loneliness nobody can see
            I stopped asking for things
            We feel more like coworkers than partners
            When closeness turns into coexistence
            Lonely in a full house
        """),
        openings=_bank("""
            I didn't expect the quiet to change how I see myself, but it has.
            Over {years} the distance between us has worked its way into everything.
            The hardest part is not the silence itself but what I've started to believe because of it.
            I used to be a person who laughed easily, and lately I barely recognize myself.
            {Since}, we have been living more like roommates than a couple.
            I want to describe what this has been doing to me, because I think I've been minimizing it.
        """),
        middles=_bank("""
            I've started wondering whether I'm simply too much for anyone to love.
            Intimacy has become something we schedule around, if it happens at all.
            Small misunderstandings turn into days of careful avoidance.
            I notice I shrink my needs before I even say them out loud.
            When I do ask for closeness, I apologize for asking.
            We divide the chores fairly and share almost nothing else.
            The loneliness follows me to work, into the car, into conversations with friends.
            I feel a low, steady sadness that I can't explain to anyone who visits our home.
            {Partner} seems to be pulling further away, and I think {he} {doesnt} know how to come back either.
            My sleep has gotten worse, and I lie awake replaying conversations that never happened.
            I have become very good at pretending I'm fine.
            Sometimes resentment rises over tiny things, and I know it's really about something bigger.
            I worry about what we are teaching {kids} about love.
            Friends describe us as the steady couple, and I don't know how to tell them otherwise.
            Some days I feel unlovable, even though I know that thought isn't fair to me.
            The silence makes every small disappointment louder.
            I stopped sharing my worries because it felt like talking to an empty room.
            I think {partner} feels it too, in {his} own way, but we never say so.
            There are days when I feel more connected to strangers online than to the person beside me.
            My confidence has worn away slowly, the way a shoreline does.
            Being lonely inside a relationship is harder to explain than being alone.
            I've lost the habit of saying what I feel, even with people who would listen.
            We are polite, efficient, and further apart every month.
            When {he} finally does reach for me, I freeze, and then I feel guilty for freezing.
            I eat dinner faster than I used to, just to get through the quiet.
            I've noticed I get irritable with everyone, not just at home, and I think this is why.
        """),
        closings=_bank("""
            I'm tired of feeling like a visitor in my own life.
            I guess I'm writing this to remind myself that what I feel is real.
            If this sounds familiar, I'd be glad to know I'm not the only one.
            I don't want to stay this lonely forever.
        """),
        list_kind="signs",
    ),
    "why-it-goes-unspoken": ThemeBank(
        titles=_bank("""
            Nothing is wrong, so why do I feel this way?
            How do you complain about an absence?
            I keep telling myself it's just stress
            The elephant in our living room
            Too ashamed to say it out loud
            There's nothing to point to
            Everyone thinks we're fine
            A busy season that has lasted {years}
        """),
        openings=_bank("""
            I've tried to explain this to {friend} twice, and both times I ended up saying it was nothing.
            Every time I start to bring it up, I can't find anything concrete to point to.
            For a long time I blamed work, then the kids, then the weather.
            I've never said any of this out loud, and I'm not sure I could.
            It's hard to describe a problem made entirely of things that don't happen.
            People assume a relationship is in trouble when there's shouting, and there has never been any shouting here.
        """),
        middles=_bank("""
            {Partner} has never done anything I could call wrong, which makes me feel ungrateful for wanting more.
            I tell myself this is just how things are after {years}.
            Whenever I try to bring it up, the words sound petty once they leave my mouth.
            I grew up believing you don't complain when the bills are paid and nobody is unkind.
            It feels selfish to be unhappy when, on paper, everything is good.
            We both pretend the distance is stress, and the pretending has become its own habit.
            I'm embarrassed to admit how long I've felt this way.
            I worry that naming it will make it real, and then I'll have to do something about it.
            When friends complain about their partners, I stay quiet, because mine gives me nothing to complain about.
            The silence is so ordinary now that I'm not sure {partner} would even recognize it as a problem.
            I've written this post three times and deleted it twice.
            It's easy to call it personality differences and move on.
            Part of me is afraid that if I say I'm lonely, {he} will hear it as an accusation.
            We are both very good at changing the subject.
            Nobody in my life would guess anything is off, and I have worked hard to keep it that way.
            The hardest thing to explain is that nothing happened, and that nothing is the problem.
            I keep waiting for a clear reason to speak up, and it never comes.
            Saying it out loud feels like breaking an agreement we never actually made.
            I used to think loneliness needed a villain; it turns out it doesn't.
            Maybe I went quiet too, and maybe that is part of why it never gets named.
            If I'm honest, I've been the one who withdraws, and I never had words for why.
            Shame is a big part of it: I feel like I should be able to handle this on my own.
        """),
        closings=_bank("""
            This is the first time I have written it down anywhere.
            Thank you for reading something I haven't been able to say to anyone I know.
            I think I needed a place where this doesn't sound like complaining.
            Maybe putting it here is my first step toward saying it at home.
        """),
        list_kind="questions",
    ),
    "childhood-and-emotional-blueprints": ThemeBank(
        titles=_bank("""
            Growing up in a house where nobody named feelings
            I learned silence at my parents' table
            My family's way of loving was fixing things
            Repeating what I swore I wouldn't
            Feelings were something you kept to yourself
            The blueprint I didn't know I had
            Both of us came from quiet homes
            What my childhood taught me about closeness
        """),
        openings=_bank("""
            In the house I grew up in, nobody ever asked how anyone was feeling.
            My parents were good people who never once talked about their feelings in front of us.
            I only recently started connecting the way I am with {partner} to the way my family was.
            When I was a kid, being upset meant being sent to my room until I could be pleasant again.
            My mother showed love by cooking and my father showed it by fixing the car, and neither of them said much.
        """),
        middles=_bank("""
            Crying at home was treated like bad weather: something to wait out, never discussed.
            I learned early that the safest thing to do with a feeling was to keep it small.
            {Partner} grew up in a family where everyone was busy and nobody checked in, and I can see it in {him} now.
            When {partner} is upset, my first instinct is to solve something practical, because that is what I saw growing up.
            I don't think my parents neglected us on purpose; I think nobody ever showed them another way.
            As a teenager I was praised for being low-maintenance, and I've been low-maintenance ever since.
            I can name what I think easily, but naming what I feel still takes me a long time.
            Neither of us had a model for what it looks like to comfort someone.
            My father would leave the room whenever anyone got emotional, and I catch myself doing the same.
            It's strange to realize the silence in my relationship has a family history.
            I remember the drive home after my grandmother's funeral, when nobody said a word the whole way.
            I was the kid who handled things alone, and I ended up with someone who lets me.
            {His} family hugs at holidays and never talks about anything real, and to {him} that is normal.
            I'm trying to notice when I go numb, because that was how I got through being a quiet kid.
            When I started reading about emotional blueprints, I recognized my childhood on every page.
            I don't want {kids} to grow up thinking love means never talking about how you feel.
            My family was never cruel, just absent in the ways that mattered most.
            I still flinch a little when someone asks me how I'm *really* doing.
            It took me years to understand that not being yelled at is not the same as being cared for.
            Some of what I thought was my personality turned out to be habits I learned to get by.
            We are both doing what our parents did, and neither of us chose it.
        """),
        closings=_bank("""
            I'm trying to unlearn some of it, slowly, and it's harder than I expected.
            I want to be the one who breaks the pattern, even if I don't know how yet.
            Understanding where it came from hasn't fixed anything, but it has made me gentler with myself.
            If you grew up like this too, I'd like to hear how it shows up for you now.
        """),
        list_kind="questions",
    ),
    "what-emotional-presence-looks-like": ThemeBank(
        titles=_bank("""
            What I actually mean when I say I want connection
            It's the small things
            Being listened to without being fixed
            The evening I felt seen again
            Presence, not grand gestures
            I don't need flowers, I need attention
            What being present looks like to me
        """),
        openings=_bank("""
            I've been trying to figure out what I'm actually asking for when I say I want more closeness.
            When I imagine feeling close again, it isn't anything grand.
            {Partner} asked me once what I wanted, and I couldn't answer, so I have been thinking about it.
            Someone asked me what emotional presence would look like in my life, and I've been turning it over for weeks.
        """),
        middles=_bank("""
            I don't need solutions; I need someone to look up when I'm talking.
            Presence, to me, is a question followed by patience for the answer.
            The best moment I had last month was when {partner} put down {his} {screen} and just listened.
            It's being asked how I'm doing, and having the person wait for the real answer.
            I don't want constant attention, just to feel that {he} {is} curious about my inner world.
            Affection doesn't have to be big; a hand on my back in the kitchen would mean a lot.
            When {partner} remembered something I had mentioned days before, I felt more loved than I had in months.
            Being present means noticing when someone has gone quiet and gently asking why.
            I think presence is mostly attention given on purpose, again and again.
            I'd rather have five honest minutes than a whole weekend away spent on our phones.
            The times I've felt closest to {him} were ordinary: a walk, a shared joke, a question that meant something.
            It helps when I'm allowed to be sad without it becoming a problem to solve.
            I want my feelings to be treated as information, not as an inconvenience.
            Validation sounds clinical, but it just means hearing "that makes sense" instead of "you're overreacting".
            I noticed I can be more present too: I don't always ask {him} about {his} day either.
            Emotional safety, for me, is knowing I can bring up something hard without the room going cold.
            Last Tuesday {he} sat with me {place} and asked about my sister, and I almost cried from relief.
            Eye contact over dinner sounds like such a small thing until it's missing for a year.
            Small, steady moments seem to matter more than any anniversary trip.
            When someone listens fully, I can feel my shoulders drop.
        """),
        closings=_bank("""
            I want to learn how to offer this as much as I want to receive it.
            Maybe knowing what I want is the first part of asking for it.
            I'm going to try describing this to {him} this week.
            I'd love to hear what presence looks like in other people's homes.
        """),
        list_kind="helped",
    ),
    "reconnecting": ThemeBank(
        titles=_bank("""
            We tried asking real questions at dinner
            A small step back toward each other
            Relearning how to talk
            The first honest conversation in years
            Ten minutes a night
            Reconnecting after {years} of quiet
            Trying again, slowly
        """),
        openings=_bank("""
            Something small shifted between us this month, and I want to write it down before I forget it.
            After {years} of quiet, we've started trying to talk again.
            We are not fixed, but we have started, and that feels worth sharing.
            A few weeks ago I finally told {partner} I felt lonely, and {he} didn't brush it off.
            I want to share what has been helping us, even though it is early.
        """),
        middles=_bank("""
            We started with one question each night that isn't about logistics.
            The first few evenings were awkward, like talking to someone I used to know well.
            We've been trying to put our phones in a drawer after dinner.
            {Partner} asked me how I was really doing, and this time I told {him} the truth.
            I'm learning to listen without jumping to fix things, which is harder than it sounds.
            We take a short walk once the house is quiet, and some of our best talks have happened there.
            A long hug in the kitchen doesn't solve anything, but it reminds me we are on the same side.
            We agreed to say one thing we appreciated about each other before sleep.
            Some conversations still end in silence, but now it feels more like a pause than a wall.
            I've been trying to share small things again, like a song I liked or something funny from work.
            {Partner} surprised me by bringing up a conversation from a week earlier, which meant {he} had been thinking about it.
            We started therapy together in the spring, and the hour there gives us words we can use at home.
            It helps to remember that reconnecting is something we practice, not something we finish.
            We laughed together for the first time in a long while, over something silly the dog did.
            I'm trying to ask open questions instead of yes-or-no ones.
            We hold hands in the car again, which sounds tiny but isn't.
            Some nights we sit {place} and talk about nothing, and it feels like everything.
            Neither of us is very good at this yet, and that's okay.
            I stopped waiting for {him} to go first and tried reaching out myself.
            We set a standing Sunday coffee where the calendar and {chore} are off limits.
            It turns out both of us had been lonely, and neither had wanted to say it first.
        """),
        closings=_bank("""
            It's slow, but for the first time in a long time, it is moving.
            I'm cautiously hopeful, and I wanted to share that here.
            If you're at the start of this, small steps really do count.
            We have a long way to go, but the door is open again.
        """),
        list_kind="helped",
    ),
    "when-one-partner-doesnt-see-it": ThemeBank(
        titles=_bank("""
            {Partner} thinks everything is fine
            {Partner} says I'm imagining it
            How do you explain loneliness to someone who doesn't feel it?
            Only one of us thinks something is wrong
            I've asked, and nothing changes
            "We're fine," {he} said
            Starving for connection while {he} {doesnt} see it
        """),
        openings=_bank("""
            {Partner} genuinely believes we're happy, and I don't know how to tell {him} otherwise.
            I've tried to explain how I feel three different ways, and each time it seems to slide right off.
            When I told {partner} I felt lonely, {he} looked confused and asked what {he} had done wrong.
            I seem to be the only one in this relationship who notices the distance.
        """),
        middles=_bank("""
            {Partner} points out that {he} never forgets my birthday and always helps with {chore}, and that's true.
            When I say I feel unseen, {he} hears that {he} {is} failing, and the conversation shuts down.
            I've started using "I feel" sentences instead of "you never" ones, and it helps a little.
            I don't think {he} {is} ignoring me on purpose; I think {he} honestly {doesnt} notice.
            {He} asked me for a concrete example, and everything I could think of sounded trivial out loud.
            Every time I bring it up, we end up talking about how tired {he} {is} instead.
            I've wondered whether {he} simply never learned what emotional closeness feels like.
            Some days I think I'm expecting too much, and other days I know I'm not.
            I'm trying to describe what I need rather than listing what {he} {doesnt} do.
            {Partner} agreed to read an article I sent, and then we never talked about it.
            The frustration builds quietly until I snap about something small, and then I'm the problem.
            I'm learning that change on {his} side might be slow, if it comes at all.
            It is lonely to be the only one who sees the distance.
            I keep reminding myself that my needs are reasonable even if they're not understood yet.
            {He} said, "We don't fight, so what's the issue?", and I had no answer that made sense to {him}.
            Hopelessness creeps in when I've asked for the same thing for {years}.
            I don't want to blame {him}; I want {him} to see me.
            I suggested counseling and {he} said it was for couples with real problems.
            Maybe {he} {has} blind spots I can't remove, and I'm trying to accept that without disappearing myself.
            Being patient is one thing; going unheard indefinitely is another.
        """),
        closings=_bank("""
            I'm trying to hold on to what I know I need, even when I'm the only one saying it.
            If you've been the one who saw it first, how did you keep going?
            I don't know if {he} will ever see it, but I'm done pretending I don't.
            Writing this helps me believe I'm not making it up.
        """),
        list_kind="questions",
    ),
    "finding-support": ThemeBank(
        titles=_bank("""
            Finally saw a therapist
            Telling {friend} the truth
            Looking for someone to talk to
            What a support group gave me
            I didn't think I needed help
            First session, mixed feelings
            A little company in the silence
        """),
        openings=_bank("""
            Last month I did something I'd put off for years: I reached out to {helper}.
            I finally told {friend} what home has been like, and it changed more than I expected.
            I read stories here for months before writing one of my own.
            I was skeptical about getting help for something that isn't a crisis.
        """),
        middles=_bank("""
            The first session with {helper} was mostly me crying and apologizing for crying.
            It helped to hear a professional say that emotional neglect is real and not me being dramatic.
            When I told {friend}, the first response was "that sounds so lonely", and I felt understood.
            I found a local group that meets on Thursdays, and hearing other people describe the same quiet helped.
            Reading other people's stories here made me feel less strange.
            {Partner} {doesnt} want to come to therapy, so for now I'm going alone.
            Individual therapy has helped me notice what I need before it turns into resentment.
            I was worried that talking about it outside our home would feel disloyal, and it didn't.
            Journaling in the evenings has become a way to hear myself think.
            My counselor asked what I would say to a friend in my situation, and the answer surprised me.
            I'm learning that asking for support is a skill, and I'm rusty at it.
            A friend recommended a book about emotional neglect, and I underlined half of it.
            We tried an online couples program first, because it felt less intimidating.
            Finding support didn't fix my relationship, but it stopped me from disappearing inside it.
            Having one person who asks how I'm doing has made the silence at home easier to bear.
            It took three tries to find a therapist who felt right, and it was worth the search.
            I'd been treating my loneliness as a secret, and saying it to someone kind made it smaller.
            My doctor was the first person who asked about my mood and actually waited for the answer.
            Cost was a worry, so I started with a sliding-scale clinic near my work.
        """),
        closings=_bank("""
            If you're hesitating, I hope this nudges you a little.
            I'm grateful for spaces like this one, where nobody tells me it's nothing.
            Reaching out was the hardest part, and it's behind me now.
            I'm glad I stopped trying to carry it alone.
        """),
        list_kind="helped",
    ),
    "hope-and-healing": ThemeBank(
        titles=_bank("""
            It doesn't have to stay this way
            A year later, things are different
            Presence, not perfection
            Healing is quieter than I expected
            We found our way back, mostly
            Hope after {years} of silence
            Learning that I'm worth being seen
        """),
        openings=_bank("""
            A year ago I wrote something very different from this.
            I want to share a hopeful story, because I needed to read one when I was struggling.
            Things are not perfect, but they are warmer than they've been in a long time.
            Healing has been slower and quieter than I imagined, and also more real.
        """),
        middles=_bank("""
            The biggest change wasn't a grand gesture; it was {partner} asking me questions again.
            We still have quiet evenings, but now the quiet feels shared instead of empty.
            I've learned that I'm allowed to want closeness and to say so.
            Some days we slip back into old habits, and now we notice it sooner.
            I no longer believe I'm too needy; I believe I was lonely.
            We both had to show up differently, and we're still learning how.
            Therapy gave us a language, and practice gave us the habit.
            I started to trust that {he} wanted to understand me, even when {he} got it wrong.
            What changed most was me: I stopped shrinking my feelings before I shared them.
            There are mornings now when we sit {place} with coffee and talk like we did at the start.
            The distance didn't vanish overnight; it narrowed, one ordinary conversation at a time.
            Even if we hadn't stayed together, I think I would have healed, because I learned to listen to myself.
            I had to grieve the years we lost before I could enjoy what we have now.
            It's hopeful to realize that presence can be learned, even late.
            Sometimes I catch {kids} watching us hug in the kitchen, and I hope it sticks.
            Healing didn't mean never feeling lonely again; it meant knowing what to do when I do.
            Small, steady kindness turned out to be more powerful than any big promise.
            We laugh more now, and the laughter feels like ours again.
            I'm proud of both of us for staying curious about each other.
            Recognizing the problem was the turning point, long before anything got better.
        """),
        closings=_bank("""
            If you're where I was, please know it can change.
            I'm not naive about the hard parts, but I'm hopeful, and I wanted to say so.
            Thank you to everyone here who wrote back when I needed it.
            The silence doesn't have to be the end of the story.
        """),
        list_kind="helped",
    ),
}

_GENERIC_TITLES = _bank("""
    Lonely {place}
    {Years} of talking about {chore}
    {Years} together and still lonely
    Does anyone else feel alone {place}?
    Quiet {since}
    {Partner} and the silence between us
    Is this normal after {years}?
    Writing this down for the first time
    Not a crisis, just a long silence
    Something I can't say at home
    The quiet between us
    Unseen, but not unloved?
    Still here, still hoping
    Lonely {evening}
""")

# Composed titles: a head and a tail, each with its own substitutions.
_TITLE_HEADS = _bank("""
    Lonely
    Quiet
    Unseen
    Still hoping
    Feeling invisible
    Roommates
    Miles apart
    Learning to talk again
    Waiting to be asked
    Talking only about {chore}
    Finally saying it
    A little closer
    Side by side and alone
    Polite and distant
    Tired of the silence
    Starting over
    Still in love and still lonely
    Two strangers at dinner
""")

_TITLE_TAILS = _bank("""
    after {years}
    {since}
    {place}
    {evening}
    with {partner}
    in a quiet house
    for {years}
""")

_TITLE_QUESTIONS = _bank("""
    Does anyone else feel lonely {place}?
    Does anyone else only talk about {chore}?
    Does anyone else feel unseen after {years}?
    Does anyone else miss being asked questions?
    Is it normal to feel this alone {since}?
    Am I asking too much after {years}?
    How do you tell {partner} you feel lonely?
    Where did the warmth go {since}?
""")

_GENERIC_OPENINGS = _bank("""
    I've read a lot of stories here before finally writing my own.
    I'm not sure where to start, so I'll start with last night.
    This is my first post, so please bear with me.
    We have been together {years}, and I'm only now finding words for this.
    {Since}, something between us has gone quiet.
    It's late, and the house is quiet, which seems fitting for what I want to say.
    I don't usually share things like this, even anonymously.
""")

_GENERIC_MIDDLES = _bank("""
    I love {him}, and that's part of what makes this so confusing.
    Some days are better than others.
    I keep going back and forth on whether I'm overthinking this.
    {Since}, our conversations have gotten shorter and shorter.
    We've been together {years}, and I can feel how much has gone unsaid.
    I don't want to make {partner} sound like a bad person, because {he} {is} not.
    There's a particular kind of silence that settles over a house after {years}.
    I notice it most {evening}.
    It is a lonely feeling, and I suspect it's more common than people admit.
    I've stopped expecting things to change on their own.
    Some of this is probably mine to work on, too.
    I keep a note on my phone of things I want to tell {him}, and most of them stay there.
""")

_TIMELINE = _bank("""
    When we met, we talked for hours about everything.
    Our first apartment was tiny, and we spent most evenings talking.
    Then life got fuller, and our conversations got shorter.
    {Since}, the routines took over.
    For a while I told myself it was temporary.
    Around the fifth year, I noticed I had stopped telling {him} about my day.
    Last winter was the loneliest stretch so far.
    This spring, something finally had to give.
    A few months ago, I started writing things down.
    Looking back, the signs were there long before I saw them.
    Now I'm somewhere in the middle of figuring it out.
""")

# (introduction, quotes it can introduce)
_QUOTES = (
    (
        "{Partner} said something last week that I keep coming back to:",
        _bank("""
            I don't know what you want from me. We're fine.
            I didn't realize you felt that alone.
            I thought you were happy with how things are.
            I miss us too, I just don't know how to say it.
        """),
    ),
    (
        "My therapist said this to me, and I wrote it on a sticky note:",
        _bank("""
            Being quiet isn't the same as being at peace.
            You're allowed to need more than the bare minimum.
            Loneliness in a relationship is information, not a failure.
            Presence is a practice, not a personality trait.
        """),
    ),
    (
        "The sentence I keep not saying out loud is this:",
        _bank("""
            I miss us, and I don't know where we went.
            I feel alone when you're right here.
            I want you to ask me how I am and wait for the answer.
        """),
    ),
)

_LISTS = {
    "signs": (
        "A few things I've noticed lately:",
        _bank("""
            We only text about {chore}
            Dinner happens in front of the TV
            Neither of us asks follow-up questions
            I save good news for {friend}
            Weekends go by without a real conversation
            I feel relieved when the house is empty
            We haven't said anything unkind, or anything tender, in weeks
        """),
    ),
    "helped": (
        "What has helped so far:",
        _bank("""
            Ten minutes without phones after dinner
            Saying one appreciation before sleep
            Seeing {helper} every other week
            Writing down what I feel before I bring it up
            Walks once the house is quiet
            Asking "how are you, really?" and waiting
            Reading stories here on hard nights
        """),
    ),
    "questions": (
        "Questions I'm sitting with:",
        _bank("""
            When did we stop being curious about each other?
            Is it fair to want more than this?
            What did I learn about love as a kid?
            What would feeling seen actually look like?
            Am I waiting for permission to say it?
        """),
    ),
}

_MODE_CLOSINGS = {
    "listen": _bank("""
        I'm not really looking for advice right now; I just needed to say this somewhere.
        Mostly I want to be heard.
        No need to fix anything, I just wanted someone to know.
        Thank you for reading.
    """),
    "advice": _bank("""
        If you've been here, what helped you?
        I'd welcome any advice, especially from people who have been on either side of this.
        How did you start the conversation with your partner?
        Any thoughts on where to begin would mean a lot.
    """),
    "off": _bank("""
        I've turned replies off; I needed to write this down more than I needed answers.
        Replies are off for now, but thank you for reading.
    """),
}

_NOTE_SENTENCES = {
    "childhood neglect": _bank("""
        As a child I was left alone for long stretches, and nobody ever asked how I was coping.
        I often made my own dinners and put myself to bed as a kid, and I learned not to ask for much.
    """),
    "divorce": _bank("""
        We've started talking about divorce, calmly, which somehow makes it sadder.
        My first marriage ended in divorce for similar reasons, and I'm scared of repeating it.
    """),
    "infidelity": _bank("""
        Last year I found out {partner} had been having an emotional affair with a coworker.
        A few years ago I had an affair, and I think it grew out of this same loneliness, which is not an excuse.
    """),
    "emotional abuse": _bank("""
        There were years when {partner} went silent for days as a punishment, and I walked on eggshells the whole time.
        My previous relationship involved a lot of belittling, and I'm still learning what kindness feels like.
    """),
    "grief": _bank("""
        My father died last spring, and {partner} never once asked me how I was handling it.
        We lost a pregnancy two years ago, and we never really talked about it.
    """),
    "mentions self-harm": _bank("""
        During the worst stretch I had thoughts of hurting myself; I'm safe now and talking with a professional.
        There was a time when I hurt myself to cope with the numbness, and I'm getting support for that now.
    """),
}

# The search demo's rare word: appears only here, in about one story in two hundred.
_RARE_SENTENCES = _bank("""
    There's a lighthouse near where we used to spend summers, and I keep thinking about how it stays steady whether anyone looks at it or not.
    On our honeymoon we climbed a lighthouse together, and I remember thinking we would always talk like that.
    My therapist compared reconnecting to sailing toward a lighthouse: you don't arrive in one go, you keep steering toward the light.
""")
RARE_WORD = "lighthouse"
RARE_WORD_RATE = 0.005


# --- Reply banks -------------------------------------------------------------------

_REPLY_OPENERS = _bank("""
    Thank you for sharing this.
    I'm so glad you wrote this down.
    Reading this, I felt less alone.
    This really resonated with me.
    What you're describing makes complete sense.
    Your feelings are valid, and I'm sorry you've been carrying this.
    I hear you.
    Sending you a lot of warmth tonight.
    Thank you for putting words to something so many of us feel.
    I'm sorry it has been so lonely.
    It takes courage to name something this quiet.
    I read this twice; it sounds so familiar.
    You described this so clearly.
    This is not nothing, and you're not making it up.
    I'm really glad you posted.
    This one hit close to home.
    What a tender and honest post.
    Your story stayed with me all morning.
""")

_REPLY_ME_TOO = _bank("""
    I was with {partner} for {years} and felt exactly this way.
    {Since}, I've felt that same quiet settle over our home.
    My house felt like this for a long time: polite, efficient, and lonely.
    I also grew up in a family where nobody talked about feelings, so I recognize a lot here.
    I used to save all my real news for {friend}, too.
    For years I told myself it was just a busy season.
    I was the partner who went quiet in my relationship, and reading this helps me understand what it felt like on the other side.
    {Partner} and I went through something very similar after {years} together.
    I remember those evenings {place}, both of us on our phones, feeling miles apart.
    When I finally said "I feel lonely" out loud, I cried for an hour.
    I struggled to explain it too, because nothing was technically wrong.
    Our conversations shrank down to {chore} as well.
    I know that feeling of being lonely while sitting right next to someone.
    I spent a long time wondering if I was too needy, and I wasn't, and I don't think you are either.
    Me too, almost word for word.
    It took me {years} to admit to myself how lonely I was.
""")

_REPLY_VALIDATION = _bank("""
    Wanting to feel seen is not asking too much.
    Loneliness inside a relationship is real, even when there's no obvious reason for it.
    The absence of conflict isn't the same as closeness.
    It makes sense that this has worn you down.
    You don't need a dramatic reason to feel what you feel.
    Naming it, the way you have here, is a real step.
    It sounds like you've been patient for a long time.
    Your needs sound reasonable and human.
    It's okay to grieve the closeness you used to have.
    Feeling hurt by silence is a very understandable reaction.
    I can hear how much you care, even through the tiredness.
    Nothing about this sounds petty to me.
    Silence can hurt as much as harsh words, just more slowly.
""")

_REPLY_QUESTIONS = _bank("""
    What do you miss most about how things used to feel?
    How are you taking care of yourself in the middle of all this?
    Is there anyone in your life you feel you can talk to about it?
    What does a good day look like for you right now?
    When do you feel most like yourself these days?
    What would feeling seen look like for you, in a small everyday moment?
    How has it felt to write this down?
    Have there been any moments lately, even small ones, where you felt close?
    What do you think you need most right now?
    How are you feeling after sharing this?
""")

_REPLY_ADVICE_INTROS = _bank("""
    Since you asked for advice, a couple of thoughts:
    If it's useful, here's what helped me:
    Only take what fits:
    For what it's worth, from someone a few steps down a similar road:
""")

_REPLY_ADVICE = _bank("""
    What helped us was setting aside ten minutes after dinner with no phones and no logistics.
    It might help to describe how you feel rather than what your partner isn't doing; it made {partner} much less defensive.
    If it's possible, a couples counselor could give you both a shared language for this.
    Individual therapy helped me get clear on what I needed before I tried to explain it at home.
    One small thing that worked for us: each of us asking one open question a day and listening to the whole answer.
    Writing a letter helped me say things I couldn't get out in person.
    You could try starting with something you appreciate before bringing up what's missing.
    Try to pick a calm moment to talk, not the end of a long day.
    A book about emotional neglect helped me understand my own patterns, and it might be worth a look.
    If your partner is reluctant about therapy, going on your own first can still change a lot.
    I think you should give yourself permission to ask for what you need, plainly and without apology.
    It helped me to take one small step at a time rather than trying to fix everything in one conversation.
    If it feels safe, you should consider showing your partner what you wrote here.
    A support group might help; hearing others describe the same silence was a relief for me.
    Be patient with yourself if the first conversations feel clumsy; ours did too.
""")

_REPLY_LISTEN_EXTRAS = _bank("""
    No advice from me, just company.
    I'm just here to say I read every word.
    I won't try to fix anything; I only wanted you to know someone heard this.
""")

_REPLY_CLOSINGS = _bank("""
    You're not alone in this.
    Sending you warmth.
    Thinking of you.
    Take good care of yourself.
    I'm rooting for you.
    Thank you again for sharing.
    Wishing you gentle days ahead.
    You deserve to feel seen.
    I hope you find some calm this week.
    Holding space for you here.
""")

_SHORT_REPLIES = _REPLY_OPENERS + _REPLY_CLOSINGS + _REPLY_VALIDATION


# --- Generators --------------------------------------------------------------------


class _Decks:
    """Draw sentences without repeats, reshuffling a bank only once it runs out."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._decks: dict[int, list[str]] = {}

    def draw(self, bank: Sequence[str]) -> str:
        deck = self._decks.get(id(bank))
        if not deck:
            deck = list(bank)
            self._rng.shuffle(deck)
            self._decks[id(bank)] = deck
        return deck.pop()


def _fill(template: str, ctx: dict[str, str]) -> str:
    return template.format_map(ctx)


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def _title(rng: random.Random, primary: str, ctx: dict[str, str]) -> str:
    roll = rng.random()
    if roll < 0.4:
        template = rng.choice(THEME_BANKS[primary].titles)
    elif roll < 0.55:
        template = rng.choice(_GENERIC_TITLES)
    elif roll < 0.7:
        template = rng.choice(_TITLE_QUESTIONS)
    else:
        template = f"{rng.choice(_TITLE_HEADS)} {rng.choice(_TITLE_TAILS)}"
    return _capitalize(_fill(template, ctx))[:TITLE_MAX]


def _paragraph_count(rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.12:
        return 1  # a short note
    if roll < 0.95:
        return rng.randint(2, 6)
    if roll < 0.995:
        return rng.randint(8, 24)  # a long, winding story
    return rng.randint(60, 120)  # runs until the length budget stops it


def _body(
    rng: random.Random,
    themes: list[str],
    ctx: dict[str, str],
    content_note: str,
    answer_mode: str,
    decks: _Decks,
) -> str:
    primary = themes[0]
    banks = [THEME_BANKS[slug] for slug in themes]
    count = _paragraph_count(rng)

    def middle(theme_index: int | None = None) -> str:
        if theme_index is None:
            roll = rng.random()
            if roll < 0.12:
                return _fill(decks.draw(_GENERIC_MIDDLES), ctx)
            theme_index = 0 if roll < 0.55 else rng.randrange(len(banks))
        return _fill(decks.draw(banks[theme_index].middles), ctx)

    themed_opening = rng.random() < 0.8
    opening_bank = banks[0].openings if themed_opening else _GENERIC_OPENINGS
    first = [_fill(decks.draw(opening_bank), ctx)]
    # Every chosen theme speaks at least once, early, so short stories match their tags.
    first.extend(middle(index) for index in range(1 if themed_opening else 0, len(banks)))
    if count > 1:
        first.extend(middle() for _ in range(rng.randint(1, 4)))
    elif len(banks) == 1:
        first.extend(middle() for _ in range(rng.randint(0, 2)))
    paragraphs = [" ".join(first)]

    extras = []
    if content_note:
        extras.append(_fill(rng.choice(_NOTE_SENTENCES[content_note]), ctx))
    if rng.random() < RARE_WORD_RATE:
        extras.append(rng.choice(_RARE_SENTENCES))

    long_story = count > 6
    budget = BODY_MAX - 1_000
    length = len(paragraphs[0])
    for _ in range(count - 1):
        sentences = [middle() for _ in range(rng.randint(2, 5))]
        if long_story and rng.random() < 0.4:
            sentences.insert(0, _fill(decks.draw(_TIMELINE), ctx))
        paragraph = " ".join(sentences)
        if length + len(paragraph) > budget:
            break
        paragraphs.append(paragraph)
        length += len(paragraph) + 2

    for sentence in extras:
        target = rng.randrange(len(paragraphs))
        paragraphs[target] = f"{paragraphs[target]} {sentence}"

    if count > 1 and rng.random() < 0.08:
        intro, quotes = rng.choice(_QUOTES)
        position = rng.randint(1, len(paragraphs))
        paragraphs[position:position] = [_fill(intro, ctx), f"> {rng.choice(quotes)}"]
    if count > 1 and rng.random() < 0.07:
        intro, items = _LISTS[banks[0].list_kind]
        chosen = rng.sample(items, rng.randint(3, min(5, len(items))))
        bullet_list = "\n".join(f"- {_fill(item, ctx)}" for item in chosen)
        position = rng.randint(1, len(paragraphs))
        paragraphs[position:position] = [intro, bullet_list]

    ending = []
    if count > 1 or rng.random() < 0.3:
        ending.append(_fill(decks.draw(THEME_BANKS[primary].closings), ctx))
    if rng.random() < 0.5:
        ending.append(rng.choice(_MODE_CLOSINGS[answer_mode]))
    if ending:
        last_is_prose = not paragraphs[-1].startswith(("- ", "> "))
        if not last_is_prose or (count > 2 and rng.random() < 0.7):
            paragraphs.append(" ".join(ending))
        else:
            paragraphs[-1] = f"{paragraphs[-1]} {' '.join(ending)}"
    return "\n\n".join(paragraphs)


def _pick_themes(rng: random.Random) -> list[str]:
    roll = rng.random()
    k = 1 if roll < 0.45 else 2 if roll < 0.85 else 3
    return rng.sample(THEME_SLUGS, k)


def _pick_content_note(rng: random.Random) -> str:
    if rng.random() >= 0.10:
        return ""
    return rng.choices(CONTENT_NOTES, weights=(25, 25, 20, 20, 8, 2))[0]


def _pick_answer_mode(rng: random.Random) -> str:
    roll = rng.random()
    return "listen" if roll < 0.52 else "advice" if roll < 0.95 else "off"


def generate_story(rng: random.Random, *, decks: _Decks | None = None) -> dict:
    """One demo story: title, Markdown body, 1-3 theme slugs, content note, answer mode.

    The body draws its sentences from the banks of the chosen themes (the first
    theme leads), so tags and text agree. ``decks`` shared between stories deal each sentence
    once before any comes round again (``generate_stories``).
    """
    ctx = _context(rng)
    themes = _pick_themes(rng)
    content_note = _pick_content_note(rng)
    answer_mode = _pick_answer_mode(rng)
    return {
        "title": _title(rng, themes[0], ctx),
        "body": _body(rng, themes, ctx, content_note, answer_mode, decks or _Decks(rng)),
        "themes": themes,
        "content_note": content_note,
        "answer_mode": answer_mode,
    }


TITLE_TRIES = 30
# Once most of the last TITLE_WINDOW stories spent all their tries, the title banks are used up
# (after about 3,000 stories): later ones try only TITLE_TRIES_SPENT times. Trying 30 times for
# every one of 20,000 stories took 8 s instead of 5, for 5 % more distinct titles.
TITLE_WINDOW = 200
TITLE_TRIES_SPENT = 10


def generate_stories(rng: random.Random, count: int) -> list[dict]:
    """``count`` demo stories that read as written by different people: sentences are dealt
    from decks shared by all of them, so no sentence (and so no paragraph) comes back until
    its bank is used up, and no two stories share a title while the title banks last."""
    decks = _Decks(rng)
    titles: set[str] = set()
    stories = []
    tries, spent = TITLE_TRIES, deque(maxlen=TITLE_WINDOW)
    for _ in range(count):
        story = generate_story(rng, decks=decks)
        title = story["title"]
        for _ in range(tries):
            if title.casefold() not in titles:
                spent.append(False)
                break
            title = _title(rng, story["themes"][0], _context(rng))
        else:
            spent.append(True)
            if sum(spent) > TITLE_WINDOW // 2:
                tries = TITLE_TRIES_SPENT
        titles.add(title.casefold())
        story["title"] = title
        stories.append(story)
    return stories


def generate_reply(rng: random.Random, *, answer_mode: str) -> str:
    """One kind reply in Markdown; advice appears only when `answer_mode` is "advice".

    "off" is accepted and treated like "listen", so a caller that generates
    replies before checking the story's mode gets gentle text, not an error.
    """
    if answer_mode not in ANSWER_MODES:
        raise ValueError(f"unknown answer_mode {answer_mode!r}; expected one of {ANSWER_MODES}")
    roll = rng.random()
    if roll < 0.15:
        return rng.choice(_SHORT_REPLIES)

    decks = _Decks(rng)
    ctx = _context(rng)
    opening = [rng.choice(_REPLY_OPENERS)]
    if rng.random() < 0.6:
        opening.append(rng.choice(_REPLY_VALIDATION))
    paragraphs = [" ".join(opening)]

    stories = 1 if roll < 0.9 else rng.randint(2, 4)
    for _ in range(stories):
        if rng.random() < 0.75:
            count = rng.randint(1, 3)
            paragraphs.append(" ".join(_fill(decks.draw(_REPLY_ME_TOO), ctx) for _ in range(count)))

    if answer_mode == "advice" and rng.random() < 0.75:
        tips = [_fill(decks.draw(_REPLY_ADVICE), ctx) for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.5:
            tips.insert(0, rng.choice(_REPLY_ADVICE_INTROS))
        paragraphs.append(" ".join(tips))
    elif answer_mode != "advice" and rng.random() < 0.2:
        paragraphs.append(rng.choice(_REPLY_LISTEN_EXTRAS))

    ending = []
    if rng.random() < 0.5:
        ending.append(rng.choice(_REPLY_QUESTIONS))
    if rng.random() < 0.7:
        ending.append(rng.choice(_REPLY_CLOSINGS))
    if ending:
        paragraphs.append(" ".join(ending))
    return "\n\n".join(paragraphs)[:REPLY_MAX]
